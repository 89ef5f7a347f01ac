"""The evidence a published chart carries: its sources, a caveat, the data date, its version.

A chart leaves the app as an image, so whatever a reader needs to judge it must travel with
it: who reported the figures, that they are official claims nobody has verified, and how
recent they are. The same facts make the citation text people paste under the image. Both
are written in the language of the variant asked for (reporting.variants).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from recruitment.formatting import fmt_day, is_missing
from recruitment.i18n import N_, language, tr, tr_plural
from recruitment.reporting import APP_NAME
from recruitment.reporting.edition import Edition
from recruitment.reporting.variants import DEFAULT_VARIANT, Variant

# More outlets than this are summarised as "and N more": a footer is one or two lines.
MAX_OUTLETS = 5
CAVEAT = N_("Official figures, not independently verified")
# When a chart shows independent estimates too: which figures are which.
MIXED_CAVEAT = N_(
    "Official figures as stated, not independently verified; the others are estimates"
)
CORROBORATED = "corroborated"


def outlets(claims: pd.DataFrame) -> list[str]:
    """Distinct outlets of the statements, the one with the most recent statement first.

    Newest first, so a cut list still names who reported the figures the chart ends on. A
    statement without an outlet is credited to its link's host name.
    """
    if claims.empty:
        return []
    # Named once per distinct outlet; only statements without one look at their link.
    codes, distinct = pd.factorize(claims["outlet"], use_na_sentinel=True)
    named = np.array([outlet_name(o, None) for o in distinct] + [""], dtype=object)
    names = named[codes]
    unnamed = names == ""
    names[unnamed] = [outlet_name(None, u) for u in claims["url"].to_numpy(dtype=object)[unnamed]]
    frame = pd.DataFrame({"name": names, "as_of": pd.to_datetime(claims["as_of"]).to_numpy()})
    frame = frame[frame["name"] != ""]
    latest = frame.groupby("name")["as_of"].max().reset_index()
    latest = latest.sort_values(["as_of", "name"], ascending=[False, True], kind="stable")
    return latest["name"].tolist()


def outlet_name(outlet: object, url: object) -> str:
    """The outlet as written, else the host of its link, else ""."""
    if not is_missing(outlet) and str(outlet).strip():
        return " ".join(str(outlet).split())
    if not is_missing(url) and str(url).strip():
        return urlsplit(str(url).strip()).hostname or str(url).strip()
    return ""


def outlet_list(claims: pd.DataFrame, limit: int = MAX_OUTLETS) -> str:
    """ "A, B, C, D, E and 4 more" (or "A and B"); "no source recorded" without any."""
    names = outlets(claims)
    if not names:
        return tr("no source recorded")
    shown, rest = names[:limit], len(names) - limit
    if rest > 0:
        more = tr_plural("{names} and {count} more", "{names} and {count} more", rest)
        return more.format(names=", ".join(shown), count=rest)
    if len(shown) == 1:
        return shown[0]
    return tr("{names} and {last}").format(names=", ".join(shown[:-1]), last=shown[-1])


def latest_as_of(claims: pd.DataFrame) -> pd.Timestamp | None:
    """The newest date any statement refers to: how current the chart is."""
    if claims.empty:
        return None
    latest = pd.to_datetime(claims["as_of"]).max()
    return None if is_missing(latest) else pd.Timestamp(latest)


def needs_caveat(claims: pd.DataFrame) -> bool:
    """True unless every statement is corroborated (an empty chart proves nothing either)."""
    return claims.empty or bool((claims["verification"] != CORROBORATED).any())


def _independent(claims: pd.DataFrame) -> np.ndarray | None:
    """Which statements are independent estimates, or None when the chart shows none."""
    if "origin" not in claims.columns:
        return None
    mask = (claims["origin"] == "independent").to_numpy(dtype=bool)
    return mask if mask.any() else None


def sources_text(claims: pd.DataFrame) -> str:
    """Who reported the figures; with estimates, the official and independent sources apart."""
    independent = _independent(claims)
    if independent is None:
        return outlet_list(claims)
    official = outlet_list(claims[~independent]) if (~independent).any() else tr("none")
    return tr("official: {official}; independent: {independent}").format(
        official=official, independent=outlet_list(claims[independent])
    )


def footer_lines(
    claims: pd.DataFrame, edition: Edition | None = None, variant: Variant = DEFAULT_VARIANT
) -> list[str]:
    """The plain-text lines under a published chart: sources, then caveat, date and app, then
    the data version and permalink."""
    with language(variant.lang):
        if _independent(claims) is not None:
            tail = [tr(MIXED_CAVEAT)]
        else:
            tail = [tr(CAVEAT)] if needs_caveat(claims) else []
        as_of = latest_as_of(claims)
        if as_of is not None:
            tail.append(tr("Data as of {date}").format(date=fmt_day(as_of)))
        tail.append(tr(APP_NAME))
        lines = [tr("Source: {sources}").format(sources=sources_text(claims)), " · ".join(tail)]
        if edition is not None:
            said = tr("Data version {version}").format(version=edition.version)
            lines.append(f"{said} · {edition.link}" if edition.link else said)
        return lines


def citation_text(
    claims: pd.DataFrame, edition: Edition | None = None, variant: Variant = DEFAULT_VARIANT
) -> str:
    """A short credit to paste under the image in an article or a slide, ending with the data
    version and the permalink that shows the chart again."""
    with language(variant.lang):
        credit = _credit(claims)
        if edition is None:
            return credit
        said = tr("Data version {version}").format(version=edition.version)
        return f"{credit} {said}: {edition.link}" if edition.link else f"{credit} {said}"


def _credit(claims: pd.DataFrame) -> str:
    as_of = latest_as_of(claims)
    when = tr("; as of {date}").format(date=fmt_day(as_of)) if as_of is not None else ""
    if _independent(claims) is not None:
        return tr(
            "Chart: {app}. Data: official statements and independent estimates "
            "({sources}){when}. Official figures are as stated and not independently "
            "verified; the others are estimates."
        ).format(app=tr(APP_NAME), sources=sources_text(claims), when=when)
    trust = (
        tr("Figures are as stated and not independently verified.")
        if needs_caveat(claims)
        else tr("Figures are as stated and were corroborated by other sources.")
    )
    return tr("Chart: {app}. Data: official statements reported by {sources}{when}.").format(
        app=tr(APP_NAME), sources=outlet_list(claims), when=when
    ) + (" " + trust)
