"""Several app processes on one PostgreSQL database: an import through one shows on the
other's next page run (each reads the data version of the shared store on every run)."""

from __future__ import annotations

import re

from bench.server import streamlit_server
from recruitment.service import Store
from tests.fixtures import HEADER, ROOT, row, shoot, wait_ready

TOKEN = "two-servers-token"


def statement_count(page) -> int:
    text = page.get_by_text(re.compile(r"^\d+ statements?$")).first.inner_text()
    return int(text.split()[0])


def test_an_import_through_one_server_shows_on_the_other(postgres_url, tmp_path, page):
    Store.open(postgres_url).close()
    env = {"RECRUITMENT_DATABASE_URL": postgres_url, "RECRUITMENT_EDITOR_TOKEN": TOKEN}
    with (
        streamlit_server(ROOT / "app.py", tmp_path / "a.log", env=env) as (first, _),
        streamlit_server(ROOT / "app.py", tmp_path / "b.log", env=env) as (second, _),
    ):
        page.goto(f"{second}/sources")
        wait_ready(page)
        before = statement_count(page)

        page.goto(f"{first}/upload?editor={TOKEN}")
        wait_ready(page)
        page.get_by_role("textbox", name="Your name").fill("Ada")
        page.get_by_role("button", name="Start editing").click()
        page.get_by_text("Logged in as Ada").wait_for(timeout=30_000)
        data = (HEADER + "\n" + row(speaker="Second Server", value="123456") + "\n").encode()
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
            {"name": "one.csv", "mimeType": "text/csv", "buffer": data}
        )
        wait_ready(page)
        page.get_by_role("button", name="Import").click()
        page.get_by_text(re.compile(r"Imported as batch \d+")).wait_for(timeout=30_000)

        page.goto(f"{second}/sources?q=Second+Server")
        wait_ready(page)
        shoot(page, "two-servers-sources")
        assert statement_count(page) == 1
        page.goto(f"{second}/sources")
        wait_ready(page)
        assert statement_count(page) == before + 1
