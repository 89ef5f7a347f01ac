"""Page logic with streamlit.testing: every page renders, filters change what is shown, and
the rates table matches the command line."""

from __future__ import annotations

import csv
import io
import json
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from recruitment.service import Store
from tests.fixtures import APP, Cli

# Every statement in data/claims-*.csv (one row each, none a duplicate of another).
SHIPPED_CLAIMS = 269
PAGES = ["pages/overview.py", "pages/trend.py", "pages/monthly-rates.py", "pages/sources.py",
         "pages/official-vs-independent.py", "pages/methodology.py",
         "pages/incentives.py"]  # fmt: skip


def run_page(page: str, **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert not at.exception, at.exception
    page_state = {}
    for key, value in state.items():
        widget = _widget(at, key)
        if widget is None:  # a widget of the page itself, set once the page is shown
            page_state[key] = value
        else:
            widget.set_value(value)
    at.switch_page(page).run()
    if page_state:
        for key, value in page_state.items():
            _widget(at, key).set_value(value)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _widget(at: AppTest, key: str):
    for kind in ("multiselect", "number_input", "text_input"):
        for widget in getattr(at, kind):
            if widget.key == key:
                return widget
    return None


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [h.value for h in at.subheader] + [m.value for m in at.metric]
    return "\n".join(parts)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exception(seeded, page):
    at = run_page(page)

    assert at.title[0].value
    assert not at.error


@pytest.mark.parametrize("page", PAGES[:5])
def test_empty_store_shows_how_to_add_data(sqlite_url, monkeypatch, page):
    Store.open(sqlite_url, seed=False).close()
    monkeypatch.setenv("RECRUITMENT_DATABASE_URL", sqlite_url)

    at = run_page(page)

    assert "python -m recruitment import" in at.info[0].value


def test_unreachable_store_is_one_clear_message(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'missing' / 'dir' / 'x.db'}"
    monkeypatch.setenv("RECRUITMENT_DATABASE_URL", url)

    at = AppTest.from_file(APP, default_timeout=60).run()

    assert not at.exception
    assert len(at.error) == 1
    assert "unavailable" in at.error[0].value and "x.db" in at.error[0].value


def test_overview_shows_each_running_count_with_its_latest_source(seeded):
    at = run_page("pages/overview.py")

    headings = [h.value for h in at.subheader]
    assert "Contract recruits since 1 January" in headings
    assert "exactly 422,704" in [m.value for m in at.metric]
    assert "Interfax" in texts(at)


def test_overview_says_when_a_pace_has_no_range_instead_of_a_range_of_one_number(seeded):
    captions = [c.value for c in run_page("pages/overview.py").caption]

    # The contract count's two latest statements are exact: its paces have no range.
    assert "no range: exact figures" in captions
    assert not [c for c in captions if re.search(r"range ([\d,]+) to \1\b", c)]
    assert [c for c in captions if c.startswith("range ")]  # the others keep theirs


def test_overview_series_filter_changes_the_cards(seeded):
    everything = run_page("pages/overview.py")
    one = run_page("pages/overview.py", series=["volunteer-ytd"])

    assert len(one.subheader) < len(everything.subheader)
    # Series names are uploaded text, shown as text: Markdown punctuation comes escaped.
    assert [h.value for h in one.subheader] == [r"Volunteer\-formation recruits since 1 January"]


def test_trend_chart_holds_the_august_and_september_statements(seeded):
    at = run_page("pages/trend.py")

    spec = json.dumps(chart_specs(at)[0])
    assert "more than 231,000" in spec and "about 280,000" in spec
    assert "A News (Anadolu)" in spec and "MENAFN (citing TASS)" in spec


@pytest.mark.parametrize(("key", "value"), [
    ("speaker", ["Vladimir Putin"]), ("year", [2023]), ("verification", ["disputed"]),
    ("series", ["volunteer-ytd"]),
])  # fmt: skip
def test_trend_filters_change_the_plotted_statements(seeded, key, value):
    everything = chart_specs(run_page("pages/trend.py"))[0]
    filtered = run_page("pages/trend.py", **{key: value})

    assert chart_specs(filtered)[0] != everything


def test_sources_filters_and_search_narrow_the_table(seeded):
    everything = run_page("pages/sources.py").dataframe[0].value
    putin = run_page("pages/sources.py", speaker=["Vladimir Putin"]).dataframe[0].value
    searched = run_page("pages/sources.py", q="Sakhalin").dataframe[0].value

    assert len(everything) == SHIPPED_CLAIMS
    assert set(putin["speaker"]) == {"Vladimir Putin"} and 0 < len(putin) < SHIPPED_CLAIMS
    # MENAFN's report, the seed article's, and the Kazakh ads traced to a Sakhalin agency.
    assert len(searched) == 3


def test_sources_give_an_amount_its_unit_and_region(seeded):
    table = run_page("pages/sources.py", q="Kazakhstan").dataframe[0].value

    figures = set(table["figure"])
    # The seed article's offer in Kazakhstan: 495,000 rubles, not 495,000 people.
    assert any(f.endswith("495,000 RUB, Kazakhstan") for f in figures), figures


def test_a_search_that_finds_nothing_says_so_rather_than_blaming_the_filters(seeded):
    at = run_page("pages/sources.py", q="Zzyzx Nowhere")

    (warning,) = at.warning
    assert "No statement holds all the words searched for (Zzyzx Nowhere)" in warning.value
    assert "filters" not in warning.value and not at.dataframe


def test_a_search_whose_statements_the_filters_hide_says_it_is_the_filters(seeded):
    shoigu = len(run_page("pages/sources.py", q="Shoigu").dataframe[0].value)
    at = run_page("pages/sources.py", q="Shoigu", year=[2025])

    (warning,) = at.warning
    assert "No statement under the sidebar filters holds all the words" in warning.value
    assert f"{shoigu:,} outside them do" in warning.value


def rates_from_cli(url: str, *args: str) -> pd.DataFrame:
    result = Cli(url)("rates", *args)
    assert result.exit_code == 0, result.stderr
    return pd.DataFrame(list(csv.DictReader(io.StringIO(result.stdout))))


@pytest.mark.parametrize(("state", "cli_args"), [
    ({}, ()),
    ({"speaker": ["Dmitry Medvedev"]}, ("--speaker", "Dmitry Medvedev")),
    ({"series": ["contract-ytd"], "min_days": 30},
     ("--series", "contract-ytd", "--min-days", "30")),
    ({"verification": ["unverified"], "year": [2023]},
     ("--verification", "unverified", "--year", "2023")),
])  # fmt: skip
def test_rates_table_equals_the_command_line(seeded, state, cli_args):
    at = run_page("pages/monthly-rates.py", **state)

    shown = at.dataframe[0].value
    # The page names the series and shows dates; the command line gives slugs and ISO days.
    days = {c: shown[c].dt.strftime("%Y-%m-%d") for c in ("period_start", "from_date", "to_date")}
    shown = shown.assign(**days).astype(str).replace({"<NA>": "", "None": ""})
    expected = rates_from_cli(seeded, *cli_args)
    expected["series"] = expected["series"].map(_series_table(seeded)["name"])
    assert shown.reset_index(drop=True).to_dict("records") == expected.to_dict("records")


def _series_table(url: str) -> pd.DataFrame:
    store = Store.open(url)
    series = store.snapshot().series.set_index("slug")
    store.close()
    return series


def test_monthly_rates_page_shows_the_worked_example_interval(seeded):
    at = run_page("pages/monthly-rates.py")

    table = at.dataframe[0].value
    row = table[(table["from_date"] == "2023-08-03") & (table["to_date"] == "2023-09-03")]
    assert row[["monthly_rate", "monthly_rate_low", "monthly_rate_high"]].values.tolist() == [
        [48111, 42220, 53020]
    ]


def test_methodology_computes_the_worked_example_live(seeded):
    at = run_page("pages/methodology.py")

    table = at.dataframe[0].value
    assert table["monthly_rate"].tolist() == [32703, 48111]
    assert table["monthly_rate_low"].tolist() == [32703, 42220]
    assert table["monthly_rate_high"].tolist() == [32844, 53020]


def test_an_import_by_the_command_line_shows_up_at_once(seeded, tmp_path):
    from tests.fixtures import csv_of, row

    at = run_page("pages/sources.py")
    assert len(at.dataframe[0].value) == SHIPPED_CLAIMS
    upload = tmp_path / "new.csv"
    upload.write_bytes(csv_of(row(speaker="A New Speaker", value="600000")))
    assert Cli(seeded)("import", upload).exit_code == 0

    at.run()

    table = at.dataframe[0].value
    assert len(table) == SHIPPED_CLAIMS + 1
    assert "A New Speaker" in set(table["speaker"])


def test_comparison_page_table_equals_the_command_line(seeded):
    at = run_page("pages/official-vs-independent.py")

    shown = at.dataframe[0].value
    result = Cli(seeded)("compare")
    assert result.exit_code == 0, result.stderr
    expected = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False, dtype=str)
    assert len(shown) == len(expected) >= 3
    store = Store.open(seeded)
    names = store.snapshot().names
    store.close()
    # The page names the series (the command line and the CSV give their slugs).
    for column in ("series", "official_series"):
        assert shown[column].tolist() == expected[column].map(names).tolist()
    assert shown["ratio"].tolist() == expected["ratio"].astype(float).tolist()
    assert shown["basis"].tolist() == expected["basis"].tolist()


def test_overview_shows_the_latest_ratio_of_official_to_independent(seeded):
    at = run_page("pages/overview.py")

    assert "Official ÷ independent estimate" in [h.value for h in at.subheader]
    latest = next(m for m in at.metric if m.label == "Latest ratio")
    assert float(latest.value) > 0
    # The estimate reads as its source worded it (Syrskyi's 406,000 for 2025, a round figure).
    assert next(m for m in at.metric if m.label == "Estimate").value == "about 406,000"


def test_monthly_rates_show_official_figures_unless_independent_ones_are_asked_for(seeded):
    official = run_page("pages/monthly-rates.py").dataframe[0].value
    both = run_page("pages/monthly-rates.py", origin=["official", "independent"])

    series = _series_table(seeded)
    independent = set(series.loc[series["origin"] == "independent", "name"])
    assert not official["series"].isin(independent).any()
    assert both.dataframe[0].value["series"].isin(independent).any()


def test_year_totals_tab_lists_every_statement_about_a_year_in_the_order_said(seeded):
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["view"] = "Year totals"
    at.run()
    at.switch_page("pages/trend.py").run()

    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    final_2024 = table[(table["year"] == 2024) & (table["said"] == "about 450,000")]
    assert len(final_2024) == 2  # TASS and Reuters report Medvedev's 24 January 2025 figure
    assert table["beyond_wording"].any()
    assert len(chart_specs(at)) == 1
    # The page says what this tab draws, not what the running-count chart draws.
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Every statement about a year's total") for c in captions)
    assert not any(c.startswith("Each point is one statement") for c in captions)


def test_the_running_count_tab_says_what_it_draws(seeded):
    captions = [c.value for c in run_page("pages/trend.py").caption]

    assert any(c.startswith("Each point is one statement") for c in captions)
