"""Charts ready to publish: images with their evidence baked in, the data behind them, and the
command-line snapshot. Free of Streamlit, so the app and `python -m recruitment snapshot`
produce the same files.

Modules: `provenance` (footer, citation, CSV of the statements behind a chart), `layout`
(sizes and the published look), `headline` (the overview figure), `charts` (the standard
charts with their titles), `renderer` (one headless browser through kaleido), `snapshot`.
"""

from recruitment.i18n import N_

# The name every page, published chart and citation carries (the app imports it from here);
# published charts and citations in another language carry its translation.
APP_NAME = N_("Recruitment figures")
