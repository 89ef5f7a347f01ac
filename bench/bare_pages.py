"""One bare Streamlit page per measured page: the same points in plain `st.plotly_chart`s.

A bare page is what the page would cost with nothing of the project's around its charts: no
sidebar filters, no data versions, no export rows, no cards. Its points are taken from the
figures our page draws (every trace's x and y, per chart), so both draw the same points; a
page that shows a table shows the same table. The Trend baseline keeps the sidebar "Speakers"
multiselect, so that a filter change can be timed on both.

A bare page runs under the project's own server settings (.streamlit/config.toml: no full
garbage collection after each run, no "magic"), copied beside its script, so that only the
page differs.

A bare page is opened at the same address as ours. Below the root (/trend), Streamlit's
frontend first looks for its server under that path, gets a 404, and tries the root after a
100 ms pause; every page of a multipage app opened by its own address pays that, so the bare
page is served there too: its script is then the page of a hidden one-page navigation.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from bench.common import PROJECT_ROOT

TREND_PAGE = '''"""A bare page: every running-count statement in one chart, and a speaker filter."""

from pathlib import Path

import pandas as pd
import plotly.express as px
import streamlit as st

HERE = Path(__file__).resolve().parent


@st.cache_data
def load() -> pd.DataFrame:
    return pd.read_parquet(HERE / "points.parquet")


points = load()
speakers = st.sidebar.multiselect("Speakers", sorted(points["speaker"].dropna().unique()))
if speakers:
    points = points[points["speaker"].isin(speakers)]
st.plotly_chart(px.scatter(points, x="as_of", y="value"))
'''

CHARTS_PAGE = '''"""A bare page: the points of each chart of a page, one st.plotly_chart each."""

from pathlib import Path

import pandas as pd
import plotly.express as px
import streamlit as st

HERE = Path(__file__).resolve().parent


@st.cache_data
def load() -> list[pd.DataFrame]:
    return [pd.read_parquet(p) for p in sorted(HERE.glob("chart-*.parquet"))]


@st.cache_data
def table() -> pd.DataFrame | None:
    path = HERE / "table.parquet"
    return pd.read_parquet(path) if path.exists() else None


for i, points in enumerate(load()):
    st.plotly_chart(px.scatter(points, x="x", y="y", color="trace"), key=f"chart-{i}")
if table() is not None:
    st.dataframe(table(), hide_index=True)
'''


AT_ADDRESS = '''"""A bare page served at /{path}, with nothing drawn around it."""

import streamlit as st


def root() -> None:
    """The app's root; the bare page is the one at /{path}."""


st.navigation(
    [st.Page(root, title="root", default=True), st.Page("page.py", url_path="{path}")],
    position="hidden",
).run()
'''


LINES_PAGE = '''"""A bare page of {n} one-line texts: what a page of that many elements costs."""

import streamlit as st

for i in range({n}):
    st.caption(f"line {{i}}")
'''


def _write_script(folder: Path, page: str, path: str) -> Path:
    """The script to run for a bare page whose code is `page`, opened at /`path`, with the
    project's server settings beside it (the server reads them from its working folder)."""
    settings = folder / ".streamlit"
    settings.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PROJECT_ROOT / ".streamlit" / "config.toml", settings / "config.toml")
    if not path:
        script = folder / "bare_page.py"
        script.write_text(page, encoding="utf-8")
        return script
    (folder / "page.py").write_text(page, encoding="utf-8")
    script = folder / "bare_page.py"
    script.write_text(AT_ADDRESS.format(path=path), encoding="utf-8")
    return script


def write_trend_page(folder: Path, claims: pd.DataFrame, path: str = "") -> Path:
    """The Trend baseline and its data (the running-count statements) in `folder`, served at
    /`path`."""
    folder.mkdir(parents=True, exist_ok=True)
    cumulative = claims[claims["measure"] == "cumulative"]
    cumulative[["as_of", "value", "speaker"]].to_parquet(folder / "points.parquet")
    return _write_script(folder, TREND_PAGE, path)


def write_lines_page(folder: Path, n: int) -> Path:
    """A page of `n` one-line texts and nothing else, served at the root."""
    folder.mkdir(parents=True, exist_ok=True)
    return _write_script(folder, LINES_PAGE.format(n=n), "")


def figure_points(figure: go.Figure) -> pd.DataFrame:
    """Every (x, y) point of every trace of `figure`, with the trace's number."""
    parts = []
    for i, trace in enumerate(figure.data):
        x, y = getattr(trace, "x", None), getattr(trace, "y", None)
        if x is None or y is None:
            continue
        parts.append(pd.DataFrame({"x": list(x), "y": list(y), "trace": str(i)}))
    points = pd.concat(parts, ignore_index=True)
    if points["x"].dtype == object:  # dates and texts mixed across traces: keep them as text
        points["x"] = points["x"].astype(str)
    points["y"] = pd.to_numeric(points["y"], errors="coerce")
    return points


def write_charts_page(
    folder: Path, figures: list[go.Figure], table: pd.DataFrame | None = None, path: str = ""
) -> Path:
    """A baseline drawing the points of `figures` (and showing `table`) in `folder`, served
    at /`path`."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, figure in enumerate(figures):
        figure_points(figure).to_parquet(folder / f"chart-{i:03d}.parquet")
    if table is not None:
        table.astype({c: str for c in table.columns if table[c].dtype == object}).to_parquet(
            folder / "table.parquet"
        )
    return _write_script(folder, CHARTS_PAGE, path)
