"""Variants of published charts: Russian numbers and dates, the catalogues, the dark look."""

from __future__ import annotations

import datetime as dt
import re
import string
import threading
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from recruitment import i18n
from recruitment.figures.levels import median_figure, ranked_figure
from recruitment.figures.rates import rates_figure
from recruitment.figures.style import PALETTE, base_layout
from recruitment.figures.themes import DARK_BACKGROUND, contrast, dark_color, themed
from recruitment.figures.ticks import localised_count_ticks, nice_ticks
from recruitment.formatting import (
    as_said,
    fmt_compact,
    fmt_count,
    fmt_day,
    fmt_month,
    fmt_percent,
    month_name,
    number_separators,
)
from recruitment.i18n import language
from recruitment.methodology.rates import intervals
from recruitment.regions import REGIONS
from recruitment.reporting.alt_text import alt_text
from recruitment.reporting.charts import trend_chart
from recruitment.reporting.layout import SIZES, publishable
from recruitment.reporting.provenance import citation_text, footer_lines
from recruitment.reporting.variants import Variant

NBSP = "\u00a0"
PROJECT = Path(__file__).resolve().parents[2]
KEYWORDS = {"tr": None, "N_": None, "tr_plural": (1, 2)}
SERIES = pd.DataFrame({
    "slug": ["contract-ytd"], "name": ["Contract recruits since 1 January"],
    "measure": ["cumulative"], "definition": ["Signed contracts since 1 January."],
})  # fmt: skip


@pytest.fixture
def claims(make_claims):
    return make_claims([
        {"value": 231_000, "qualifier": "at_least", "announced_on": "2023-08-03",
         "outlet": "TASS"},
        {"value": 280_000, "qualifier": "approx", "announced_on": "2023-09-03",
         "outlet": "RIA Novosti"},
    ])  # fmt: skip


# --- Russian numbers and dates ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(280_000, f"280{NBSP}тыс."), (117_400, f"117,4{NBSP}тыс."), (1_500_000, f"1,5{NBSP}млн"),
     (2_000_000_000, f"2{NBSP}млрд"), (280_123, f"280{NBSP}123"), (950, "950"), (0, "0"),
     (-100_000, f"-100{NBSP}тыс.")],
)  # fmt: skip
def test_russian_compact_numbers_are_exact_or_written_in_full(value, expected):
    with language("ru"):
        assert fmt_compact(value) == expected


def test_russian_counts_dates_and_months():
    day = dt.date(2023, 9, 3)
    with language("ru"):
        assert fmt_count(280_000) == f"280{NBSP}000"
        assert fmt_count(1234.5) == f"1{NBSP}235"  # halves away from zero, as in English
        assert fmt_day(day) == "3 сентября 2023"
        assert fmt_day(pd.Timestamp("2025-05-01")) == "1 мая 2025"
        assert fmt_month(day) == "сент. 2023"
        assert month_name(5) == "май"
        assert fmt_percent(0.45) == f"45{NBSP}%"
        assert number_separators() == f",{NBSP}"  # plotly: decimal comma, no-break thousands
        assert as_said(280_000, "approx") == f"около 280{NBSP}000"
        assert as_said(231_000, "at_least") == f"более 231{NBSP}000"
        assert as_said(None, None, 1000, 1500) == f"от 1{NBSP}000 до 1{NBSP}500"


def test_english_is_unchanged_outside_and_after_a_russian_block():
    with language("ru"):
        assert i18n.active_language() == "ru"
    assert i18n.active_language() == "en"
    assert fmt_count(280_000) == "280,000"
    assert fmt_day(dt.date(2023, 9, 3)) == "3 Sep 2023"
    assert as_said(280_000, "approx") == "about 280,000"
    assert number_separators() == ".,"


def test_another_thread_stays_english_while_one_builds_in_russian():
    seen = []
    with language("ru"):
        worker = threading.Thread(target=lambda: seen.append(fmt_day(dt.date(2023, 9, 3))))
        worker.start()
        worker.join()
    assert seen == ["3 Sep 2023"]


def test_an_unknown_language_or_theme_is_refused():
    with pytest.raises(ValueError, match="unknown language"):
        Variant(lang="xx")
    with pytest.raises(ValueError, match="unknown theme"):
        Variant(theme="sepia")


def test_file_suffixes_keep_light_english_names():
    assert [Variant().suffix, Variant("dark").suffix, Variant(lang="ru").suffix,
            Variant("dark", "ru").suffix] == ["", ".dark", ".ru", ".ru.dark"]  # fmt: skip
    assert Variant("dark", "ru").lang_suffix == ".ru"


# --- the catalogues: a third language is a file ----------------------------------------------


def _code_messages() -> set[str | tuple[str, str]]:
    """Every message the code marks, found by the extractor the Makefile's `messages` runs."""
    found = extract_from_dir(
        PROJECT / "recruitment",
        method_map=[("**.py", "python"), ("reporting/templates/**.html", "jinja2")],
        keywords={**KEYWORDS, "_": None},  # `_` in the site's templates
    )
    return {m[2] for m in found}


def _catalog(path: Path):
    with path.open("rb") as po:
        return read_po(po)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGUAGES if lang != "en"])
def test_every_message_in_the_code_has_a_translation_with_the_same_fields(lang):
    catalog = _catalog(i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po")
    problems = []
    for message in sorted(_code_messages(), key=str):
        key = message[0] if isinstance(message, tuple) else message
        entry = catalog.get(key)
        if entry is None or entry.fuzzy:
            problems.append(f"missing: {key!r}")
            continue
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if not all(forms):
            problems.append(f"untranslated: {key!r}")
        elif any(_fields(f) != _fields(key) for f in forms):
            problems.append(f"placeholders differ: {key!r}")
    assert problems == []


def test_the_template_lists_exactly_the_messages_of_the_code():
    template = _catalog(i18n.LOCALE_DIR / "messages.pot")
    listed = {m.id if isinstance(m.id, str) else tuple(m.id) for m in template if m.id}
    assert listed == _code_messages(), "run `make messages`"


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGUAGES if lang != "en"])
def test_the_shipped_series_and_events_are_translated(lang):
    series = pd.read_csv(PROJECT / "data" / "series.csv")
    events = pd.read_csv(PROJECT / "data" / "events.csv")
    texts = [*series["name"], *(" ".join(d.split()) for d in series["definition"]),
             *events["label"]]  # fmt: skip
    with language(lang):
        assert [t for t in texts if i18n.data_text(t) == t] == []


# --- words of a published chart --------------------------------------------------------------


def test_footer_citation_and_alt_text_in_russian(claims):
    ru = Variant(lang="ru")
    chart = trend_chart(claims, SERIES)

    assert footer_lines(claims, variant=ru) == [
        "Источники: RIA Novosti и TASS",
        "Официальные цифры, независимо не проверены · Данные на 3 сентября 2023 · Цифры набора",
    ]
    assert citation_text(claims, variant=ru) == (
        "График: Цифры набора. Данные: официальные заявления, источники: RIA Novosti и TASS; "
        "по состоянию на 3 сентября 2023. Цифры приведены так, как их заявили, и независимо "
        "не проверены."
    )
    text = alt_text(chart, {"contract-ytd": "Contract recruits since 1 January"}, ru)
    assert text.startswith("Нарастающие итоги набора по заявлениям официальных лиц. 2 заявления")
    assert f"Набрано по контракту с 1 января: последнее — около 280{NBSP}000 на 3 сентября" in text
    assert footer_lines(claims)[0] == "Source: RIA Novosti and TASS"  # English by default


def test_russian_figure_words_and_ticks(claims):
    chart = trend_chart(claims, SERIES)
    ru = Variant(lang="ru")
    title, subtitle = chart.words(ru)
    fig = publishable(
        chart.figure_for(ru), claims, title=title, subtitle=subtitle, size=SIZES["report"],
        variant=ru,
    )  # fmt: skip

    assert fig.layout.title.text == "Нарастающие итоги набора по заявлениям официальных лиц"
    assert "Набрано по контракту с 1 января: Signed contracts" in subtitle  # unknown data stays
    assert fig.layout.yaxis.title.text == "человек"
    assert f"300{NBSP}тыс." in fig.layout.yaxis.ticktext
    assert all(re.fullmatch(r"[а-я]+\.? \d{4}", t) for t in fig.layout.xaxis.ticktext)
    assert fig.layout.separators == f",{NBSP}"
    assert chart.figure.layout.yaxis.title.text == "people"  # the page's figure stays English


def test_russian_figure_hovers_say_the_statement_in_russian(claims, make_claims):
    """A Russian embed's hover boxes: the template's words, the dates, the source, the
    verification and the implied rates' days and flags in Russian; the page's stay English."""
    chart = trend_chart(claims, SERIES)
    ru = Variant(lang="ru")
    markers = [t for t in chart.figure_for(ru).data if t.customdata is not None]
    template, row = markers[0].hovertemplate, list(markers[0].customdata[-1])

    assert "(диапазон %{customdata[2]})" in template and "проверка:" in template
    assert row[5] == "заявлено 3 сентября 2023"
    assert row[6].startswith("источник: RIA Novosti")
    assert row[7] == "не проверено"
    english = next(t for t in chart.figure.data if t.customdata is not None)
    assert "(range %{customdata[2]})" in english.hovertemplate
    assert list(english.customdata[-1])[5:8] == ["said 3 Sep 2023", "reported by RIA Novosti",
                                                 "unverified"]  # fmt: skip

    falling = make_claims([
        {"value": 231_000, "announced_on": "2023-08-03", "outlet": "TASS"},
        {"value": 230_000, "announced_on": "2023-09-03", "outlet": "TASS"},
    ])  # fmt: skip
    with language("ru"):
        rates = rates_figure(intervals(falling), series_names={})
    segments = [t for t in rates.data if t.customdata is not None and t.mode == "lines"]
    (flagged,) = {tuple(row) for t in segments for row in t.customdata if row[0] and row[6]}
    assert flagged[2] == "с 3 августа 2023 по 3 сентября 2023 (31 день)"
    assert "отмечено: снижение: более поздняя цифра ниже более ранней" in flagged[6]
    assert all("в месяц</b>, диапазон" in t.hovertemplate for t in segments)


@pytest.mark.parametrize("lang", ["ru"])
def test_every_declared_region_has_a_name_in_each_language(lang):
    with language(lang):
        assert [r for r in REGIONS if i18n.data_text(r) == r] == []


def test_russian_incentives_figure_names_its_lines_axes_and_hovers_in_russian():
    median = pd.DataFrame({"date": pd.to_datetime(["2024-01-01", "2024-06-01"]),
                           "median": [100_000, 200_000], "regions": [1, 3]})  # fmt: skip
    federal = pd.DataFrame({"as_of": pd.to_datetime(["2024-03-01"]), "value": [195_000]})
    with language("ru"):
        fig = median_figure(median, federal, unit="RUB", name="Regional payment")
    english = median_figure(median, federal, unit="RUB", name="Regional payment")

    assert [t.name for t in fig.data] == [
        "медиана по регионам: Regional payment",
        "федеральная выплата",
        "регионов учтено",
    ]
    assert fig.layout.yaxis.title.text == "сумма (RUB)"
    assert fig.data[0].hovertext[1] == (
        "медиана 200 000 RUB с 1 июня 2024<br>по 3 регионам с действующим заявлением"
    )
    assert english.data[0].name == "median across regions: Regional payment"

    reps = pd.DataFrame({
        "region": ["Republic of Tatarstan", ""], "value": [400_000, 195_000],
        "qualifier": ["exact", "exact"], "as_of": pd.to_datetime(["2024-07-01", "2024-03-01"]),
        "announced_on": pd.to_datetime(["2024-07-01", "2024-03-01"]),
        "outlet": ["Tatar-inform", "TASS"], "statements": [1, 2],
    })  # fmt: skip
    with language("ru"):
        ranked = ranked_figure(reps, unit="RUB")
    assert list(ranked.data[0].y) == ["федеральный уровень", "Республика Татарстан"]
    assert ranked.data[0].hovertext[0].startswith("<b>федеральный уровень</b>")
    assert ranked.data[0].hovertext[0].endswith("<br>2 сообщения об этой дате")
    assert english.layout.yaxis2.title.text == "regions counted"


def test_nice_ticks_are_round_steps_inside_the_range():
    assert nice_ticks(0, 650_000, 6) == [0, 100_000, 200_000, 300_000, 400_000, 500_000, 600_000]
    assert nice_ticks(-3_000, 41_000, 9) == [0, 5_000, 10_000, 15_000, 20_000, 25_000, 30_000,
                                            35_000, 40_000]  # fmt: skip


def test_count_ticks_without_a_fixed_range_follow_the_data():
    fig = base_layout(go.Figure(go.Scatter(x=[1, 2], y=[0, 42_000])), height=500)
    with language("ru"):
        localised_count_ticks(fig)
    assert fig.layout.yaxis.ticktext[-1] == f"40{NBSP}тыс."
    assert fig.layout.yaxis.range[1] > 42_000


# --- the dark look ---------------------------------------------------------------------------


def test_dark_colours_keep_their_hue_and_stand_out_on_the_background():
    background = (0x16, 0x19, 0x1D)
    for color in PALETTE:
        dark = dark_color(color)
        rgb = tuple(int(dark[i : i + 2], 16) for i in (1, 3, 5))
        assert contrast(rgb, background) >= 4.5, color
    assert dark_color("white") == DARK_BACKGROUND
    assert dark_color("#333333") == "#e6e6e6"
    assert dark_color("rgba(230,159,0,0.18)") == "rgba(230,159,0,0.36)"  # a clearer band
    assert dark_color("rgba(230,159,0,0.75)") == "rgba(230,159,0,0.75)"


def test_a_dark_publishable_figure_has_a_dark_background_and_a_light_footer(claims):
    chart = trend_chart(claims, SERIES)
    dark = Variant("dark")
    fig = publishable(
        chart.figure_for(dark), claims, title=chart.title, subtitle=chart.subtitle,
        size=SIZES["social"], variant=dark,
    )  # fmt: skip

    assert fig.layout.paper_bgcolor == fig.layout.plot_bgcolor == DARK_BACKGROUND
    assert fig.layout.font.color == "#e6e6e6"
    (footer,) = [a for a in fig.layout.annotations if a.name == "footer"]
    assert footer.font.color == "#a9a9a9"
    assert chart.figure.data[0].line.color == "#0072B2"
    assert fig.data[0].line.color == "#008cdb"  # the same blue, lighter
    assert themed(chart.figure, "light") is chart.figure
