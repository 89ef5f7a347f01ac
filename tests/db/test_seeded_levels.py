"""A fresh store holds the seed article's offers and the sourced payments as level claims."""

from __future__ import annotations

from recruitment.methodology.levels import level_claims
from recruitment.service import Store

ARTICLE = "American Chronicles (republished article)"


def test_a_fresh_store_holds_the_article_offers_and_sourced_payments(store_url):
    store = Store.open(store_url)
    levels = level_claims(store.claims())
    store.close()

    article = levels[levels["outlet"] == ARTICLE]
    said = set(zip(article["series"], article["region"], article["value"], strict=True))
    assert {
        ("foreign-signup-offer", "Armenia", 495_000),
        ("foreign-signup-offer", "Kazakhstan", 495_000),
        ("foreign-monthly-pay-offer", "Armenia", 190_000),
        ("foreign-monthly-pay-offer", "Kazakhstan", 190_000),
        ("foreign-monthly-pay-offer-usd", "Central Asia (migrants in Russia)", 4_160),
    } <= said
    payments = levels[levels["series"].isin(["regional-signup-payment", "federal-signup-payment"])]
    assert len(payments) >= 20
    assert payments["url"].str.startswith("https://").all()
    assert payments["quote"].str.len().gt(0).all()
    assert payments["region"].nunique() >= 20
