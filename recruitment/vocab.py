"""The closed vocabularies (docs/methodology.md, Data model), in one place.

Everything that names a measure, qualifier or verification state imports it from here, so a
new value is added once; what each kind of file holds is declared in recruitment.kinds.
"""

from recruitment.i18n import N_

MEASURES = ("cumulative", "period_total", "daily_rate", "monthly_rate", "level")
RATE_MEASURES = ("daily_rate", "monthly_rate")
# An amount in force from its as_of until the next statement of its series and region (a
# sign-up payment, monthly pay): never differenced, summed or turned into a rate.
LEVEL = "level"
QUALIFIERS = ("exact", "approx", "at_least", "at_most")
DEFAULT_QUALIFIER = "approx"
# Shown in words through tr (a hover in Russian says "не проверено").
VERIFICATIONS = (N_("unverified"), N_("corroborated"), N_("disputed"))
DEFAULT_VERIFICATION = "unverified"
# Who made a series' figures: officials' statements, or estimates by independent researchers.
ORIGINS = ("official", "independent")
DEFAULT_ORIGIN = "official"

# Days per month used for every monthly rate: 365.25 / 12.
DAYS_PER_MONTH = 30.4375

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
