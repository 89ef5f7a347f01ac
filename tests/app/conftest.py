"""AppTest fixtures: fresh Streamlit caches and a seeded SQLite store per test."""

from __future__ import annotations

import pytest
import streamlit as st

from recruitment.service import Store


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def seeded(sqlite_url, monkeypatch) -> str:
    Store.open(sqlite_url).close()
    monkeypatch.setenv("RECRUITMENT_DATABASE_URL", sqlite_url)
    return sqlite_url
