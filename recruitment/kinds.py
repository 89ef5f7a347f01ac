"""What each kind of file is: one declaration per kind, read by the checks, the importer, the
exports, the template and the Upload page.

The byte-identical round trip (export, import into an empty store, export again) holds because
all of them read the same columns, types, keys and orders from here. A new kind of data is
declared here once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Closed vocabularies: normalised and checked, not free text (recruitment.vocab).
CLOSED_COLUMNS = ("qualifier", "verification", "measure", "origin")
# The longest text each column keeps, in characters: the same on every backend, checked before
# the database sees a row (docs/methodology.md, Limits). A longer cell is refused, never cut.
TEXT_LIMITS = {
    "series": 100, "slug": 100, "compare_with": 100, "name": 300, "unit": 100, "kind": 100,
    "region": 100,
    "definition": 5_000, "speaker": 300, "body": 300, "outlet": 200, "url": 2_000,
    "quote": 10_000, "note": 5_000, "label": 300, "description": 5_000,
}  # fmt: skip
# A source's outlet and link are indexed together; PostgreSQL indexes at most 2,704 bytes of a
# row, so the two together are kept under this many bytes of UTF-8.
SOURCE_KEY_BYTES = 2_400
# Text columns that name other stored rows instead of being stored on the row itself: the
# importer resolves them to ids (a series slug to its series, an outlet and url to a source).
REFERENCE_COLUMNS = ("series", "outlet", "url")


@dataclass(frozen=True)
class Kind:
    """One kind of file and the table its rows go to."""

    name: str  # as the CLI and the Upload page name it
    label: str  # as a person reads it
    table: str  # the table its rows are stored in
    columns: tuple[str, ...]  # the upload and export columns, in order
    required: tuple[str, ...]
    dates: tuple[str, ...] = ()
    counts: tuple[str, ...] = ()  # the first is required and int64; the others nullable
    duplicate_key: tuple[str, ...] = ()  # fields that make two rows the same (empty = empty)
    # Fields that join the duplicate key only when given, so that rows without them keep the
    # key (and the identity) they had before the field existed.
    key_when_given: tuple[str, ...] = ()
    export_order: tuple[str, ...] = ()  # exports sort by these, then by every other column
    text: tuple[str, ...] = field(init=False)  # free text: neutralised in every CSV written

    def __post_init__(self) -> None:
        typed = set(self.dates) | set(self.counts) | set(CLOSED_COLUMNS)
        object.__setattr__(self, "text", tuple(c for c in self.columns if c not in typed))

    @property
    def sort_columns(self) -> tuple[str, ...]:
        """Every column, export order first, so that ties never depend on storage order."""
        return self.export_order + tuple(c for c in self.columns if c not in self.export_order)

    @property
    def stored_columns(self) -> tuple[str, ...]:
        """The columns written to the table as they are (references become ids)."""
        return tuple(c for c in self.columns if c not in REFERENCE_COLUMNS)


CLAIMS = Kind(
    name="claims",
    label="statements (claims)",
    table="claim",
    columns=(
        "series", "announced_on", "as_of", "period_start", "period_end", "value", "qualifier",
        "low", "high", "speaker", "body", "outlet", "url", "quote", "note", "verification",
        "region",
    ),
    required=("series", "announced_on", "value"),
    dates=("announced_on", "as_of", "period_start", "period_end"),
    counts=("value", "low", "high"),
    duplicate_key=(
        "series", "announced_on", "as_of", "period_start", "period_end", "value", "qualifier",
        "speaker", "url",
    ),
    key_when_given=("region",),
    export_order=("series", "period_start", "as_of", "announced_on", "speaker", "url"),
)  # fmt: skip
SERIES = Kind(
    name="series",
    label="series",
    table="series",
    columns=("slug", "name", "measure", "unit", "definition", "origin", "compare_with", "kind"),
    required=("slug", "name", "measure"),
    # A known slug with other fields is refused, not a new row: see ingest.importer.
    duplicate_key=(
        "slug",
        "name",
        "measure",
        "unit",
        "definition",
        "origin",
        "compare_with",
        "kind",
    ),
    export_order=("slug",),
)
EVENTS = Kind(
    name="events",
    label="events",
    table="event",
    columns=("date", "end_date", "label", "description"),
    required=("date", "label"),
    dates=("date", "end_date"),
    duplicate_key=("date", "end_date", "label"),
    export_order=("date", "label"),
)
TARGETS = Kind(
    name="targets",
    label="targets",
    table="target",
    columns=(
        "series", "period_start", "period_end", "value", "qualifier", "description", "outlet",
        "url",
    ),
    required=("series", "period_start", "period_end", "value"),
    dates=("period_start", "period_end"),
    counts=("value",),
    duplicate_key=("series", "period_start", "period_end", "value", "qualifier"),
    export_order=("series", "period_start", "period_end"),
)  # fmt: skip

KINDS: dict[str, Kind] = {k.name: k for k in (CLAIMS, SERIES, EVENTS, TARGETS)}
KIND_NAMES = tuple(KINDS)
# Every column that holds free text in any kind, and the rates table's flags: the cells a
# spreadsheet could mistake for a formula.
TEXT_COLUMNS = frozenset({c for k in KINDS.values() for c in k.text} | {"flags"})


def kind(name: str) -> Kind:
    """The declaration of kind `name`, or ValueError naming the kinds there are."""
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"unknown kind {name!r}; use one of {', '.join(KIND_NAMES)}") from None
