"""What a published chart carries: sources, caveat, data date and citation."""

from __future__ import annotations

import pytest

from recruitment.reporting import APP_NAME
from recruitment.reporting.provenance import (
    CAVEAT,
    citation_text,
    footer_lines,
    outlet_list,
    outlets,
)


@pytest.fixture
def reported(make_claims):
    """Three outlets; MENAFN reports the latest figure, A News the one before."""
    return make_claims(
        [
            {"value": 117_400, "announced_on": "2023-05-19", "outlet": "Rossiyskaya Gazeta",
             "url": "https://rg.ru/a"},
            {"value": 231_000, "announced_on": "2023-08-03", "outlet": "A News (Anadolu)",
             "url": "https://anews.example/b"},
            {"value": 280_000, "announced_on": "2023-09-03", "outlet": "MENAFN (citing TASS)",
             "url": "https://menafn.example/c"},
        ]
    )  # fmt: skip


def test_outlets_start_with_the_source_of_the_latest_figure(reported):
    assert outlets(reported) == ["MENAFN (citing TASS)", "A News (Anadolu)", "Rossiyskaya Gazeta"]


def test_an_outlet_reporting_twice_is_listed_once(make_claims):
    claims = make_claims(
        [
            {"value": 1_000, "announced_on": "2023-05-01", "outlet": "TASS"},
            {"value": 2_000, "announced_on": "2023-06-01", "outlet": "TASS"},
        ]
    )

    assert outlets(claims) == ["TASS"]


def test_a_claim_without_outlet_is_credited_to_its_link_host(make_claims):
    claims = make_claims([{"value": 1, "outlet": None, "url": "https://www.rbc.ru/x?y=1",
                           "announced_on": "2023-05-01"}])  # fmt: skip

    assert outlets(claims) == ["www.rbc.ru"]


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "O1"),
        (2, "O1 and O2"),
        (5, "O1, O2, O3, O4 and O5"),
        (6, "O1, O2, O3, O4, O5 and 1 more"),
        (9, "O1, O2, O3, O4, O5 and 4 more"),
    ],
)
def test_outlet_list_names_at_most_five_then_counts_the_rest(make_claims, count, expected):
    # O1 reports the latest statement, so it is named first.
    claims = make_claims(
        [
            {"value": 1_000 * i, "announced_on": f"2023-{13 - i:02d}-01", "outlet": f"O{i}"}
            for i in range(1, count + 1)
        ]
    )

    assert outlet_list(claims) == expected


def test_footer_has_source_caveat_date_and_app_name(reported):
    source, tail = footer_lines(reported)

    assert source == "Source: MENAFN (citing TASS), A News (Anadolu) and Rossiyskaya Gazeta"
    assert tail == f"{CAVEAT} · Data as of 3 Sep 2023 · {APP_NAME}"


def test_caveat_goes_only_when_every_statement_is_corroborated(reported):
    corroborated = reported.assign(verification="corroborated")
    one_open = corroborated.copy()
    one_open.loc[one_open.index[0], "verification"] = "unverified"

    assert CAVEAT not in " ".join(footer_lines(corroborated))
    assert CAVEAT in " ".join(footer_lines(one_open))
    assert "not independently verified" not in citation_text(corroborated)


def test_citation_names_app_sources_date_and_that_figures_are_unverified(reported):
    assert citation_text(reported) == (
        "Chart: Recruitment figures. Data: official statements reported by MENAFN (citing "
        "TASS), A News (Anadolu) and Rossiyskaya Gazeta; as of 3 Sep 2023. Figures are as "
        "stated and not independently verified."
    )
