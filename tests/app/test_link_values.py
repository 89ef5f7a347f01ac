"""A link whose filter or control values the data cannot take: the page says what it left
out, and shows the rest, instead of silently showing more than the link asked for."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from recruitment.formatting import escape_markdown
from tests.fixtures import APP


def open_page(page: str, **query: str) -> AppTest:
    """The app's first run on `page` with the URL query `query`, as a browser opening the
    link runs it (the filters drop what they cannot take on that first run)."""
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def test_a_filter_value_no_statement_has_is_named_and_left_out(seeded):
    everything = open_page("pages/sources.py")
    unknown = open_page("pages/sources.py", speaker="Nobody *at* all")

    (said,) = [w for w in _warnings(unknown) if "left out" in w]
    assert "Speakers: “Nobody \\*at\\* all”" in said  # shown as typed, not as Markdown
    # The filter is left out: every statement is listed, as with no filter at all.
    assert len(unknown.dataframe[0].value) == len(everything.dataframe[0].value)


def test_a_known_filter_value_gives_no_warning(seeded):
    at = open_page("pages/sources.py", speaker="Vladimir Putin")

    assert not [w for w in _warnings(at) if "left out" in w]
    assert set(at.dataframe[0].value["speaker"]) == {"Vladimir Putin"}


def test_a_minimum_days_the_control_cannot_take_is_named(seeded):
    for raw in ("-5", "abc", "400"):
        at = open_page("pages/monthly-rates.py", min_days=raw)
        (said,) = [w for w in _warnings(at) if "Minimum days" in w]
        assert f"“{escape_markdown(raw)}” is not a whole number from 0 to 366" in said
        assert at.number_input(key="min_days").value == 0

    at = open_page("pages/monthly-rates.py", min_days="30")
    assert not [w for w in _warnings(at) if "Minimum days" in w]
    assert at.number_input(key="min_days").value == 30
