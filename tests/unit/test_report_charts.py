"""The standard charts: their evidence (claims behind each), subtitles and the overview."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from recruitment.methodology.rates import intervals
from recruitment.methodology.years import year_statements
from recruitment.reporting.alt_text import alt_text
from recruitment.reporting.charts import (
    LEADS,
    MIN_CUT_CHARS,
    SNAPSHOT_CHARTS,
    SUBTITLE_CHARS,
    Chart,
    interval_claims,
    months_chart,
    overview_chart,
    rates_chart,
    series_palette,
    subtitle,
    trend_chart,
    year_over_year_chart,
    year_totals_chart,
)
from recruitment.reporting.edition import Edition
from recruitment.reporting.headline import (
    BAR_WIDTH,
    PROJECTED_NAME,
    TARGET_NAME,
    UNRELIABLE_NAME,
)
from recruitment.view import Filters, Snapshot, View

SERIES = pd.DataFrame(
    {
        "slug": ["contract-ytd", "volunteer-ytd", "contract-pace-daily", "contract-period"],
        "name": ["Contract recruits", "Volunteers", "Stated daily pace", "Contracts in a period"],
        "measure": ["cumulative", "cumulative", "daily_rate", "period_total"],
        "definition": ["Signed contracts since 1 January.", "Joined volunteer units.",
                       "A stated pace per day.", "Contracts in a stated period."],
    }
)  # fmt: skip


@pytest.fixture
def claims(make_claims):
    return make_claims(
        [
            {"value": 117_400, "announced_on": "2023-05-19", "url": "https://a.example/1"},
            {"value": 231_000, "announced_on": "2023-08-03", "qualifier": "at_least",
             "url": "https://a.example/2"},
            {"value": 280_000, "announced_on": "2023-09-03", "qualifier": "approx",
             "url": "https://a.example/3"},
            {"value": 282_000, "announced_on": "2023-09-05", "url": "https://a.example/4"},
            {"series": "volunteer-ytd", "value": 52_000, "announced_on": "2023-06-22",
             "url": "https://b.example/1"},
            {"series": "contract-pace-daily", "measure": "daily_rate", "value": 1_000,
             "announced_on": "2023-09-12", "url": "https://c.example/1"},
            {"series": "contract-period", "measure": "period_total", "value": 50_000,
             "period_start": "2023-09-01", "period_end": "2023-09-30", "announced_on": "2023-10-03",
             "url": "https://d.example/1"},
        ]
    )  # fmt: skip


def test_snapshot_has_the_six_standard_charts_in_order(claims):
    events = pd.DataFrame(columns=["date", "end_date", "label", "description"])
    targets = pd.DataFrame(columns=["series", "period_start", "period_end", "value"])
    snapshot = Snapshot(version=(1,), claims=claims, series=SERIES, events=events, targets=targets)
    charts = View(snapshot, Filters(), quotes=None).standard_charts()

    assert tuple(c.name for c in charts) == SNAPSHOT_CHARTS
    assert SNAPSHOT_CHARTS == (
        "overview",
        "trend",
        "year-over-year",
        "monthly-rates",
        "official-vs-independent",
        "incentives",
    )
    assert all(c.title and c.subtitle.startswith(LEADS[c.name]) for c in charts)


def test_trend_and_year_over_year_carry_every_running_count_statement(claims):
    for chart in (trend_chart(claims, SERIES), year_over_year_chart(claims, SERIES)):
        assert sorted(chart.claims["id"]) == [1, 2, 3, 4, 5]


def test_trend_csv_is_not_thinned_like_the_drawn_markers(make_claims):
    many = make_claims(
        [{"value": 1_000 + i, "announced_on": "2023-06-01", "url": f"https://x.example/{i}"}
         for i in range(30)]
    )  # fmt: skip
    chart = trend_chart(many, SERIES)

    assert len(chart.claims) == 30
    assert chart.build().data  # the builder still runs


def test_rates_chart_carries_interval_end_points_and_stated_paces(claims):
    chart = rates_chart(claims, SERIES)

    assert sorted(chart.claims["id"]) == [1, 2, 3, 4, 5, 6, 7]


def test_min_days_drops_the_statements_of_skipped_points(claims):
    kept = intervals(claims, min_days=40)

    behind = interval_claims(claims, kept)

    assert 3 not in set(behind["id"])  # 31 days after 3 Aug; 5 Sep is kept as the latest
    assert {1, 2, 4}.issubset(set(behind["id"]))


def test_months_chart_carries_no_stated_paces(claims):
    chart = months_chart(claims, SERIES)

    assert 6 not in set(chart.claims["id"])
    assert chart.build().data


def test_subtitle_gives_definitions_of_plotted_series_most_stated_first(claims):
    text = subtitle("trend", claims[claims["measure"] == "cumulative"]["series"], SERIES)

    assert text.startswith(LEADS["trend"])
    assert text.index("Contract recruits: Signed") < text.index("Volunteers: Joined")
    assert "Stated daily pace" not in text


def test_subtitle_stops_before_cutting_a_definition_to_a_few_words():
    long = pd.DataFrame(
        {"slug": ["a", "b"], "name": ["A", "B"], "measure": ["cumulative"] * 2,
         "definition": ["word " * 100, "other " * 100]}
    )  # fmt: skip

    text = subtitle("trend", ["a", "a", "b"], long)

    assert len(text) <= SUBTITLE_CHARS
    assert text.endswith("…")
    assert "B: other" not in text  # no room left for a useful part of it


def test_subtitle_counts_the_room_for_a_definition_without_its_series_name():
    name = "Volunteer-formation recruits since 1 January, as the ministry counts them"
    first = ("word " * 70).strip()
    room = SUBTITLE_CHARS - len(LEADS["trend"]) - len(f"A: {first}") - 2
    long = pd.DataFrame(
        {"slug": ["a", "b"], "name": ["A", name], "measure": ["cumulative"] * 2,
         "definition": [first, "other " * 100]}
    )  # fmt: skip
    assert room - len(f"{name}: ") - 1 < MIN_CUT_CHARS < room  # the case: a long name

    text = subtitle("trend", ["a", "a", "b"], long)

    # The room would hold the name and a word or two of its definition: left to the legend.
    assert "Volunteer-formation" not in text and not text.endswith("…")


def test_subtitle_cuts_a_definition_after_its_last_full_sentence_that_fits():
    sentence = "One sentence of a definition that says something whole. "
    long = pd.DataFrame(
        {"slug": ["a"], "name": ["A"], "measure": ["cumulative"],
         "definition": [sentence * 20]}
    )  # fmt: skip

    text = subtitle("trend", ["a"], long)

    assert len(text) <= SUBTITLE_CHARS and text.endswith("says something whole.")
    # Enough room is left for a sentence: it is not cut short in the middle.
    assert SUBTITLE_CHARS - len(text) < len(sentence)


def test_the_year_totals_text_says_what_was_said_of_each_year_not_a_running_count(make_claims):
    said = make_claims([
        {"value": 452_000, "qualifier": "at_least", "announced_on": "2023-12-01"},
        {"value": 540_000, "qualifier": "at_most", "as_of": "2023-12-31",
         "announced_on": "2024-02-20"},
        {"value": 300_000, "qualifier": "at_least", "as_of": "2023-12-31",
         "announced_on": "2024-06-07"},
        {"value": 450_000, "as_of": "2024-12-31", "period_start": "2024-01-01",
         "announced_on": "2025-01-24"},
    ])  # fmt: skip
    table = year_statements(said)

    text = alt_text(year_totals_chart(said, SERIES, table), {"contract-ytd": "Contracts"})

    assert "2023: 3 statements about its total, from 300,000 to 540,000." in text
    assert "2 changed the figure beyond the wording of the statement before." in text
    assert "The latest, said 7 Jun 2024: more than 300,000." in text
    assert "2024: one statement about its total, said 24 Jan 2025: exactly 450,000." in text
    assert "Contracts: latest" not in text  # not read as one count rising over time


def test_series_palette_gives_running_counts_the_first_colours():
    palette = series_palette(SERIES)

    assert palette["contract-ytd"] == "#0072B2"
    assert palette["volunteer-ytd"] == "#E69F00"
    assert palette["contract-period"] == "#009E73"


def test_overview_bars_are_the_latest_figures_with_projection_and_target(claims, make_targets):
    targets = make_targets([{"period_start": "2023-01-01", "value": 400_000}])

    chart = overview_chart(claims, SERIES, targets)
    fig = chart.build()

    bars = [t for t in fig.data if t.type == "bar" and t.x[0] is not None]  # not the legend key
    assert len(bars) == 1
    assert sorted(bars[0].x) == [52_000, 282_000]
    # Each bar's label (name over the figure as said) sits above it, not in a left margin
    # that would leave a phone's plot a few pixels wide.
    labels = {round(note.y - BAR_WIDTH / 2): note.text for note in fig.layout.annotations}
    top = list(bars[0].y)[list(bars[0].x).index(282_000)]
    assert labels[top].startswith("Contract recruits<br><b>exactly 282,000 as of")
    assert sorted(labels) == sorted(bars[0].y)
    assert fig.layout.yaxis.showticklabels is False and fig.layout.margin.l < 40
    names = {t.name for t in fig.data}
    assert TARGET_NAME in names
    assert PROJECTED_NAME in names or UNRELIABLE_NAME in names
    # The CSV: the statements on each series' latest point.
    assert sorted(chart.claims["id"]) == [4, 5]


def test_overview_without_running_counts_says_so(make_claims):
    paces = make_claims(
        [{"series": "contract-pace-daily", "measure": "daily_rate", "value": 1_000,
          "announced_on": "2023-09-12"}]
    )  # fmt: skip

    chart = overview_chart(paces, SERIES)

    assert chart.claims.empty
    assert "No running-count statements" in chart.build().layout.annotations[0].text


def test_a_shared_chart_writes_its_words_once_for_every_copy_citing_a_version():
    written: list[str] = []
    chart = Chart("trend", "T", "S", pd.DataFrame, go.Figure)

    for version in (1, 1, 2):
        chart.at(Edition(version, f"http://x/trend?version={version}")).worded(
            ("alt",), lambda: written.append("alt") or "text"
        )

    assert written == ["alt"]
    cited = chart.at(Edition(2, "http://x/trend?version=2"))
    assert cited.citation.endswith("Data version 2: http://x/trend?version=2")
