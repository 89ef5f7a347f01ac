"""The one place that reads the environment (and Streamlit secrets, for the app).

Every tunable has a documented default so that one analyst on a laptop configures nothing.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
# The default store lives beside the seed data, whatever the working directory is.
DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'recruitment.db'}"
# Largest upload the app accepts, in megabytes: a year of statements is a few hundred kB, so
# 50 MB leaves room for bulk back-fills without letting one upload exhaust memory.
UPLOAD_LIMIT_MB = 50
# Where `make run` serves the dashboard: the start of permalinks made outside the app.
DEFAULT_PUBLIC_URL = "http://localhost:8501"


def database_url(override: str | None = None) -> str:
    """The store's URL: an explicit override, else RECRUITMENT_DATABASE_URL, else data/."""
    return override or os.environ.get("RECRUITMENT_DATABASE_URL") or DEFAULT_DATABASE_URL


def upload_limit_mb() -> int:
    """Upload limit in MB (RECRUITMENT_UPLOAD_LIMIT_MB), used by the app and stated on its page."""
    return int(os.environ.get("RECRUITMENT_UPLOAD_LIMIT_MB", UPLOAD_LIMIT_MB))


SECRETS_FILE = PROJECT_ROOT / ".streamlit" / "secrets.toml"


def editor_password() -> str | None:
    """The editor password (RECRUITMENT_EDITOR_PASSWORD, or the same key in
    .streamlit/secrets.toml); None means editing is off. Never logged or shown."""
    value = os.environ.get("RECRUITMENT_EDITOR_PASSWORD")
    if value is None:
        value = _secrets().get("RECRUITMENT_EDITOR_PASSWORD")
    return value if isinstance(value, str) and value else None


def _secrets() -> dict:
    """.streamlit/secrets.toml as a dict ({} when missing or unreadable)."""
    if not SECRETS_FILE.is_file():
        return {}
    try:
        return tomllib.loads(SECRETS_FILE.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, OSError):
        return {}


def login_configured() -> bool:
    """Whether Streamlit's own login (OpenID Connect) is set up: an [auth] section in
    .streamlit/secrets.toml, as st.login reads it."""
    return isinstance(_secrets().get("auth"), dict)


def editor_emails() -> frozenset[str]:
    """The e-mail addresses allowed to edit after st.login (RECRUITMENT_EDITOR_EMAILS, or the
    same key in secrets.toml; comma-separated), lower-cased."""
    value = os.environ.get("RECRUITMENT_EDITOR_EMAILS") or _secrets().get(
        "RECRUITMENT_EDITOR_EMAILS", ""
    )
    if isinstance(value, list):
        value = ",".join(map(str, value))
    return frozenset(e.strip().lower() for e in str(value).split(",") if e.strip())


def editor_token() -> str | None:
    """The one-time editor token of this server process (RECRUITMENT_EDITOR_TOKEN), set by
    `python -m recruitment serve` when no password or login is configured."""
    return os.environ.get("RECRUITMENT_EDITOR_TOKEN") or None


def public_url() -> str:
    """Where readers open the dashboard (RECRUITMENT_PUBLIC_URL): the start of every permalink
    an image, citation, data package or site page made outside the app carries. The app itself
    uses the address it was opened at."""
    return (os.environ.get("RECRUITMENT_PUBLIC_URL") or DEFAULT_PUBLIC_URL).rstrip("/")


def browser_path() -> str | None:
    """BROWSER_PATH: the Chromium kaleido drives for images (kaleido reads it too); None means
    look for one on PATH."""
    return os.environ.get("BROWSER_PATH") or None


def test_postgres_url() -> str | None:
    """PostgreSQL server for the DB tests (RECRUITMENT_TEST_POSTGRES_URL); None skips them."""
    return os.environ.get("RECRUITMENT_TEST_POSTGRES_URL") or None


def running_in_ci() -> bool:
    """CI sets CI=true; there a missing PostgreSQL fails the tests instead of skipping them."""
    return os.environ.get("CI", "").lower() == "true"
