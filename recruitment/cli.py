"""`python -m recruitment`: a thin click layer over the store's front door (recruitment.service).

Data goes to stdout (or --out); every message goes to stderr. Exit codes (docs/methodology.md,
Command line): 0 done, 1 bad input or refused, 2 usage, 3 database unreachable, 4 no browser
for image export.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path

import click

from recruitment import kinds
from recruitment.figures.themes import THEMES
from recruitment.i18n import LANGUAGES, SOURCE_LANGUAGE
from recruitment.ingest import exporting
from recruitment.methodology.compare import TABLE_COLUMNS as COMPARE_TABLE_COLUMNS
from recruitment.reporting import layout
from recruitment.reporting.edition import Edition, cited, permalink
from recruitment.reporting.package import store_package
from recruitment.reporting.renderer import ImageRenderer, NoBrowser
from recruitment.reporting.site import build_site
from recruitment.reporting.snapshot import SNAPSHOT_FORMATS, write_snapshot
from recruitment.reporting.variants import Variant
from recruitment.service import ImportRefused, Store, StoreUnavailable, UnknownVersion
from recruitment.settings import (
    PROJECT_ROOT,
    database_url,
    editor_password,
    login_configured,
    public_url,
)
from recruitment.view import Filters
from recruitment.vocab import ORIGINS, RATE_COLUMNS, VERIFICATIONS

# The columns of `version --history`.
REVISION_COLUMNS = ("version", "action", "at", "batch_id", "kind", "filename", "by")
EXIT_BAD_INPUT = 1
EXIT_UNREACHABLE = 3
EXIT_NO_BROWSER = 4


def say(message: str) -> None:
    click.echo(message, err=True)


def fail(message: str, code: int = EXIT_BAD_INPUT) -> None:
    say(f"error: {message}")
    sys.exit(code)


class Context:
    """The store is opened on first use, so `--help` works without a database."""

    def __init__(self, url: str | None, seed: bool) -> None:
        self.url = database_url(url)
        self.seed = seed
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            try:
                self._store = Store.open(self.url, seed=self.seed)
            except StoreUnavailable as exc:
                fail(str(exc), EXIT_UNREACHABLE)
            except ImportRefused as exc:  # a broken seed file: say which
                fail(f"seeding the store failed: {exc}")
        return self._store

    def at(self, version: str | None) -> int:
        """The data version asked for with --version (default: the current one), or exit 1
        with one sentence."""
        try:
            return self.store.checked_version(version)
        except UnknownVersion as exc:
            fail(str(exc))


pass_context = click.make_pass_decorator(Context)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db_url", metavar="URL", help="Database URL (default: "
              "RECRUITMENT_DATABASE_URL, else data/recruitment.db in the project).")  # fmt: skip
@click.option("--no-seed", is_flag=True, help="Do not seed a new, empty store from data/.")
@click.pass_context
def main(ctx: click.Context, db_url: str | None, no_seed: bool) -> None:
    """Keep, check and export official recruitment figures."""
    ctx.obj = Context(db_url, seed=not no_seed)


# Reads that can be cited take the data version they read at.
version_option = click.option(
    "--version", "version", metavar="N", default=None,
    help="Read the store as it stood at data version N (default: the current one; "
    "see the version command).",
)  # fmt: skip


def variant_options(command: Callable) -> Callable:
    """--theme and --lang: which version of a published chart to make."""
    command = click.option(
        "--lang", type=click.Choice(list(LANGUAGES)), default=SOURCE_LANGUAGE,
        show_default=True, help="Language of the words, numbers and dates "
        "(files named like trend.ru.png).",
    )(command)  # fmt: skip
    return click.option(
        "--theme", type=click.Choice(THEMES), default="light", show_default=True,
        help="light, or dark for dark pages (files named like trend.dark.png).",
    )(command)  # fmt: skip


def _write(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        out.write_text(text, encoding="utf-8", newline="")
        say(f"wrote {out}")


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", type=click.Choice(kinds.KIND_NAMES), default="claims", show_default=True)
@click.option("--dry-run", is_flag=True, help="Validate and report; write nothing.")
@click.option("--valid-only", is_flag=True, help="Import the valid rows even if some are rejected.")
@click.option("--by", "author", metavar="NAME", help="Who imports (default: your user name).")
@pass_context
def import_command(
    ctx: Context, file: Path, kind: str, dry_run: bool, valid_only: bool, author: str | None
) -> None:
    """Validate FILE, report every rejected or non-new row, then import it as one batch.

    Commits all new and conflicting rows in one transaction, or nothing if any row is
    rejected (unless --valid-only). The last line is `batch N`."""
    store = ctx.store
    try:
        prepared = store.preview(file.read_bytes(), kind=kind, filename=file.name)
    except ImportRefused as exc:
        fail(str(exc))
    if prepared.parsed.encoding_note:
        say(prepared.parsed.encoding_note)
    for _, message in prepared.messages():
        say(message)
    counts = prepared.counts
    say(_counts_line(counts))
    if prepared.parsed.file_level:
        fail("the file was not imported")
    if dry_run:
        sys.exit(EXIT_BAD_INPUT if counts["rejected"] else 0)
    total = counts["new"] + counts["conflicting"]

    def progress(done: int, _total: int) -> None:
        say(f"writing rows: {done:,} of {total:,}")

    try:
        outcome = store.commit(
            prepared, created_by=author or _user(), valid_only=valid_only, progress=progress
        )
    except ImportRefused as exc:
        fail(str(exc))
    if outcome.batch_id is None:
        say("nothing new to import")
        return
    if outcome.counts != counts:
        say("the store changed meanwhile; imported: " + _counts_line(outcome.counts))
    say(f"batch {outcome.batch_id}")


def _counts_line(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {counts[name]}" for name in ("new", "duplicate", "conflicting",
                                                            "rejected"))  # fmt: skip


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "command line"


@main.command()
@click.argument("batch", type=int)
@click.option("--by", "author", metavar="NAME", help="Who undoes (default: your user name).")
@pass_context
def undo(ctx: Context, batch: int, author: str | None) -> None:
    """Withdraw every row of import batch BATCH (kept in history, never deleted)."""
    try:
        count = ctx.store.undo(batch, author or _user())
    except ImportRefused as exc:
        fail(str(exc))
    say(f"withdrew {count} row(s) of batch {batch}")


@main.command()
@click.argument("kind", type=click.Choice(kinds.KIND_NAMES))
@click.option("--format", "fmt", type=click.Choice(exporting.FORMATS), default="csv",
              show_default=True)  # fmt: skip
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE.")
@version_option
@pass_context
def export(ctx: Context, kind: str, fmt: str, out: Path | None, version: str | None) -> None:
    """Export claims, series, events or targets (claims in the upload format)."""
    _write(ctx.store.export(kind, fmt, ctx.at(version)), out)


@main.command("version")
@click.option("--history", is_flag=True, help="List every data version, newest first (CSV).")
@pass_context
def version_command(ctx: Context, history: bool) -> None:
    """Print the current data version: it grows by one with every import and every undo, and
    `--version N` (export, rates, compare, snapshot, publish) reads the store as it stood then."""
    if history:
        revisions = ctx.store.revisions()
        at = revisions["at"].map(lambda t: f"{t:%Y-%m-%d %H:%M:%S}")
        _write(exporting.render(revisions.assign(at=at), REVISION_COLUMNS, "csv"), None)
        return
    click.echo(ctx.store.version())


@main.command()
@click.option("--series", metavar="SLUG", help="Only this series.")
@click.option("--speaker", metavar="NAME", help="Only claims by this speaker.")
@click.option("--year", type=int, metavar="YYYY", help="Only claims whose as_of is in YYYY.")
@click.option("--verification", type=click.Choice(VERIFICATIONS), help="Only this status.")
@click.option("--origin", type=click.Choice(ORIGINS), default="official", show_default=True,
              help="Official statements, or independent estimates.")  # fmt: skip
@click.option("--min-days", type=click.IntRange(min=0), default=0, show_default=True,
              help="Drop points closer than N days to the previous kept one.")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(exporting.FORMATS), default="csv",
              show_default=True)  # fmt: skip
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE.")
@version_option
@pass_context
def rates(
    ctx: Context, series: str | None, speaker: str | None, year: int | None,
    verification: str | None, origin: str, min_days: int, fmt: str, out: Path | None,
    version: str | None,
) -> None:  # fmt: skip
    """Implied monthly rates: one row per interval between consecutive points."""
    filters = Filters(
        series=_one(series), years=_one(year), speakers=_one(speaker),
        verification=_one(verification), origin=_one(origin),
    )  # fmt: skip
    table = ctx.store.view(filters, ctx.at(version)).rates_table(min_days)
    _write(exporting.render(table, RATE_COLUMNS, fmt), out)


def _one(value: str | int | None) -> tuple:
    """A single filter value as a selection (none: everything)."""
    return () if value is None else (value,)


@main.command()
@click.option("--series", metavar="SLUG", help="Only estimates of this independent series.")
@click.option("--year", type=int, metavar="YYYY", help="Only claims whose as_of is in YYYY.")
@click.option("--format", "fmt", type=click.Choice(exporting.FORMATS), default="csv",
              show_default=True)  # fmt: skip
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE.")
@version_option
@pass_context
def compare(
    ctx: Context, series: str | None, year: int | None, fmt: str, out: Path | None,
    version: str | None,
) -> None:  # fmt: skip
    """Official figures beside independent estimates: one row per estimate with an official
    figure over the same period (or, for a pace, the interval holding its date), and the
    ratio official / estimate with its range."""
    table = ctx.store.view(Filters(years=_one(year)), ctx.at(version)).comparison_table()
    if series is not None:
        table = table[table["series"] == series]
    _write(exporting.render(table, COMPARE_TABLE_COLUMNS, fmt), out)


@main.command()
@click.option("--out", "out_dir", required=True, metavar="DIR",
              type=click.Path(path_type=Path),
              help="Folder for the images and data packages (created if needed).")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(SNAPSHOT_FORMATS), default="png",
              show_default=True, help="An image format, or html for interactive embeds "
              "(with plotly.min.js beside them).")  # fmt: skip
@click.option("--size", default=layout.DEFAULT_SIZE, show_default=True, metavar="SIZE",
              help="social (1200x675), report (1600x900) or a width in pixels (16:9). "
              "PNG is drawn at twice this size.")  # fmt: skip
@variant_options
@version_option
@pass_context
def snapshot(
    ctx: Context, out_dir: Path, fmt: str, size: str, theme: str, lang: str, version: str | None
) -> None:
    """Write the standard charts (overview, trend, year-over-year, monthly-rates,
    official-vs-independent), ready to publish, into DIR, each with its text alternative
    (.txt) and the data package of the statements behind it (.zip)."""
    try:
        chosen = layout.parse_size(size)
    except ValueError as exc:
        fail(str(exc))
    variant = Variant(theme, lang)
    view = ctx.store.view(version=ctx.at(version))
    chosen_charts = cited(view.standard_charts(), public_url(), view)
    try:
        with contextlib.ExitStack() as stack:
            renderer = None
            if fmt != "html":  # embeds are drawn by the reader's browser
                say(
                    f"starting the browser for {chosen.label} {fmt.upper()} images "
                    f"({variant.label})"
                )
                renderer = stack.enter_context(ImageRenderer())
            written = write_snapshot(
                chosen_charts, out_dir, fmt=fmt, size=chosen, renderer=renderer,
                series=view.snapshot.series, names=view.snapshot.names, variant=variant,
                progress=say,
            )  # fmt: skip
    except NoBrowser as exc:
        fail(f"cannot make images: {exc}.", EXIT_NO_BROWSER)
    except OSError as exc:
        fail(f"cannot write to {out_dir}: {exc.strerror or exc}")
    say(f"wrote {len(written)} files to {out_dir}")


@main.command()
@click.option("--out", "out_dir", required=True, metavar="DIR", type=click.Path(path_type=Path),
              help="Folder for the site (created if needed; files of an earlier build are "
              "replaced).")  # fmt: skip
@variant_options
@version_option
@pass_context
def publish(ctx: Context, out_dir: Path, theme: str, lang: str, version: str | None) -> None:
    """Build a static site of the standard charts into DIR: an index with the headline
    figures, a page per chart (embed, PNG, text alternative, citation, data package), the
    methodology and the sources. Any static host can serve it, to any number of readers."""
    if out_dir.exists() and not out_dir.is_dir():
        fail(f"--out must name a folder, and {out_dir} is a file")
    view = ctx.store.view(version=ctx.at(version))
    say(f"building the site of data version {view.snapshot.version}; starting the browser")
    try:
        with ImageRenderer() as renderer:
            written = build_site(view, out_dir, renderer=renderer, base=public_url(),
                                 variant=Variant(theme, lang), progress=say)  # fmt: skip
    except NoBrowser as exc:
        fail(f"cannot make images: {exc}.", EXIT_NO_BROWSER)
    except OSError as exc:
        fail(f"cannot write to {out_dir}: {exc.strerror or exc}")
    say(f"wrote {len(written)} files to {out_dir}; serve the folder, e.g. "
        f"python -m http.server -d {out_dir}")  # fmt: skip


@main.command()
@click.option("--out", required=True, metavar="FILE.zip", type=click.Path(path_type=Path),
              help="The ZIP file to write (its folder must exist).")  # fmt: skip
@version_option
@pass_context
def package(ctx: Context, out: Path, version: str | None) -> None:
    """Write the whole store as a data package: claims, series, events and targets in the
    upload format, a datapackage.json (Frictionless Data) and a README.md."""
    if out.suffix.lower() != ".zip" or out.is_dir():
        fail(f"--out must name a .zip file, not {out.name!r}")
    snapshot = ctx.store.view(version=ctx.at(version)).snapshot
    edition = Edition(snapshot.version, permalink(public_url(), "sources", snapshot.version))
    data = store_package(snapshot, edition)
    try:
        out.write_bytes(data)
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror or exc}")
    say(f"wrote data version {snapshot.version} to {out}: {len(snapshot.claims):,} claims, "
        f"{len(snapshot.series):,} series, {len(snapshot.events):,} events, "
        f"{len(snapshot.targets):,} targets")  # fmt: skip


@main.command()
@click.option("--port", type=int, default=8501, show_default=True, help="Port to serve on.")
@click.option("--address", default=None, help="Address to listen on (default: Streamlit's).")
@pass_context
def serve(ctx: Context, port: int, address: str | None) -> None:
    """Start the dashboard. With no editor password and no login configured, print a one-time
    editor link, valid while this server runs (the token is new at every start)."""
    ctx.store  # noqa: B018 - open (migrate, seed) the store first, with its clear errors
    env = {"RECRUITMENT_DATABASE_URL": ctx.url}
    if editor_password() is None and not login_configured():
        token = secrets.token_urlsafe(24)
        env["RECRUITMENT_EDITOR_TOKEN"] = token
        say(f"Editors: open http://localhost:{port}/upload?editor={token}")
        say("(the link works until this server stops; reading needs no link)")
    command = [sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "app.py"),
               "--server.port", str(port), "--server.headless", "true",
               "--browser.gatherUsageStats", "false"]  # fmt: skip
    if address:
        command += ["--server.address", address]
    say(f"Serving the dashboard on http://localhost:{port} (Ctrl+C stops it).")
    os.execve(sys.executable, command, {**os.environ, **env})


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_context
def backup(ctx: Context, file: Path) -> None:
    """Copy a SQLite store to FILE consistently, even while the app is running."""
    try:
        ctx.store.backup(file)
    except ImportRefused as exc:
        fail(str(exc))
    say(f"backed up {ctx.store.url} to {file}")


def run() -> None:
    """The command line, with a store that stops answering half-way reported as exit 3."""
    try:
        main(prog_name="python -m recruitment")
    except StoreUnavailable as exc:
        fail(str(exc), EXIT_UNREACHABLE)
