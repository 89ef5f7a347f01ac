"""Editor login: a constant-time password check that slows down the guesser, not the editor.

Wrong passwords are counted per client (a hash of its address) and for the whole store, in the
store, so every app process on one database sees the same counts:

- a client gets FREE_ATTEMPTS wrong passwords in a row, then waits twice as long after each
  further one (up to MAX_DELAY_SECONDS); another client, an editor elsewhere, is not slowed;
- when more than GLOBAL_CEILING wrong passwords came from all clients together within
  WINDOW (many addresses guessing at once), a client with a wrong password in that window
  waits until it leaves the window, while a client without one may still try.

The password itself is never stored or logged; only the comparison's result is kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from typing import Protocol

# Wrong passwords in a row a client may make before it has to wait.
FREE_ATTEMPTS = 3
# The wait doubles with every further failure, up to this many seconds.
MAX_DELAY_SECONDS = 300
# The stretch of time the store-wide count looks back over.
WINDOW = dt.timedelta(minutes=15)
# Wrong passwords from all clients within WINDOW beyond which clients that guessed wrong wait
# out the window: an editor mistypes a few times, a guessing campaign many.
GLOBAL_CEILING = 50


@dataclass(frozen=True)
class LoginHistory:
    """What the store knows of recent attempts, for one client."""

    failures_in_a_row: int  # the client's wrong passwords since its last success
    last_failure: dt.datetime | None
    failures_everywhere: int  # every client's wrong passwords within WINDOW


class Ledger(Protocol):
    """Where attempts are counted: recruitment.service.Store."""

    def login_history(self, client: str, now: dt.datetime) -> LoginHistory: ...

    def record_login(self, client: str, ok: bool, now: dt.datetime) -> None: ...


def client_key(address: object) -> str:
    """The client's address as kept: a hash, so the store holds no addresses. Without an
    address (a test run, some proxies) every client counts as one."""
    text = address if isinstance(address, str) and address else "unknown"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def password_matches(given: str, expected: str) -> bool:
    """Compare in constant time, so response times do not leak the password."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def wait_seconds(history: LoginHistory, now: dt.datetime) -> float:
    """How long the client must wait before its next attempt (0: it may try now)."""
    last = history.last_failure
    if last is None:
        return 0.0
    waits = [0.0]
    if history.failures_in_a_row > FREE_ATTEMPTS:
        delay = min(MAX_DELAY_SECONDS, 2 ** (history.failures_in_a_row - FREE_ATTEMPTS))
        waits.append((last + dt.timedelta(seconds=delay) - now).total_seconds())
    if history.failures_everywhere > GLOBAL_CEILING and now - last < WINDOW:
        waits.append((last + WINDOW - now).total_seconds())
    return max(waits)


def check_password(
    given: str, expected: str, *, client: str, ledger: Ledger, now: dt.datetime | None = None
) -> tuple[bool, str]:
    """(accepted, message) for one login attempt of `client`."""
    now = now or dt.datetime.now(dt.UTC)
    wait = wait_seconds(ledger.login_history(client, now), now)
    if wait > 0:
        return False, f"Too many wrong passwords from here. Try again in {wait:.0f} seconds."
    ok = password_matches(given, expected)
    ledger.record_login(client, ok, now)
    return (True, "") if ok else (False, "Wrong password.")
