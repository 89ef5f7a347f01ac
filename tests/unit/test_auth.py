"""Editor login throttling: the guesser is slowed, not the editor (recruitment.auth), with
attempts counted in a real store so that every app process sees them."""

from __future__ import annotations

import datetime as dt

import pytest

from recruitment.auth import (
    FREE_ATTEMPTS,
    GLOBAL_CEILING,
    WINDOW,
    LoginHistory,
    check_password,
    client_key,
    wait_seconds,
)
from recruitment.service import Store

NOW = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)
SECRET = "a long passphrase"


@pytest.fixture
def store(sqlite_url) -> Store:
    return Store.open(sqlite_url, seed=False)


def attempt(store: Store, who: str, password: str, at: dt.datetime) -> tuple[bool, str]:
    return check_password(password, SECRET, client=client_key(who), ledger=store, now=at)


def test_a_guesser_waits_after_three_wrong_passwords_but_an_editor_elsewhere_does_not(store):
    for i in range(FREE_ATTEMPTS + 1):
        attempt(store, "10.0.0.66", "guess", NOW + dt.timedelta(seconds=i))

    guesser = attempt(store, "10.0.0.66", SECRET, NOW + dt.timedelta(seconds=4))
    editor = attempt(store, "10.0.0.7", SECRET, NOW + dt.timedelta(seconds=4))

    assert guesser[0] is False and "Try again in" in guesser[1]
    assert editor == (True, "")


def test_the_wait_doubles_and_ends(store):
    for i in range(FREE_ATTEMPTS + 2):  # the fifth waits 2 s after the fourth
        attempt(store, "10.0.0.66", "guess", NOW + dt.timedelta(seconds=2 * i))
    last = NOW + dt.timedelta(seconds=2 * (FREE_ATTEMPTS + 1))

    history = store.login_history(client_key("10.0.0.66"), last)
    assert history.failures_in_a_row == FREE_ATTEMPTS + 2
    assert wait_seconds(history, last) == 4  # 2 ** (5 - 3)
    assert attempt(store, "10.0.0.66", SECRET, last + dt.timedelta(seconds=5)) == (True, "")


def test_many_addresses_guessing_at_once_wait_out_the_window_but_a_clean_client_gets_in(store):
    for i in range(GLOBAL_CEILING + 1):
        attempt(store, f"10.1.{i // 250}.{i % 250}", "guess", NOW)

    again = attempt(store, "10.1.0.3", "guess", NOW + dt.timedelta(minutes=1))
    editor = attempt(store, "192.168.1.20", SECRET, NOW + dt.timedelta(minutes=1))
    later = attempt(store, "10.1.0.3", SECRET, NOW + WINDOW + dt.timedelta(seconds=1))

    assert again[0] is False and "Try again in" in again[1]
    assert editor == (True, "")
    assert later == (True, "")


def test_attempts_are_counted_in_the_store_for_every_process(sqlite_url):
    first, second = Store.open(sqlite_url, seed=False), Store.open(sqlite_url, seed=False)
    for _ in range(FREE_ATTEMPTS + 1):
        attempt(first, "10.0.0.66", "guess", NOW)

    assert attempt(second, "10.0.0.66", SECRET, NOW)[0] is False


def test_wait_is_zero_without_a_wrong_password():
    assert wait_seconds(LoginHistory(0, None, GLOBAL_CEILING * 2), NOW) == 0
