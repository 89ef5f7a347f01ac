"""The closed vocabularies and column orders of DESIGN.md, in one place.

Everything that names a measure, qualifier, verification state or CSV column imports it from
here, so a new value is added once.
"""

MEASURES = ("cumulative", "period_total", "daily_rate", "monthly_rate")
RATE_MEASURES = ("daily_rate", "monthly_rate")
QUALIFIERS = ("exact", "approx", "at_least", "at_most")
DEFAULT_QUALIFIER = "approx"
VERIFICATIONS = ("unverified", "corroborated", "disputed")
DEFAULT_VERIFICATION = "unverified"

# Days per month used for every monthly rate: 365.25 / 12.
DAYS_PER_MONTH = 30.4375
# Longest quote kept; a longer one is refused rather than cut, so nothing is silently lost.
MAX_QUOTE_CHARS = 10_000

CLAIM_COLUMNS = (
    "series",
    "announced_on",
    "as_of",
    "period_start",
    "period_end",
    "value",
    "qualifier",
    "low",
    "high",
    "speaker",
    "body",
    "outlet",
    "url",
    "quote",
    "note",
    "verification",
)
CLAIM_REQUIRED = ("series", "announced_on", "value")
CLAIM_DATE_COLUMNS = ("announced_on", "as_of", "period_start", "period_end")
CLAIM_NUMBER_COLUMNS = ("value", "low", "high")
# Fields that make two rows the same statement (DESIGN.md, "duplicate").
CLAIM_KEY_COLUMNS = (
    "series",
    "announced_on",
    "as_of",
    "period_start",
    "period_end",
    "value",
    "qualifier",
    "speaker",
    "url",
)

SERIES_COLUMNS = ("slug", "name", "measure", "unit", "definition")
EVENT_COLUMNS = ("date", "end_date", "label", "description")
TARGET_COLUMNS = (
    "series",
    "period_start",
    "period_end",
    "value",
    "qualifier",
    "description",
    "outlet",
    "url",
)

RATE_COLUMNS = (
    "series",
    "period_start",
    "from_date",
    "to_date",
    "days",
    "increase",
    "monthly_rate",
    "monthly_rate_low",
    "monthly_rate_high",
    "flags",
)
