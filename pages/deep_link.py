"""The workaround for deep links to a page, in one place.

Streamlit treats an app with a `pages/` folder as an old-style multipage app until app.py has
called `st.navigation` once in the server process (and `streamlit.testing` starts every run
that way): a deep link such as /sources would then run the page script alone, without the
page list, the page settings or the sidebar filters. Every page calls `ensure_app()` first.
In that mode Streamlit finds a page by its file name, so each page file is named as its
address (`pages/monthly-rates.py` for /monthly-rates): a deep link to a file it cannot find
would show "Page not found" before app.py takes over.
"""

from __future__ import annotations

import runpy

import streamlit as st

from recruitment.settings import PROJECT_ROOT


def ensure_app() -> None:
    """Make sure the page runs inside app.py: if Streamlit ran the page script alone, run
    app.py now, in this same run, so that it registers the pages and runs this one with the
    URL, its filters and any button press intact; then stop the bare run."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        runpy.run_path(str(PROJECT_ROOT / "app.py"), run_name="__main__")
        st.stop()
