"""The one front door to the store: what pages and the command line ask of it.

Everything that reads or writes the store goes through `Store`; it is the only module outside
`db/` that imports `db`. It opens (migrates and seeds) the store, reads the data version and a
snapshot of the rows at it, previews and commits imports in one transaction, undoes batches,
exports, and backs up. Database failures leave it as `StoreUnavailable` with one sentence, so
no caller handles SQLAlchemy objects or exceptions.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from db import queries
from db.engine import StoreUnavailable, make_engine, opening, safe_url, upgrade, writing
from recruitment import kinds
from recruitment.auth import WINDOW, LoginHistory
from recruitment.formatting import cut
from recruitment.ingest import exporting, importer
from recruitment.ingest.checks import read_upload
from recruitment.settings import DATA_DIR, database_url
from recruitment.view import Filters, Snapshot, View

__all__ = ["ImportRefused", "Store", "StoreUnavailable", "UnknownVersion"]

ImportRefused = importer.ImportRefused
# Seed files in import order: series first, since claims and targets refer to them.
SEED_FILES = (
    ("series", "series.csv"),
    ("claims", "claims-*.csv"),
    ("targets", "targets.csv"),
    ("events", "events.csv"),
)
SEED_AUTHOR = "seed"
# Concurrent imports that collide on the unique key are re-classified and retried this often.
COMMIT_ATTEMPTS = 3
# The claims columns pages keep in memory: all but the long texts, which are read by claim id
# for the few claims a page shows in full (a hover, a source note, a CSV download).
SHOWN_COLUMNS = tuple(
    c for c in queries.CLAIM_FRAME_COLUMNS if c not in ("quote", "note", "claim_key")
)


class UnknownVersion(ValueError):
    """A data version the store does not have; the message is one sentence for a reader."""


class Store:
    """The store at one URL. Cheap to keep for the life of a process; thread-safe."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @classmethod
    def open(cls, url: str | None = None, *, seed: bool = True) -> Store:
        """The store at `url` (default: settings.database_url), its schema upgraded; a store
        that had no tables is seeded from data/ unless `seed` is False."""
        engine = make_engine(database_url(url))
        store = cls(engine)
        try:
            with opening(engine):
                if upgrade(engine) and seed:
                    store.seed()
        except OSError as exc:  # the lock file beside a SQLite database
            raise StoreUnavailable(
                f"cannot open the database {store.url}: {exc.strerror or exc}"
            ) from exc
        return store

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for tests, benchmarks and migrations that talk to `db`
        themselves; the app and the command line never need it."""
        return self._engine

    @property
    def url(self) -> str:
        """The URL as it may be shown to a person (password hidden)."""
        return safe_url(self._engine.url.render_as_string(hide_password=False))

    def close(self) -> None:
        self._engine.dispose()

    # ------------------------------------------------------------ reads

    def version(self) -> int:
        """The current data version: it grows by one with every import and every undo, and is
        the key of every cached read and the number a citation gives."""
        return self._read(queries.data_version)

    def checked_version(self, version: int | str | None, latest: int | None = None) -> int:
        """`version` as a data version of this store (None or "latest": the current one), or
        UnknownVersion saying which versions there are. `latest`: the current version when
        the caller has just read it."""
        latest = self.version() if latest is None else latest
        if version is None or str(version).strip().lower() == "latest":
            return latest
        text = str(version).strip()
        if not text.isdigit() or text != str(int(text)) or int(text) < 1:
            raise UnknownVersion(
                f"{cut(text, 20)!r} is not a data version: give a whole number from 1 to "
                f"{latest}, or latest"
                if latest
                else f"{cut(text, 20)!r} is not a data version: the store is empty"
            )
        if int(text) > latest:
            raise UnknownVersion(
                f"there is no data version {int(text)} yet: the latest is {latest}"
            )
        return int(text)

    def snapshot(self, version: int | None = None) -> Snapshot:
        """What pages draw from: the store at data `version` (default: the current one),
        the claims without their long texts, compact, and the series, events and targets."""
        return self._snapshot(version, columns=SHOWN_COLUMNS, compact=True)

    def _snapshot(self, version: int | None, **claim_options: object) -> Snapshot:
        """Every kind at data `version` (default: the current one, read in the same
        connection), the claims read with `claim_options`."""
        with self._connect() as conn:
            at = version if version is not None else queries.data_version(conn)
            return Snapshot(
                version=at,
                claims=queries.load_claims(conn, version=at, **claim_options),
                series=queries.load_series(conn, at),
                events=queries.load_events(conn, at),
                targets=queries.load_targets(conn, at),
            )

    def claims(self, ids: Iterable[int] | None = None, version: int | None = None) -> pd.DataFrame:
        """Claims with every column: all of them at data `version` (default: the live ones), or
        those with the given ids (as read at some version, withdrawn since or not)."""
        ids = None if ids is None else list(ids)
        return self._read(queries.load_claims, ids=ids, version=version)

    def quotes(self, ids: np.ndarray) -> np.ndarray:
        """The quotes of the claims `ids`, in that order: hover texts of drawn points."""
        found = self._read(queries.load_claims, ids=ids, columns=("id", "quote"))
        return found.set_index("id")["quote"].reindex(ids).to_numpy(dtype=object)

    def view(self, filters: Filters | None = None, version: int | None = None) -> View:
        """The store at data `version` (default: the current one) under `filters`, every
        column of the claims kept: what the command line computes from."""
        return View(self._snapshot(version), filters or Filters(), quotes=None)

    def revisions(self) -> pd.DataFrame:
        """Every data version, newest first: version, action (import or undo), at, batch_id,
        kind, filename and by whom."""
        return self._read(queries.load_revisions)

    def history(self) -> pd.DataFrame:
        """Import batches, newest first, each with its status ("active" or who undid it)."""
        batches = self._read(queries.load_batches)
        status = [
            "active" if pd.isna(at) else f"undone by {by or '?'}"
            for at, by in zip(batches["undone_at"], batches["undone_by"], strict=True)
        ]
        return batches.assign(status=status)

    def rows(self, kind: str, version: int | None = None) -> pd.DataFrame:
        """Every row of `kind` at data `version` (default: the live ones), as stored."""
        kinds.kind(kind)  # a clear error for an unknown kind
        return self._read(_STORED[kind], version=version)

    def export(self, kind: str, fmt: str = "csv", version: int | None = None) -> str:
        """Every row of `kind` at data `version` (default: the live ones) in the upload format
        (CSV) or as JSON."""
        return exporting.export_text(self.rows(kind, version), kinds.kind(kind), fmt)

    # ------------------------------------------------------------ imports

    def preview(
        self, data: bytes, *, kind: str = "claims", filename: str = "",
        today: dt.date | None = None,
    ) -> importer.Preview:  # fmt: skip
        """Check `data` and classify each valid row as new, duplicate or conflicting; nothing
        is written."""
        if kind not in kinds.KINDS:
            raise ImportRefused(f"unknown kind {kind!r}: use one of {', '.join(kinds.KINDS)}")
        with self._connect() as conn:
            # Read before anything it vouches for: a change after it makes commit classify again.
            version = queries.data_version(conn)
            parsed = read_upload(
                data, kind, series_measures=queries.series_measures(conn),
                today=today or dt.date.today(), series_units=queries.series_units(conn),
            )  # fmt: skip
            stored = _stored_rows(conn, parsed)
        return importer.prepare(parsed, stored, data=data, filename=filename, version=version)

    def commit(
        self, prepared: importer.Preview, *, created_by: str | None = None,
        valid_only: bool = False, progress: importer.Progress | None = None,
    ) -> importer.Outcome:  # fmt: skip
        """Write every new and conflicting row in one transaction, or nothing.

        Rows are classified again inside the transaction when the store changed since the
        preview; a collision with a concurrent import is retried, then refused."""
        why = importer.refusal(prepared, valid_only=valid_only)
        if why:
            raise ImportRefused(why)
        for _ in range(COMMIT_ATTEMPTS):
            try:
                return self._commit_once(prepared, created_by, progress)
            except (IntegrityError, OperationalError):
                continue
            except SQLAlchemyError as exc:
                raise StoreUnavailable(_sentence(exc)) from exc
        raise ImportRefused(
            "another import was writing the same statements at the same moment; nothing was "
            "imported: try again"
        )

    def _commit_once(
        self, prepared: importer.Preview, created_by: str | None,
        progress: importer.Progress | None,
    ) -> importer.Outcome:  # fmt: skip
        kind, rejected = kinds.kind(prepared.kind), prepared.counts["rejected"]
        with writing(self._engine) as conn:
            rows = prepared.rows
            if queries.data_version(conn) != prepared.version:
                rows = importer.classify(prepared.parsed, _stored_rows(conn, prepared.parsed))
            counts = importer.counts(rows, rejected)
            to_write = importer.writable(rows)
            if to_write.empty:
                return importer.Outcome(None, counts)
            batch_id = queries.insert_batch(
                conn, kind=kind.name, filename=prepared.filename or None,
                checksum=prepared.checksum, created_by=created_by, new_rows=counts["new"],
                conflicting_rows=counts["conflicting"], duplicate_rows=counts["duplicate"],
                rejected_rows=rejected,
            )  # fmt: skip
            queries.record_revision(conn, batch_id, "import")
            frame = importer.insertable(
                kind, to_write, batch_id, series_ids=queries.series_ids(conn),
                source_ids=lambda outlets, urls: queries.ensure_sources(conn, outlets, urls),
            )  # fmt: skip
            queries.insert_rows(conn, kind.table, frame, progress)
        return importer.Outcome(batch_id, counts)

    def undo(self, batch_id: int, undone_by: str | None) -> int:
        """Withdraw every row of one batch (kept in history) and record who undid it."""
        with writing(self._engine) as conn:
            found = queries.batch_exists(conn, batch_id)
            if found is None:
                raise ImportRefused(f"there is no batch {batch_id}")
            if found.undone_at is not None:
                raise ImportRefused(
                    f"batch {batch_id} was already undone on {found.undone_at:%Y-%m-%d %H:%M}"
                )
            if queries.live_claims_referencing_series(conn, batch_id):
                raise ImportRefused(
                    f"batch {batch_id} added series that statements of other batches still "
                    "use; undo those batches first"
                )
            return queries.undo_batch(conn, batch_id, undone_by)

    def seed(self, data_dir: Path = DATA_DIR) -> list[int]:
        """Import the shipped data, one undoable batch per file; already stored rows are
        skipped, so seeding twice changes nothing."""
        batches = []
        for kind, path in seed_files(data_dir):
            prepared = self.preview(path.read_bytes(), kind=kind, filename=f"data/{path.name}")
            outcome = self.commit(prepared, created_by=SEED_AUTHOR)
            if outcome.batch_id is not None:
                batches.append(outcome.batch_id)
        return batches

    # ------------------------------------------------------------ editor logins

    def login_history(self, client: str, now: dt.datetime) -> LoginHistory:
        """Recent login attempts of `client` and of everyone (auth.Ledger)."""
        failures, last, everywhere = self._read(queries.login_history, client, now - WINDOW)
        return LoginHistory(failures, last, everywhere)

    def record_login(self, client: str, ok: bool, now: dt.datetime) -> None:
        """Count one login attempt (auth.Ledger)."""
        try:
            with writing(self._engine) as conn:
                queries.record_login(conn, client, ok, now)
        except SQLAlchemyError as exc:
            raise StoreUnavailable(_sentence(exc)) from exc

    # ------------------------------------------------------------ backup

    def backup(self, file: Path) -> None:
        """A consistent copy of a SQLite store in `file`, safe while the app runs."""
        if self._engine.dialect.name != "sqlite":
            raise ImportRefused(
                "backup copies SQLite stores only; for PostgreSQL use pg_dump, for example "
                "`pg_dump --format=custom --file=FILE DBNAME`"
            )
        if file.exists():
            raise ImportRefused(f"{file} already exists; choose a new file name")
        raw = self._engine.raw_connection()
        try:
            target = sqlite3.connect(file)
            try:
                raw.driver_connection.backup(target)
            finally:
                target.close()
        except sqlite3.Error as exc:
            file.unlink(missing_ok=True)
            raise ImportRefused(f"backup to {file} failed: {exc}") from exc
        finally:
            raw.close()

    # ------------------------------------------------------------ plumbing

    def _connect(self) -> _Reading:
        return _Reading(self._engine)

    def _read(self, query, *args, **kwargs):
        """Run one read query on its own connection; database errors as StoreUnavailable."""
        with self._connect() as conn:
            return query(conn, *args, **kwargs)


class _Reading:
    """A read connection whose database errors leave as StoreUnavailable, in one sentence."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._conn: Connection | None = None

    def __enter__(self) -> Connection:
        try:
            self._conn = self._engine.connect()
        except SQLAlchemyError as exc:
            raise StoreUnavailable(_sentence(exc)) from exc
        return self._conn

    def __exit__(self, kind, exc, tb) -> None:
        if self._conn is not None:
            self._conn.close()
        if isinstance(exc, SQLAlchemyError):
            raise StoreUnavailable(_sentence(exc)) from exc


_STORED = {
    "claims": queries.load_claims,
    "series": queries.load_series,
    "events": queries.load_events,
    "targets": queries.load_targets,
}


def _stored_rows(conn: Connection, parsed) -> pd.DataFrame:
    """The stored rows a file's rows are classified against: for claims, those of the series
    the file names; for other kinds, all of them."""
    if parsed.kind == "claims":
        return queries.load_claims(conn, series=parsed.rows["series"].unique().tolist())
    return _STORED[parsed.kind](conn)


def _sentence(exc: BaseException) -> str:
    """The first line of what the database said, without the driver's traceback."""
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return f"the data store stopped answering: {lines[0] if lines else type(orig).__name__}"


def seed_files(data_dir: Path = DATA_DIR) -> list[tuple[str, Path]]:
    """The shipped files in import order, with the kind of each."""
    return [(kind, path) for kind, pattern in SEED_FILES for path in sorted(data_dir.glob(pattern))]
