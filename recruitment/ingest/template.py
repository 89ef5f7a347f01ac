"""The upload template: the claim columns with one real, filled-in example row, and what each
column means (shown on the Upload page)."""

from __future__ import annotations

import pandas as pd

from recruitment import kinds
from recruitment.ingest.csvio import format_csv
from recruitment.vocab import MEASURES, ORIGINS, QUALIFIERS, VERIFICATIONS

COLUMN_HELP = {
    "series": "Required. The slug of the series the figure belongs to, e.g. contract-ytd.",
    "announced_on": "Required. The day the statement was made: 2023-09-03, 3 September 2023 "
    "or 03.09.2023.",
    "as_of": "The day the figure describes, if not the day it was said. For a period total, "
    "its last day.",
    "period_start": "First day counted. Running counts default to 1 January of the year.",
    "period_end": "Last day counted: only for period totals such as 'in September'.",
    "value": "Required. The number as said: 280000, 280,000, 280 000, 280k or 117,4 тыс.",
    "qualifier": f"How it was said: {', '.join(QUALIFIERS)} (default approx: 'about').",
    "low": "Lower end of a stated range ('1,000 to 1,500'): then value is the lower end too.",
    "high": "Upper end of a stated range; give both low and high or neither.",
    "speaker": "Who said it.",
    "body": "The speaker's organisation.",
    "outlet": "Where it was reported. A url or an outlet is required.",
    "url": "Link to the report (http or https only).",
    "quote": f"The original words, up to {kinds.TEXT_LIMITS['quote']:,} characters.",
    "note": "Anything a reader should know: dates inferred, definitions, doubts.",
    "verification": f"{', '.join(VERIFICATIONS)} (default unverified).",
    "region": "Only for a level series (an amount in force, such as a sign-up payment): the "
    "federal subject, or the country for offers abroad, e.g. Saint Petersburg. Empty for a "
    "federal amount.",
}
EXAMPLE = {
    "series": "contract-ytd", "announced_on": "2023-09-03", "as_of": "2023-09-03",
    "period_start": "2023-01-01", "period_end": "", "value": "280000", "qualifier": "approx",
    "low": "", "high": "", "speaker": "Dmitry Medvedev", "body": "Security Council",
    "outlet": "MENAFN (citing TASS)",
    "url": "https://menafn.com/1106999810/Russian-Armed-Forces-Enlist-280000-Contract-Personnel-In-2023-Medvedev",
    "quote": "about 280,000 persons were enlisted by contracts to ranks of the [Russian] Armed "
    "Forces since January 1",
    "note": "Said on Sakhalin; volunteers are included.", "verification": "unverified",
    "region": "",
}  # fmt: skip


SERIES_HELP = {
    "slug": "Required. Lowercase letters, digits and hyphens, e.g. indep-new-estimate.",
    "name": "Required. The name readers see.",
    "measure": f"Required. {', '.join(MEASURES)}.",
    "unit": "What is counted, e.g. people; for a level series required: RUB, USD, ...",
    "definition": "What exactly the figures count, and how they are made for an estimate.",
    "origin": f"{' or '.join(ORIGINS)} (default official): officials' statements, or "
    "estimates by researchers or intelligence services.",
    "compare_with": "Only for an independent series: the official running count its "
    "estimates are compared with, e.g. contract-ytd.",
    "kind": "For a level series, what the amount is, e.g. one-time regional payment.",
}
SERIES_EXAMPLE = {
    "slug": "indep-new-estimate", "name": "Contracts estimated from a new kind of evidence",
    "measure": "period_total", "unit": "people",
    "definition": "How the estimate is made: the evidence, the period it covers, its caveats.",
    "origin": "independent", "compare_with": "contract-ytd", "kind": "",
}  # fmt: skip
EVENT_HELP = {
    "date": "Required. The day the event happened, or began.",
    "end_date": "The last day of an event that lasted more than a day.",
    "label": "Required. A short name for the event, shown on the charts.",
    "description": "What happened and why it matters for the figures.",
}
TARGET_HELP = {
    "series": "Required. The slug of the series the target is stated in.",
    "period_start": "Required. The first day of the period the target covers.",
    "period_end": "Required. The last day of the period the target covers.",
    "value": "Required. The target as said, in the series' unit.",
    "qualifier": f"How it was said: {', '.join(QUALIFIERS)}.",
    "description": "Who set the target, and what it covers.",
    "outlet": "Where it was reported.",
    "url": "Link to the report.",
}
# The template of each kind that has one: (example row, what each column means).
TEMPLATES = {"claims": (EXAMPLE, COLUMN_HELP), "series": (SERIES_EXAMPLE, SERIES_HELP)}
# What each column of each kind means: the Upload page's help, and the data packages' schemas.
MEANINGS = {"claims": COLUMN_HELP, "series": SERIES_HELP, "events": EVENT_HELP,
            "targets": TARGET_HELP}  # fmt: skip


def template_csv(kind: str = "claims") -> str:
    """The header and the example row, written like every other CSV the project writes."""
    declared = kinds.kind(kind)
    frame = pd.DataFrame([TEMPLATES[kind][0]], columns=list(declared.columns))
    return format_csv(frame, declared.columns, kinds.TEXT_COLUMNS)


def column_help(kind: str = "claims") -> pd.DataFrame:
    meanings = TEMPLATES[kind][1]
    return pd.DataFrame({"column": list(meanings), "meaning": list(meanings.values())})
