"""The Upload page: editors only, a preview before anything is written, one-click undo."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from recruitment.auth import FREE_ATTEMPTS
from tests.fixtures import APP, Cli, csv_of, many_good, row

PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor_store(seeded, monkeypatch) -> str:
    monkeypatch.setenv("RECRUITMENT_EDITOR_PASSWORD", PASSWORD)
    return seeded


def upload_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90).run()
    at.switch_page("pages/upload.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def log_in(at: AppTest, password: str = PASSWORD, name: str = "Ada") -> AppTest:
    fields = {t.label: t for t in at.text_input}
    fields["Your name"].input(name)
    fields["Editor password"].input(password)
    at.button[0].click().run()  # the form's submit button
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at: AppTest, data: bytes, name: str = "new.csv") -> AppTest:
    at.file_uploader[0].set_value((name, data, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table_with(at: AppTest, column: str):
    """The first table showing `column` (plain st.dataframe elements carry no key)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def press(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_without_a_password_editing_is_off_and_says_how_to_turn_it_on(
    seeded, monkeypatch, tmp_path
):
    monkeypatch.delenv("RECRUITMENT_EDITOR_PASSWORD", raising=False)
    monkeypatch.setattr("recruitment.settings.SECRETS_FILE", tmp_path / "absent.toml")

    at = upload_page()

    assert "Editing is off" in at.info[0].value
    assert "RECRUITMENT_EDITOR_PASSWORD" in at.info[0].value
    assert not at.file_uploader


def test_wrong_password_is_refused_and_the_right_one_unlocks_upload(editor_store):
    at = log_in(upload_page(), password="guess")

    assert "Wrong password" in at.error[0].value
    assert not at.file_uploader

    log_in(at)

    assert at.file_uploader[0].label == "CSV file"
    assert any("Logged in as Ada" in c.value for c in at.caption)


def test_repeated_wrong_passwords_slow_down(editor_store):
    at = upload_page()
    for _ in range(FREE_ATTEMPTS + 1):
        log_in(at, password="guess")

    log_in(at)  # even the right password must wait now

    assert "Try again in" in at.error[0].value
    assert not at.file_uploader


def test_a_good_file_previews_then_imports(editor_store):
    before = Cli(editor_store).export()
    at = upload(
        log_in(upload_page()),
        csv_of(
            *many_good(3),
            row(
                announced_on="2023-09-03",
                as_of="2023-09-03",
                value="1000",
                period_start="2023-01-01",
            ),
        ),
    )

    metrics = {m.label: m.value for m in at.metric}
    assert metrics["new"] == "3" and metrics["conflicting (stored, flagged)"] == "1"
    preview = table_with(at, "status")
    assert list(preview["status"]) == ["new", "new", "new", "conflicting"]
    assert Cli(editor_store).export() == before  # nothing written yet

    press(at, "import")

    assert "Imported as batch" in at.success[0].value
    after = Cli(editor_store).export()
    assert after.count("\n") == before.count("\n") + 4


def test_a_bad_file_lists_its_errors_and_imports_nothing(editor_store):
    before = Cli(editor_store).export()
    at = upload(log_in(upload_page()), csv_of(row(), row(value="lots", url="ftp://x")))

    problems = table_with(at, "problem")
    assert problems[["line", "column"]].values.tolist() == [[3, "value"], [3, "url"]]
    assert at.button(key="import").disabled

    at.checkbox(key="valid_only").check().run()
    assert not at.button(key="import").disabled
    assert Cli(editor_store).export() == before


def imported_two() -> tuple[AppTest, int]:
    """The page after an editor imported two good rows, and the batch they went into."""
    at = press(upload(log_in(upload_page()), csv_of(*many_good(2))), "import")
    return at, int(at.success[0].value.split("batch ")[1].split(":")[0])


def test_a_file_level_problem_is_one_clear_message(editor_store):
    at = upload(log_in(upload_page()), b"\x89PNG\r\n\x1a\n\x00\x00junk" * 30, name="x.png.csv")

    assert "not a text" in at.error[0].value
    assert not [b for b in at.button if b.key == "import"]


def test_undo_restores_the_previous_state_and_is_recorded(editor_store):
    before = Cli(editor_store).export()
    at, batch = imported_two()

    at.selectbox(key="undo_batch").set_value(batch).run()
    press(at, "undo")
    # One click only asks: it says what the undo withdraws, and nothing is withdrawn yet.
    asked = at.warning[0].value.replace("\\", "")  # as shown: without Markdown escapes
    assert f"Undo batch {batch}? It withdraws the 2 rows that new.csv added" in asked
    assert Cli(editor_store).export() != before
    press(at, "undo_confirm")

    assert f"Batch {batch} undone" in at.success[0].value
    assert Cli(editor_store).export() == before
    history = table_with(at, "created_by")
    assert history.loc[history["id"] == batch, "status"].item() == "undone by Ada"


def test_an_undo_asked_for_can_be_called_off(editor_store):
    at, batch = imported_two()
    after_import = Cli(editor_store).export()

    press(press(at, "undo"), "undo_cancel")

    assert not [w for w in at.warning if "Undo batch" in w.value]
    assert Cli(editor_store).export() == after_import
    history = table_with(at, "created_by")
    assert history.loc[history["id"] == batch, "status"].item() == "active"


def test_after_an_import_the_file_is_cleared_and_the_success_shown_above(editor_store):
    at, _ = imported_two()

    assert at.file_uploader[0].value is None  # not previewed again as all duplicates
    assert not [i for i in at.info if "Nothing to import" in i.value]
    assert "Imported as batch" in at.success[0].value


def test_text_from_a_file_is_shown_as_text(editor_store):
    at = upload(
        log_in(upload_page()),
        csv_of(row(speaker="<img src=x onerror=alert(1)>", note="[click](javascript:alert(1))")),
    )

    preview = table_with(at, "status")
    assert preview["speaker"].tolist() == ["<img src=x onerror=alert(1)>"]
    assert all("javascript" not in m.value for m in at.markdown)


TOKEN = "a-token-made-at-server-start"


def opened_with(query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/upload.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_editor_link_unlocks_editing_and_leaves_the_address(seeded, monkeypatch):
    monkeypatch.delenv("RECRUITMENT_EDITOR_PASSWORD", raising=False)
    monkeypatch.setenv("RECRUITMENT_EDITOR_TOKEN", TOKEN)

    at = opened_with({"editor": TOKEN})

    assert "editor" not in at.query_params
    at.text_input[0].input("Grace")
    at.button[0].click().run()
    assert any("Logged in as Grace" in c.value for c in at.caption)
    assert at.file_uploader


@pytest.mark.parametrize("query", [{}, {"editor": "a-guess"}])
def test_without_the_right_editor_link_there_is_no_upload(seeded, monkeypatch, query):
    monkeypatch.delenv("RECRUITMENT_EDITOR_PASSWORD", raising=False)
    monkeypatch.setenv("RECRUITMENT_EDITOR_TOKEN", TOKEN)

    at = opened_with(query)

    assert not at.file_uploader
    assert "editor link" in at.info[0].value
    assert ("not the one of this server" in at.error[0].value) if query else not at.error


def test_a_configured_password_still_works_beside_a_token(editor_store, monkeypatch):
    monkeypatch.setenv("RECRUITMENT_EDITOR_TOKEN", TOKEN)

    at = log_in(opened_with({"editor": TOKEN}))

    assert any("Logged in as Ada" in c.value for c in at.caption)


def test_a_header_ending_in_empty_columns_previews_without_an_error_box(editor_store):
    from tests.fixtures import HEADER

    data = (HEADER + ",,\n" + row(value="123456") + ",,\n").encode()
    at = upload(log_in(upload_page()), data)

    preview = table_with(at, "status")
    assert preview["status"].tolist() == ["new"]
    assert {"column 18", "column 19"} <= set(preview.columns)  # after the 17 named ones
