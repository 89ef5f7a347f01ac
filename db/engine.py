"""Engines from a URL, the SQLite settings every connection needs, and schema upgrades.

This is the only module that knows how a backend is opened; everything else takes an Engine.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# How long a SQLite writer waits for another writer before giving up, in milliseconds: long
# enough for a 100k-row import by someone else to finish, short enough to report "try again".
SQLITE_BUSY_TIMEOUT_MS = 30_000
# The PostgreSQL advisory lock key that lets one process at a time open a store ("RECR").
OPENING_LOCK = 0x52454352


class StoreUnavailable(Exception):
    """The store could not be reached or opened; the message names the URL, password hidden."""


def safe_url(url: str) -> str:
    """The URL as it may be shown to a person: any password replaced by ***."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("@")[-1] if "@" in url else url


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()
    return text[0] if text else type(orig).__name__


def make_engine(url: str) -> Engine:
    """An engine for `url` with SQLite tuned for one writer and many readers (WAL, foreign keys,
    busy timeout, explicit BEGIN so that writes can take the lock up front)."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreUnavailable(
            f"cannot open the database {safe_url(url)}: not a database URL"
        ) from exc
    try:
        engine = create_engine(parsed, pool_pre_ping=parsed.get_backend_name() != "sqlite")
    except (NoSuchModuleError, ArgumentError, ImportError) as exc:
        raise StoreUnavailable(
            f"cannot open the database {safe_url(url)}: unsupported driver ({_first_line(exc)})"
        ) from exc
    if engine.dialect.name == "sqlite":
        _tune_sqlite(engine)
    return engine


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy, not the driver, decide when a transaction begins (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A writer takes the write lock when it begins, so two writers queue on busy_timeout
        # instead of failing when a read lock cannot be upgraded half-way through.
        immediate = conn.get_execution_options().get("write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction: everything inside commits together or not at all."""
    with engine.connect() as conn:
        conn.execution_options(write=True)
        with conn.begin():
            yield conn


def check_reachable(engine: Engine) -> None:
    """Raise StoreUnavailable with one sentence if the store cannot be opened."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except (DBAPIError, SQLAlchemyError) as exc:
        raise StoreUnavailable(
            f"cannot open the database {safe_url(str(engine.url.render_as_string(False)))}: "
            f"{_first_line(exc)}"
        ) from exc


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


@contextmanager
def opening(engine: Engine) -> Iterator[None]:
    """One process at a time opens (migrates and seeds) the store: processes that start on an
    empty database together wait for the first, then find it migrated and seeded.

    PostgreSQL: a session-level advisory lock on a connection of its own. SQLite: an
    exclusive lock on a file beside the database (its own locks end with each transaction).
    """
    check_reachable(engine)
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.exec_driver_sql(f"SELECT pg_advisory_lock({OPENING_LOCK})")
            conn.commit()
            try:
                yield
            finally:
                conn.exec_driver_sql(f"SELECT pg_advisory_unlock({OPENING_LOCK})")
                conn.commit()
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or database in (None, "", ":memory:"):
        yield
        return
    with open(f"{database}-lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def upgrade(engine: Engine) -> bool:
    """Bring the schema to the latest migration; returns True when the store was empty.
    Callers that seed a fresh store hold `opening` around both."""
    check_reachable(engine)
    cfg = alembic_config()
    try:
        with writing(engine) as conn:
            fresh = not inspect(conn).get_table_names()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except (DBAPIError, SQLAlchemyError) as exc:
        raise StoreUnavailable(
            f"cannot open the database {safe_url(engine.url.render_as_string(False))}: "
            f"{_first_line(exc)}"
        ) from exc
    return fresh
