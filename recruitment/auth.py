"""Editor login: a constant-time password check that slows down after wrong guesses.

The password itself is never stored or logged; only the comparison's result is kept.
"""

from __future__ import annotations

import hmac
import threading
import time
from dataclasses import dataclass, field

# After this many wrong passwords in a row, each further attempt must wait.
FREE_ATTEMPTS = 3
# The wait doubles with every further failure, up to this many seconds.
MAX_DELAY_SECONDS = 300


def password_matches(given: str, expected: str) -> bool:
    """Compare in constant time, so response times do not leak the password."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


@dataclass
class Throttle:
    """Counts consecutive wrong passwords for the whole server process (not per browser
    session, which an attacker could simply renew) and says how long to wait."""

    failures: int = 0
    blocked_until: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def wait_seconds(self, now: float | None = None) -> float:
        now = time.monotonic() if now is None else now
        return max(0.0, self.blocked_until - now)

    def record(self, success: bool, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            if success:
                self.failures, self.blocked_until = 0, 0.0
                return
            self.failures += 1
            if self.failures > FREE_ATTEMPTS:
                delay = min(MAX_DELAY_SECONDS, 2 ** (self.failures - FREE_ATTEMPTS))
                self.blocked_until = now + delay


def check_password(given: str, expected: str, throttle: Throttle) -> tuple[bool, str]:
    """(accepted, message) for one login attempt."""
    wait = throttle.wait_seconds()
    if wait > 0:
        return False, f"Too many wrong passwords. Try again in {wait:.0f} seconds."
    ok = password_matches(given, expected)
    throttle.record(ok)
    if ok:
        return True, ""
    return False, "Wrong password."
