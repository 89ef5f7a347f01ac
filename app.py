"""Entry point: page settings, the one list of pages, and the shared sidebar filters."""

from pathlib import Path

import streamlit as st

from pages import common

# The icon is a file of the app's own: a Material icon here would make every reader's browser
# fetch it from a font host on the internet.
ICON = str(Path(__file__).resolve().parent / "pages" / "icon.png")
st.set_page_config(page_title=common.APP_NAME, page_icon=ICON, layout="wide")

# The single list of pages. url_path values are part of shared links and tests: keep them.
PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:",
            url_path="overview", default=True),
    st.Page("pages/trend.py", title="Trend", icon=":material/show_chart:", url_path="trend"),
    st.Page("pages/monthly-rates.py", title="Monthly rates", icon=":material/speed:",
            url_path="monthly-rates"),
    st.Page("pages/official-vs-independent.py", title="Official vs independent",
            icon=":material/compare_arrows:", url_path="official-vs-independent"),
    st.Page("pages/incentives.py", title="Incentives", icon=":material/payments:",
            url_path="incentives"),
    st.Page("pages/sources.py", title="Sources", icon=":material/menu_book:",
            url_path="sources"),
    st.Page("pages/upload.py", title="Upload", icon=":material/upload_file:", url_path="upload"),
    st.Page("pages/report.py", title="Report", icon=":material/print:", url_path="report"),
    st.Page("pages/methodology.py", title="Methodology", icon=":material/functions:",
            url_path="methodology"),
]  # fmt: skip

page = st.navigation(PAGES)
# The one read of the data version (or the one a permalink pins); one clear message if it fails.
common.begin_run(page.url_path)
common.render_version_banner()
if not common.snapshot().claims.empty:
    common.render_filters()
common.render_version_choice()
st.sidebar.caption(f"{common.APP_NAME} · official figures, not independently verified")
page.run()
