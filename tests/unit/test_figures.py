"""Figure builders: behaviour read off the go.Figure objects (recruitment.figures)."""

from __future__ import annotations

from xml.etree import ElementTree

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from recruitment.figures.levels import median_figure, steps_figure
from recruitment.figures.rates import (
    FLAGGED_MONTH_NAME,
    FLAGGED_NAME,
    months_figure,
    off_scale_finding,
    rates_figure,
)
from recruitment.figures.style import (
    PALETTE,
    base_layout,
    date_ticks,
    series_colors,
    wrap_legend_names,
)
from recruitment.figures.trend import (
    ASSUMED_PLOT_HEIGHT_PX,
    CONFLICT_NAME,
    EVENT_ROW_PX,
    SPARK_HEIGHT,
    sparkline,
    sparkline_svg,
    trend_figure,
    year_over_year_figure,
)
from recruitment.formatting import fmt_count
from recruitment.methodology.bounds import with_bounds
from recruitment.methodology.months import monthly_allocation
from recruitment.methodology.paces import stated_paces
from recruitment.methodology.rates import intervals
from recruitment.methodology.rounding import round_half_away

NAMES = {"contract-ytd": "Contract recruits since 1 January", "volunteer-ytd": "Volunteers"}
DAY = pd.Timedelta(days=1)


@pytest.fixture
def two_years(make_claims):
    """contract-ytd across two periods (December 2023, then January 2024) plus volunteers."""
    return make_claims(
        [
            {"value": 117_400, "announced_on": "2023-05-19", "qualifier": "exact"},
            {"value": 231_000, "announced_on": "2023-08-03", "qualifier": "at_least"},
            {"value": 280_000, "announced_on": "2023-09-03", "qualifier": "approx"},
            {"value": 490_000, "announced_on": "2023-12-19", "qualifier": "approx"},
            {"value": 30_000, "announced_on": "2024-01-20", "qualifier": "approx"},
            {"value": 100_000, "announced_on": "2024-04-03", "qualifier": "at_least"},
            {"series": "volunteer-ytd", "value": 52_000, "announced_on": "2023-06-22"},
        ]
    )


def _lines(fig: go.Figure) -> list:
    return [t for t in fig.data if t.mode == "lines" and t.x is not None and len(t.x) > 1]


def _claim_markers(fig: go.Figure) -> list:
    return [t for t in fig.data if t.mode == "markers" and t.customdata is not None]


def _segments(x, y):
    """Runs of consecutive (x, y) of a line trace, split at gaps (None, NaN or NaT)."""
    runs, run = [], []
    for xi, yi in zip(x, y, strict=True):
        if pd.isna(xi) or pd.isna(yi):
            if run:
                runs.append(run)
            run = []
        else:
            run.append((pd.Timestamp(xi), yi))
    if run:
        runs.append(run)
    return runs


# --- trend_figure ----------------------------------------------------------------------------


def test_trend_line_never_joins_december_to_the_next_january(two_years):
    fig = trend_figure(two_years, series_names=NAMES)
    runs = [run for t in _lines(fig) for run in _segments(t.x, t.y)]
    assert len(runs) == 3  # contract-ytd 2023 and 2024, volunteer-ytd 2023
    for run in runs:
        zero_x, zero_y = run[0]
        period_start = zero_x + DAY
        assert zero_y == 0
        assert (period_start.month, period_start.day) == (1, 1)
        assert all(x.year == period_start.year for x, _ in run[1:])


def test_trend_line_runs_through_representative_points_from_the_zero_point(two_years):
    fig = trend_figure(two_years, series_names=NAMES)
    line = next(t for t in _lines(fig) if t.name == NAMES["contract-ytd"])
    runs = _segments(line.x, line.y)
    assert [y for _, y in runs[0]] == [0, 117_400, 231_000, 280_000, 490_000]
    assert runs[0][0][0] == pd.Timestamp("2022-12-31")
    assert [y for _, y in runs[1]] == [0, 30_000, 100_000]


@pytest.mark.parametrize(
    ("value", "qualifier", "low", "high", "minus", "plus"),
    [
        (280_000, "approx", None, None, 5_000, 5_000),
        (231_000, "at_least", None, None, 0, 1_000),
        (50_000, "at_most", None, None, 1_000, 0),
        (117_400, "exact", None, None, 0, 0),
        (1_000, "at_least", 1_000, 1_500, 0, 500),
    ],
)
def test_trend_error_bars_are_the_claims_bounds(
    make_claims, value, qualifier, low, high, minus, plus
):
    claims = make_claims(
        [
            {
                "value": value,
                "qualifier": qualifier,
                "low": low,
                "high": high,
                "announced_on": "2023-09-03",
            }
        ]
    )
    (marker,) = _claim_markers(trend_figure(claims))
    assert marker.error_y.array[0] == plus
    assert marker.error_y.arrayminus[0] == minus
    assert marker.error_y.symmetric is False


def test_trend_error_bars_match_with_bounds_for_every_claim(two_years):
    bounds = with_bounds(two_years).set_index("id")
    for trace in _claim_markers(trend_figure(two_years)):
        for data, y, plus, minus in zip(
            trace.customdata, trace.y, trace.error_y.array, trace.error_y.arrayminus, strict=True
        ):
            claim = bounds.loc[int(data[0])]
            assert y == claim["value"]
            assert y + plus == claim["hi"]
            assert y - minus == claim["lo"]


def test_trend_customdata_starts_with_the_claim_id_of_every_marker(two_years):
    fig = trend_figure(two_years)
    ids = [data[0] for trace in _claim_markers(fig) for data in trace.customdata]
    assert all(isinstance(i, int) for i in ids)
    assert sorted(ids) == sorted(two_years["id"].tolist())


def test_trend_ignores_rate_and_period_total_claims(two_years, make_claims):
    other = make_claims(
        [
            {"id": 90, "series": "pace", "measure": "daily_rate", "value": 1_000,
             "announced_on": "2023-09-12"},
            {"id": 91, "series": "month", "measure": "period_total", "value": 50_000,
             "period_start": "2023-09-01", "period_end": "2023-09-30"},
        ]
    )  # fmt: skip
    fig = trend_figure(pd.concat([two_years, other], ignore_index=True))
    ids = {data[0] for trace in _claim_markers(fig) for data in trace.customdata}
    assert ids.isdisjoint({90, 91})


def test_trend_hover_says_the_value_as_stated_with_provenance(make_claims):
    claims = make_claims(
        [
            {
                "value": 231_000,
                "qualifier": "at_least",
                "as_of": "2023-08-03",
                "announced_on": "2023-08-04",
                "speaker": "Dmitry Medvedev",
                "body": "Security Council",
                "outlet": "A News",
                "url": "https://example.org/x",
                "quote": "more than 231,000",
                "verification": "corroborated",
            }
        ]
    )
    (marker,) = _claim_markers(trend_figure(claims, series_names=NAMES))
    text = " ".join(str(v) for v in marker.customdata[0])
    for expected in (
        "more than 231,000",
        "231,000 to 232,000",
        NAMES["contract-ytd"],
        "Dmitry Medvedev (Security Council)",
        "as of 3 Aug 2023, said 4 Aug 2023",
        "A News",
        "https://example.org/x",
        "corroborated",
    ):
        assert expected in text
    assert "%{customdata[1]}" in marker.hovertemplate


@pytest.mark.parametrize(
    "quote", ["<script>alert(1)</script>", "<b>bold</b> claim", '<a href="http://x">x</a>']
)
def test_trend_hover_escapes_html_in_uploaded_text(make_claims, quote):
    claims = make_claims(
        [
            {
                "value": 10_000,
                "announced_on": "2023-03-01",
                "quote": quote,
                "speaker": "<i>x</i>",
                "outlet": "<b>O</b>",
            }
        ]
    )
    (marker,) = _claim_markers(trend_figure(claims))
    text = " ".join(str(v) for v in marker.customdata[0])
    assert "<script" not in text and "<a " not in text and "<b>O" not in text
    assert "<i>x</i>" not in text
    assert "&lt;" in text


def test_trend_hover_cuts_a_long_quote(make_claims):
    claims = make_claims([{"value": 10_000, "announced_on": "2023-03-01", "quote": "w " * 400}])
    (marker,) = _claim_markers(trend_figure(claims))
    quote = marker.customdata[0][8]
    assert "…" in quote
    assert len(quote.replace("<br>", " ")) < 260


def test_trend_draws_disputed_claims_open_with_a_legend_entry(make_claims):
    claims = make_claims(
        [
            {"value": 100_000, "announced_on": "2023-05-01"},
            {"value": 120_000, "announced_on": "2023-06-01", "verification": "disputed"},
        ]
    )
    fig = trend_figure(claims)
    disputed = [t for t in _claim_markers(fig) if "open" in str(t.marker.symbol)]
    assert [d[0] for t in disputed for d in t.customdata] == [2]
    assert "disputed" in [t.name for t in fig.data if t.showlegend is not False]


def test_trend_legend_has_no_disputed_or_conflict_entries_when_there_are_none(two_years):
    names = [t.name for t in trend_figure(two_years).data]
    assert "disputed" not in names
    assert CONFLICT_NAME not in names


def test_trend_rings_claims_of_a_conflicting_point(make_claims):
    claims = make_claims(
        [
            {"value": 150_000, "announced_on": "2023-06-13"},
            {"value": 156_000, "announced_on": "2023-06-13", "speaker": "Other"},
            {"value": 200_000, "announced_on": "2023-07-13"},
        ]
    )
    fig = trend_figure(claims)
    rings = [t for t in fig.data if t.name == CONFLICT_NAME]
    assert len(rings) == 1
    assert sorted(rings[0].y) == [150_000, 156_000]
    assert rings[0].hoverinfo == "skip"
    flagged = [d for t in _claim_markers(fig) for d in t.customdata if d[9]]
    assert sorted(d[0] for d in flagged) == [1, 2]


def test_trend_one_colour_per_series_shared_by_line_and_markers(two_years):
    fig = trend_figure(two_years, series_names=NAMES)
    colors = series_colors(["contract-ytd", "volunteer-ytd"])
    for trace in fig.data:
        if trace.legendgroup in colors:
            color = trace.line.color if trace.mode == "lines" else trace.marker.color
            assert color == colors[trace.legendgroup]
    legend = [t.name for t in fig.data if t.showlegend is not False]
    assert legend == [NAMES["contract-ytd"], NAMES["volunteer-ytd"]]


def test_trend_draws_only_events_inside_the_data_range(two_years):
    events = pd.DataFrame(
        {
            "date": pd.to_datetime(["2022-09-21", "2023-06-24", "2023-10-01", "2025-03-01"]),
            "end_date": pd.to_datetime([None, "2023-06-24", "2023-10-07", None]),
            "label": ["Mobilisation", "Wagner mutiny", "A week", "Later"],
            "description": ["before", "inside", "a band", "after"],
        }
    )
    fig = trend_figure(two_years, events)
    labels = [a.text for a in fig.layout.annotations]
    assert labels == ["Wagner mutiny", "A week"]
    kinds = sorted(s.type for s in fig.layout.shapes)
    assert kinds == ["line", "rect"]  # a one-day event is a line, a week a band
    line = next(s for s in fig.layout.shapes if s.type == "line")
    assert line.line.dash == "dot"


def test_trend_event_labels_are_escaped_and_sit_above_the_data(two_years):
    events = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-06-24", "2023-06-26"]),
            "end_date": pd.to_datetime([None, None]),
            "label": ["<b>Mutiny</b>", "Next"],
            "description": [None, "<script>x</script>"],
        }
    )
    fig = trend_figure(two_years, events)
    first, second = fig.layout.annotations
    assert first.text == "&lt;b&gt;Mutiny&lt;/b&gt;"
    assert "<script>" not in second.hovertext
    # Close labels are staggered, or on one row read away from each other, never overlapped.
    assert first.yshift != second.yshift or (first.xanchor, second.xanchor) == ("right", "left")
    # The data stay below the rows of labels on a plot of the assumed (smallest) height.
    rows_px = -min(a.yshift for a in fig.layout.annotations) + EVENT_ROW_PX
    top = fig.layout.yaxis.range[1]
    assert two_years["value"].max() < top * (1 - rows_px / ASSUMED_PLOT_HEIGHT_PX)


def test_trend_event_labels_months_apart_take_separate_rows_for_a_phone_width(make_claims):
    """On a plot 300 px wide, three years take about 8 px a month: "Wagner mutiny" (about 100
    px) runs into a label nine months on, so the second label takes the next row."""
    three_years = make_claims(
        [
            {"value": 117_400, "announced_on": "2023-05-19"},
            {"value": 422_704, "announced_on": "2025-12-31", "qualifier": "exact"},
        ]
    )
    events = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-06-24", "2024-03-15"]),
            "end_date": pd.to_datetime([None, "2024-03-17"]),
            "label": ["Wagner mutiny", "Presidential election"],
            "description": [None, None],
        }
    )
    first, second = trend_figure(three_years, events).layout.annotations

    assert (first.yshift, second.yshift) == (0, -EVENT_ROW_PX)


@pytest.mark.parametrize("events", [None, pd.DataFrame(columns=["date", "end_date", "label"])])
def test_trend_without_events_draws_no_annotations(two_years, events):
    fig = trend_figure(two_years, events)
    assert not fig.layout.annotations and not fig.layout.shapes


def test_trend_axes_start_at_zero_with_people_title_and_readable_ticks(two_years):
    fig = trend_figure(two_years)
    assert fig.layout.yaxis.range[0] == 0
    assert fig.layout.yaxis.title.text == "people"
    assert fig.layout.yaxis.tickformat == ",d"
    assert fig.layout.xaxis.tickformat == "%b %Y"
    assert fig.layout.separators == ".,"


def test_trend_thins_markers_with_webgl_above_max_markers_but_keeps_every_line_point(
    make_claims,
):
    days = pd.date_range("2023-01-02", periods=60, freq="3D")
    rows = [{"value": 1_000 * (i + 1), "announced_on": d} for i, d in enumerate(days)]
    rows += [
        {"value": 1_000 * (i + 1), "announced_on": d, "speaker": "Echo"} for i, d in enumerate(days)
    ]
    claims = make_claims(rows)
    fig = trend_figure(claims, max_markers=25)
    markers = _claim_markers(fig)
    assert all(isinstance(t, go.Scattergl) for t in markers)
    assert sum(len(t.customdata) for t in markers) <= 25
    (line,) = _lines(fig)
    assert len([y for y in line.y if y is not None]) == 61  # zero point + 60 dates
    assert any("showing" in a.text for a in fig.layout.annotations)


def test_trend_small_data_uses_svg_markers(two_years):
    assert all(isinstance(t, go.Scatter) for t in trend_figure(two_years).data)


def test_trend_without_cumulative_claims_says_so(make_claims):
    claims = make_claims([{"measure": "daily_rate", "value": 1_000, "announced_on": "2023-01-05"}])
    fig = trend_figure(claims)
    assert not fig.data
    assert "No running-count" in fig.layout.annotations[0].text


# --- year_over_year_figure -------------------------------------------------------------------


def test_year_over_year_puts_each_year_on_a_day_of_year_axis_from_zero(make_claims):
    claims = make_claims(
        [
            {"value": 117_400, "announced_on": "2023-05-19"},
            {"value": 30_000, "announced_on": "2024-01-20", "qualifier": "approx"},
        ]
    )
    fig = year_over_year_figure(claims)
    lines = {t.name: t for t in _lines(fig)}
    assert list(lines) == ["2023", "2024"]
    assert list(lines["2023"].x) == [0, 139]  # 19 May is day 139
    assert list(lines["2023"].y) == [0, 117_400]
    assert list(lines["2024"].x) == [0, 20]
    assert list(fig.layout.xaxis.ticktext)[:3] == ["Jan", "Feb", "Mar"]
    assert fig.layout.xaxis.tickvals[1] == 31


def test_year_over_year_markers_carry_the_representative_claim_id(make_claims):
    claims = make_claims(
        [
            {"value": 150_000, "qualifier": "at_least", "announced_on": "2023-06-13"},
            {"value": 156_000, "qualifier": "exact", "announced_on": "2023-06-13"},
        ]
    )
    (marker,) = _claim_markers(year_over_year_figure(claims))
    assert [d[0] for d in marker.customdata] == [2]  # the narrowest (exact) represents it
    assert list(marker.y) == [156_000]


def test_year_over_year_prefixes_series_name_when_several_series(two_years):
    fig = year_over_year_figure(two_years, series_names=NAMES)
    legend = [t.name for t in fig.data if t.showlegend is not False]
    assert legend == [
        f"{NAMES['contract-ytd']}: 2023",
        f"{NAMES['contract-ytd']}: 2024",
        f"{NAMES['volunteer-ytd']}: 2023",
    ]


# --- sparkline_figure ------------------------------------------------------------------------


def test_sparkline_shows_the_latest_period_of_one_series(two_years):
    spark = sparkline(two_years, "contract-ytd")
    assert list(spark.line_y) == [0, 30_000, 100_000]  # from zero at the period's start
    assert list(spark.marker_y) == [30_000, 100_000]
    assert spark.top > 100_000


def test_a_sparkline_picture_draws_the_line_from_zero_and_marks_the_latest_statement(two_years):
    svg = ElementTree.fromstring(sparkline_svg(sparkline(two_years, "contract-ytd"),
                                               color="#0072B2"))  # fmt: skip
    fill, line, dots, latest = svg.findall("{http://www.w3.org/2000/svg}path")
    assert svg.get("preserveAspectRatio") == "none"  # stretches to the card's width
    vertices = [tuple(map(float, v.split(","))) for v in line.get("d")[1:].split(" L")]
    assert len(vertices) == 3
    (x0, y0), _, (x2, y2) = vertices
    # Zero at the left edge; the latest statement at the right edge, higher: both far enough
    # in that the latest dot (7 px across) is whole on a card 350 px wide (1,000 units).
    assert (x0, y0) == (14.0, SPARK_HEIGHT - 5)
    assert x2 == 986.0 and y2 < y0
    assert (1000 - x2) * 350 / 1000 >= 3.5
    assert dots.get("stroke-width") == "4" and dots.get("d").count("h0") == 1
    assert latest.get("d") == f"M{x2:.1f},{y2:.1f}h0" and latest.get("stroke-width") == "7"
    assert fill.get("fill-opacity") and line.get("stroke") == "#0072B2"
    assert "<text" not in sparkline_svg(sparkline(two_years, "contract-ytd"))


def test_sparkline_of_an_unknown_series_is_an_empty_card(two_years):
    assert sparkline(two_years, "nothing") is None
    assert ">no statements</text>" in sparkline_svg(None)


# --- rates_figure ----------------------------------------------------------------------------


@pytest.fixture
def worked_example(make_claims):
    """The worked example of docs/methodology.md: "more than 231,000" on 3 Aug, "about
    280,000" on 3 Sep."""
    return make_claims(
        [
            {"value": 231_000, "qualifier": "at_least", "announced_on": "2023-08-03"},
            {"value": 280_000, "qualifier": "approx", "announced_on": "2023-09-03"},
        ]
    )


def _segment_levels(fig: go.Figure) -> list[float]:
    return [
        y for t in fig.data if t.mode == "lines" and t.fill is None for y in t.y if y is not None
    ]


def _bands(fig: go.Figure) -> list[list[float]]:
    """y of each band polygon (runs between None)."""
    out = []
    for t in fig.data:
        if t.fill == "toself":
            out += [[y for _, y in run] for run in _segments(t.x, t.y)]
    return out


def test_rates_figure_draws_the_worked_example_interval_with_its_band(worked_example):
    fig = rates_figure(intervals(worked_example))
    levels = sorted({round_half_away(y) for y in _segment_levels(fig)})
    assert levels == [32_703, 48_111]
    bands = [(round_half_away(min(b)), round_half_away(max(b))) for b in _bands(fig)]
    assert (42_220, 53_020) in bands
    assert (32_703, 32_844) in bands


def test_rates_figure_segments_run_from_from_date_to_to_date(worked_example):
    fig = rates_figure(intervals(worked_example))
    trace = next(t for t in fig.data if t.mode == "lines" and t.fill is None)
    runs = _segments(trace.x, trace.y)
    assert [(r[0][0], r[-1][0]) for r in runs] == [
        (pd.Timestamp("2023-01-01"), pd.Timestamp("2023-08-03")),
        (pd.Timestamp("2023-08-03"), pd.Timestamp("2023-09-03")),
    ]


def test_rates_figure_hover_gives_dates_days_increase_rate_and_range(worked_example):
    fig = rates_figure(intervals(worked_example), series_names=NAMES)
    trace = next(t for t in fig.data if t.mode == "lines" and t.fill is None)
    rows = [d for d in trace.customdata if d[0] is not None]
    second = next(d for d in rows if d[0] == 2)
    text = " ".join(second[1:])
    for expected in (
        NAMES["contract-ytd"],
        "3 Aug 2023 to 3 Sep 2023 (31 days)",
        "increase 49,000 (from 231,000 to 280,000)",
        "48,111",
        "42,220 to 53,020",
    ):
        assert expected in text


def test_rates_figure_dashes_flagged_intervals_and_says_why(make_claims):
    claims = make_claims(
        [
            {"value": 156_000, "announced_on": "2023-06-13"},
            {"value": 114_000, "announced_on": "2023-06-22"},
        ]
    )
    fig = rates_figure(intervals(claims))
    dashed = [t for t in fig.data if t.line.dash == "dash" and t.x[0] is not None]
    assert len(dashed) == 1
    assert any("decrease" in (d[6] or "") for d in dashed[0].customdata if d[0] is not None)
    assert FLAGGED_NAME in [t.name for t in fig.data]


def test_rates_figure_never_clamps_bounds_and_draws_a_zero_line(make_claims):
    claims = make_claims(
        [
            {"value": 486_000, "qualifier": "approx", "announced_on": "2023-12-14"},
            {"value": 490_000, "qualifier": "approx", "announced_on": "2023-12-19"},
        ]
    )
    iv = intervals(claims)
    assert iv["monthly_rate_low"].min() < 0
    fig = rates_figure(iv)
    assert min(min(b) for b in _bands(fig)) == pytest.approx(iv["monthly_rate_low"].min())
    assert fig.layout.yaxis.zeroline is True
    assert fig.layout.yaxis.title.text == "people per month"


@pytest.fixture
def steady_with_a_restatement(make_claims):
    """A count rising about 30,000 a month, restated 190,000 lower twelve days after a peak
    (the shipped record's December 2023): one flagged interval near -480,000 a month."""
    rows = [{"value": 30_000 * m, "announced_on": f"2023-{m + 1:02d}-01"} for m in range(1, 11)]
    rows += [{"value": 490_000, "announced_on": "2023-12-19"},
             {"value": 300_000, "announced_on": "2023-12-31"}]  # fmt: skip
    return intervals(make_claims(rows))


def test_rates_figure_fits_its_axis_to_what_can_be_true(steady_with_a_restatement):
    iv = steady_with_a_restatement
    fig = rates_figure(iv, series_names=NAMES)
    low, high = fig.layout.yaxis.range
    (drop,) = iv.loc[iv["decrease"], "monthly_rate"]
    assert drop < -400_000 < low < 0
    unflagged = iv.loc[~iv["decrease"], ["monthly_rate_low", "monthly_rate_high"]]
    assert low < unflagged.min().min() and unflagged.max().max() < high
    # The restatement is a triangle at the bottom edge, with its interval's hover ...
    edge, key = [t for t in fig.data if t.mode == "markers"]
    assert list(edge.y) == [low] and list(edge.marker.symbol) == ["triangle-down"]
    assert "decrease" in edge.customdata[0][6] and edge.cliponaxis is False
    # ... and the chart says what it leaves off its scale, in the legend, not over the data.
    assert not fig.layout.annotations and key.marker.symbol == "triangle-down"
    assert key.name == f"not drawn to scale: 1 flagged interval,<br>{fmt_count(drop)} a month"
    assert off_scale_finding(iv) == (
        f"1 flagged interval, at {fmt_count(drop)} a month, is marked at the edge of the axis "
        "instead of drawn to scale."
    )


def test_rates_figure_leaves_the_axis_alone_when_every_level_fits(worked_example, make_claims):
    small_drop = make_claims([
        {"value": 30_000, "announced_on": "2023-02-01"},
        {"value": 60_000, "announced_on": "2023-03-01"},
        {"value": 59_000, "announced_on": "2023-04-01"},
    ])  # fmt: skip
    for iv in (intervals(worked_example), intervals(small_drop)):
        fig = rates_figure(iv)
        assert fig.layout.yaxis.range is None and not fig.layout.annotations
        assert off_scale_finding(iv) == ""
    assert intervals(small_drop)["decrease"].any()


def test_rates_figure_shows_stated_paces_as_diamonds_with_their_range(worked_example, make_claims):
    pace = make_claims(
        [
            {
                "id": 9,
                "series": "contract-pace-daily",
                "measure": "daily_rate",
                "value": 1_000,
                "qualifier": "at_least",
                "low": 1_000,
                "high": 1_500,
                "announced_on": "2023-09-12",
                "speaker": "Vladimir Putin",
                "outlet": "TASS",
            }
        ]
    )
    names = {**NAMES, "contract-pace-daily": "Stated daily pace"}
    fig = rates_figure(intervals(worked_example), stated_paces(pace), series_names=names)
    (diamonds,) = [t for t in fig.data if t.name == "stated pace: Stated daily pace"]
    assert diamonds.marker.symbol == "diamond"
    assert diamonds.y[0] == pytest.approx(30_437.5)
    assert diamonds.error_y.array[0] == pytest.approx(45_656.25 - 30_437.5)
    assert diamonds.error_y.arrayminus[0] == 0
    data = diamonds.customdata[0]
    assert data[0] == 9
    text = " ".join(str(v) for v in data)
    for expected in (
        "1,000 to 1,500 a day",
        "30,438",
        "30,438 to 45,656",
        "Vladimir Putin",
        "TASS",
    ):
        assert expected in text


def test_rates_figure_uses_one_band_trace_per_series(make_claims):
    rows = [{"value": 1_000 * i, "announced_on": f"2023-{i:02d}-10"} for i in range(1, 12)]
    rows += [
        {"series": "volunteer-ytd", "value": 100 * i, "announced_on": f"2023-{i:02d}-11"}
        for i in range(1, 12)
    ]
    fig = rates_figure(intervals(make_claims(rows)))
    assert len([t for t in fig.data if t.fill == "toself"]) == 2


def test_rates_figure_without_anything_says_so():
    fig = rates_figure(intervals(pd.DataFrame(columns=list(_EMPTY_COLUMNS))))
    assert not fig.data


_EMPTY_COLUMNS = (
    "id", "series", "measure", "announced_on", "as_of", "period_start", "period_end", "value",
    "qualifier", "low", "high", "speaker", "url",
)  # fmt: skip


# --- months_figure ---------------------------------------------------------------------------


def test_months_figure_marks_partly_covered_months(worked_example):
    alloc = monthly_allocation(intervals(worked_example))
    fig = months_figure(alloc, series_names=NAMES)
    (bars,) = [t for t in fig.data if isinstance(t, go.Bar) and t.customdata is not None]
    by_month = dict(zip([pd.Timestamp(x).month for x in bars.x], bars.text, strict=True))
    assert by_month[8] == ""  # August is covered in full
    assert by_month[9] == "covered 10%"  # 1-3 September
    shapes = dict(
        zip([pd.Timestamp(x).month for x in bars.x], bars.marker.pattern.shape, strict=True)
    )
    assert (shapes[8], shapes[9]) == ("", "/")


def test_months_figure_hover_rounds_to_whole_people_with_days_covered(worked_example):
    alloc = monthly_allocation(intervals(worked_example))
    fig = months_figure(alloc)
    (bars,) = [t for t in fig.data if isinstance(t, go.Bar) and t.customdata is not None]
    september = alloc[alloc["month"] == pd.Timestamp("2023-09-01")].iloc[0]
    data = next(
        d for d, x in zip(bars.customdata, bars.x, strict=True) if pd.Timestamp(x).month == 9
    )
    assert data[1] == "Sep 2023"
    assert data[2] == f"{int(round_half_away(september['implied'])):,}"
    assert data[3] == "3 of 30 days (10%)"


def test_months_figure_draws_months_of_a_flagged_interval_hollow_and_says_why(make_claims):
    falling = make_claims(
        [{"as_of": "2023-06-22", "value": 52_000}, {"as_of": "2023-10-05", "value": 5_000}]
    )
    fig = months_figure(monthly_allocation(intervals(falling)))
    (bars,) = [t for t in fig.data if isinstance(t, go.Bar) and t.customdata is not None]
    month = [pd.Timestamp(x).month for x in bars.x]
    fill = dict(zip(month, bars.marker.color, strict=True))
    said = dict(zip(month, (d[4] for d in bars.customdata), strict=True))

    assert fill[8] == "white" and fill[5] != "white"  # August holds days of the decrease
    assert "a later figure is lower" in said[8] and said[5] == ""
    assert FLAGGED_MONTH_NAME in [t.name for t in fig.data]
    assert "%{customdata[4]}" in bars.hovertemplate


def test_months_figure_sums_of_bars_equal_the_latest_value(worked_example):
    fig = months_figure(monthly_allocation(intervals(worked_example)))
    bars = [t for t in fig.data if isinstance(t, go.Bar) and t.customdata is not None]
    assert sum(sum(t.y) for t in bars) == pytest.approx(280_000)


# --- style and serialisation -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("slugs", "expected"),
    [
        (["b", "a"], {"a": PALETTE[0], "b": PALETTE[1]}),
        (["a", "b", "a"], {"a": PALETTE[0], "b": PALETTE[1]}),
        ([f"s{i}" for i in range(9)], None),
    ],
)
def test_series_colors_follow_sorted_slugs_through_the_palette(slugs, expected):
    colors = series_colors(slugs)
    if expected is not None:
        assert colors == expected
    assert set(colors.values()) <= set(PALETTE)


def test_base_layout_sets_the_shared_look():
    fig = base_layout(go.Figure(), title="A <b>title</b>", height=400)
    assert fig.layout.separators == ".,"
    assert fig.layout.yaxis.tickformat == ",d"
    assert fig.layout.hovermode == "closest"
    assert fig.layout.legend.orientation == "h"
    assert fig.layout.font.size >= 13
    assert fig.layout.height == 400
    assert fig.layout.title.text == "A &lt;b&gt;title&lt;/b&gt;"


def test_every_builder_serialises_to_html(two_years, worked_example, make_claims):
    pace = make_claims(
        [{"series": "pace", "measure": "daily_rate", "value": 1_500, "announced_on": "2023-12-14"}]
    )
    events = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-06-24"]),
            "end_date": pd.to_datetime([None]),
            "label": ["Wagner mutiny"],
            "description": ["inside"],
        }
    )
    iv = intervals(two_years)
    figures = [
        trend_figure(two_years, events, series_names=NAMES),
        trend_figure(two_years, max_markers=2),
        year_over_year_figure(two_years, series_names=NAMES),
        rates_figure(iv, stated_paces(pace), series_names=NAMES),
        months_figure(monthly_allocation(iv), series_names=NAMES),
        trend_figure(pace),
        months_figure(monthly_allocation(intervals(pace))),
    ]
    for fig in figures:
        html = fig.to_html(include_plotlyjs=False, full_html=False)
        assert "Plotly.newPlot" in html


def test_hover_numbers_use_separators_not_scientific_notation(two_years):
    fig = trend_figure(two_years)
    text = " ".join(str(v) for t in _claim_markers(fig) for d in t.customdata for v in d[1:])
    assert "490,000" in text
    assert not any(s in text for s in ("e+", "490k", "4.9e"))
    assert np.all([isinstance(d[0], int) for t in _claim_markers(fig) for d in t.customdata])


def test_legend_names_too_long_for_a_phone_are_wrapped():
    long = "stated pace: Intelligence estimates of monthly recruitment"  # 58 characters
    short = "Contract recruits arrived in units since 1 January"
    fig = go.Figure([go.Scatter(x=[1], y=[1], name=n) for n in (long, short)])
    fig.add_trace(go.Scatter(x=[1], y=[1], name=long, showlegend=False))

    named = [t.name for t in wrap_legend_names(fig).data]

    assert named == ["stated pace: Intelligence estimates of monthly<br>recruitment", short, long]
    assert [t.name for t in wrap_legend_names(fig).data] == named  # wrapped once


def test_base_layout_adds_an_escaped_subtitle_for_reports(two_years):
    fig = base_layout(
        trend_figure(two_years),
        title="Contract recruits",
        subtitle="People on <i>contract</i> since 1 January",
    )
    assert fig.layout.title.subtitle.text == "People on &lt;i&gt;contract&lt;/i&gt; since 1 January"
    assert fig.layout.margin.t > 80  # room for title, subtitle and the legend below them


def test_base_layout_keeps_the_white_look_of_plotly_white(two_years):
    fig = trend_figure(two_years)
    assert fig.layout.template.layout.plot_bgcolor == "white"
    assert fig.layout.xaxis.showline and fig.layout.yaxis.tickformat == ",d"


def test_series_names_from_an_upload_are_escaped_in_the_legend(two_years):
    names = pd.Series({"contract-ytd": "<b>Contracts</b>", "volunteer-ytd": "Volunteers"})
    fig = trend_figure(two_years, series_names=names)
    legend = [t.name for t in fig.data if t.showlegend is not False]
    assert legend == ["&lt;b&gt;Contracts&lt;/b&gt;", "Volunteers"]


def test_trend_accepts_a_frame_with_a_repeated_index(two_years):
    repeated = two_years.set_axis([0] * len(two_years))
    fig = trend_figure(repeated, max_markers=3)
    assert sum(len(t.customdata) for t in _claim_markers(fig)) <= 3


# --- drawing many statements -------------------------------------------------------------


def test_series_sharing_a_colour_share_a_line_trace_named_in_the_legend(make_claims):
    slugs = [f"s{i:02d}" for i in range(len(PALETTE) + 2)]  # two more series than colours
    claims = make_claims(
        [{"series": s, "value": 1_000 * (i + 1), "announced_on": "2023-03-01"} for i, s in
         enumerate(slugs)]
    )  # fmt: skip
    fig = trend_figure(claims)

    lines = _lines(fig)
    assert len(lines) == len(PALETTE)
    shared = [t for t in lines if " and " in t.name]
    assert sorted(t.name for t in shared) == ["s00 and s08", "s01 and s09"]
    # Two segments, each from its own zero point: the series are never joined to each other.
    assert [[y for _, y in run] for run in _segments(shared[0].x, shared[0].y)] == [
        [0, 1_000], [0, 9_000]
    ]  # fmt: skip
    # Markers keep their own series' colour and answer to the shared legend entry.
    markers = [t for t in _claim_markers(fig) if t.legendgroup == shared[0].legendgroup]
    assert {t.marker.color for t in markers} == {shared[0].line.color}


def test_many_statements_draw_two_marker_traces_coloured_by_series(make_claims):
    days = pd.date_range("2023-01-02", periods=40, freq="5D")
    rows = [
        {"series": s, "value": 1_000 * (i + 1), "announced_on": d,
         "verification": "disputed" if i == 3 else "unverified"}
        for s in ("contract-ytd", "volunteer-ytd") for i, d in enumerate(days)
    ]  # fmt: skip
    claims = make_claims(rows)
    colors = series_colors(["contract-ytd", "volunteer-ytd"])

    fig = trend_figure(claims, max_markers=30)

    markers = _claim_markers(fig)
    assert len(markers) == 2 and all(isinstance(t, go.Scattergl) for t in markers)
    assert sum(len(t.customdata) for t in markers) <= 30
    by_id = claims.set_index("id")["series"]
    for trace in markers:
        for data, color in zip(trace.customdata, trace.marker.color, strict=True):
            assert color == colors[by_id[int(data[0])]]


def test_lines_through_many_dates_keep_their_shape_and_say_so(make_claims):
    days = pd.date_range("2023-01-02", periods=300, freq="D")
    values = [100 * (i + 1) for i in range(300)]
    values[150] = 5  # a misreported figure: a dip the thinned line must still show
    claims = make_claims(
        [{"value": v, "announced_on": d} for v, d in zip(values, days, strict=True)]
    )

    fig = trend_figure(claims, max_line_points=60)

    (line,) = _lines(fig)
    (run,) = _segments(line.x, line.y)
    ys = [y for _, y in run]
    assert len(ys) <= 60 + 2
    assert ys[0] == 0 and ys[1] == 100 and ys[-1] == 30_000  # zero point, first and last
    assert 5 in ys  # the dip survives
    assert [x for x, _ in run] == sorted(x for x, _ in run)
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "dates on the lines" in notes and "exports have them all" in notes


def test_year_over_year_dashes_follow_the_running_counts_whatever_other_series_exist(
    two_years, make_claims
):
    pace = make_claims(
        [{"series": "aa-pace", "measure": "daily_rate", "value": 1_500,
          "announced_on": "2023-12-14"}]
    )  # fmt: skip
    claims = pd.concat([pace, two_years], ignore_index=True).assign(
        id=lambda f: range(1, len(f) + 1)
    )

    fig = year_over_year_figure(claims, series_names=NAMES)

    dashes = {t.name.split(":")[0]: t.line.dash for t in _lines(fig)}
    assert dashes == {NAMES["contract-ytd"]: "solid", NAMES["volunteer-ytd"]: "dash"}


# --- amounts stated on one day only --------------------------------------------------------


def test_a_single_day_gets_a_date_axis_of_a_few_months_around_it():
    day = pd.Timestamp("2023-09-03")
    ticks = date_ticks(day, day)
    start, end = ticks["range"]
    assert start < day - 30 * DAY and end > day + 30 * DAY
    assert ticks["tickformat"] == "%b %Y"  # month labels, not an empty axis
    assert "range" not in date_ticks(day, day + 60 * DAY)


def test_a_median_of_one_statement_shows_as_a_dot_with_whole_region_counts():
    median = pd.DataFrame({"date": pd.to_datetime(["2023-09-03"]), "median": [4_160],
                           "regions": [1]})  # fmt: skip
    federal = pd.DataFrame({"as_of": pd.to_datetime([]), "value": []})
    fig = median_figure(median, federal, unit="USD", name="Pay abroad")

    line = fig.data[0]
    assert "markers" in line.mode  # a line of no length would not show
    assert fig.layout.yaxis2.dtick == 1  # "0, 1", not "0, 1, 1"
    assert fig.layout.xaxis.range is not None or fig.layout.xaxis2.range is not None

    longer = pd.DataFrame({"date": pd.to_datetime(["2023-09-03", "2024-02-01"]),
                           "median": [4_160, 4_500], "regions": [1, 12]})  # fmt: skip
    fig = median_figure(longer, federal, unit="USD", name="Pay abroad")
    assert fig.data[0].mode == "lines" and fig.layout.yaxis2.dtick is None


def test_the_steps_of_a_single_region_name_it_in_a_legend():
    reps = pd.DataFrame({
        "region": ["Kazakhstan"], "value": [495_000], "qualifier": ["exact"],
        "as_of": pd.to_datetime(["2023-09-03"]), "announced_on": pd.to_datetime(["2023-09-03"]),
        "outlet": ["Seed"], "statements": [1],
    })  # fmt: skip
    fig = steps_figure(reps, unit="RUB")

    assert fig.layout.showlegend is True  # Plotly hides the legend of one trace otherwise
    assert [t.name for t in fig.data] == ["Kazakhstan"]
    assert fig.layout.xaxis.range is not None  # one day: a few months around it
