"""Upload: editors preview a CSV of new statements, import it as one batch, or undo a batch."""

import pandas as pd
import streamlit as st

from pages import common, deep_link, editor_login
from recruitment import kinds
from recruitment.formatting import escape_markdown, fmt_counted
from recruitment.ingest import importer
from recruitment.ingest.template import column_help, template_csv
from recruitment.service import ImportRefused
from recruitment.settings import upload_limit_mb

deep_link.ensure_app()
st.title("Upload")
st.caption("Add new statements from a CSV file. Every import is one batch that can be undone.")

PREVIEW = "upload_preview"
FLASH = "upload_flash"  # what the last import did, shown by the import
UNDONE = "undo_flash"  # what the last undo did, shown by the history
# Bumped after an import, so that the file uploader starts empty: the imported file left in
# it would be previewed again as all duplicates.
UPLOADS = "upload_count"
CONFIRM = "undo_asked"


def render_template() -> None:
    st.subheader("Templates")
    statements, series = st.columns(2)
    statements.download_button(
        "Statements template (CSV)", template_csv("claims"), file_name="recruitment-template.csv",
        mime="text/csv", icon=":material/download:",
    )  # fmt: skip
    series.download_button(
        "Series template (CSV)", template_csv("series"), file_name="series-template.csv",
        mime="text/csv", icon=":material/download:",
        help="A new series, official or independent, is imported before its statements.",
    )  # fmt: skip
    with st.expander("What each column means"):
        st.markdown("**Statements**")
        common.table(column_help("claims"), key="column-help")
        st.markdown("**Series**")
        common.table(column_help("series"), key="series-help")


editor = editor_login.editor(when_off=render_template)
who, leave = st.columns([4, 1])
who.caption(f"Logged in as {escape_markdown(editor)}.")
if leave.button("Log out", key="logout"):
    editor_login.log_out()
    st.session_state.pop(PREVIEW, None)
    st.rerun()

render_template()
store = common.store()

st.subheader("Import a file")
if FLASH in st.session_state:
    st.success(st.session_state.pop(FLASH))
limit = upload_limit_mb()
kind = st.selectbox("The file holds", kinds.KIND_NAMES, format_func=lambda k: kinds.KINDS[k].label,
                    key="upload_kind")  # fmt: skip
upload = st.file_uploader(
    "CSV file", type=["csv", "txt"], key=f"upload_file-{st.session_state.get(UPLOADS, 0)}",
    max_upload_size=limit,
    help=f"UTF-8 (Excel's cp1251 is recognised); at most {limit} MB.",
)  # fmt: skip
st.caption("Nothing is written until you press Import.")
if common.pinned_version() is not None:
    st.info(
        f"Imports and undos always apply to the latest data (version {common.latest_version()}), "
        "not to the version shown on the other pages.",
        icon=":material/info:",
    )


def get_preview(data: bytes, name: str) -> importer.Preview:
    """One preview per file, kind and store version, kept across reruns of this page. Imports
    always go to the latest data, whatever version a permalink shows elsewhere."""
    key = (importer.checksum(data), kind, name, common.latest_version())
    held = st.session_state.get(PREVIEW)
    if held is None or held[0] != key:
        with st.spinner("Checking every row…"):
            held = (key, store.preview(data, kind=kind, filename=name))
        st.session_state[PREVIEW] = held
    return held[1]


if upload is not None:
    data = upload.getvalue()
    too_large = importer.size_problem(len(data), limit)
    if too_large:
        st.error(too_large)
        st.stop()
    prepared = get_preview(data, upload.name)
    if prepared.parsed.encoding_note:
        st.warning(escape_markdown(prepared.parsed.encoding_note), icon=":material/translate:")
    counts = prepared.counts
    new, dup, conf, bad = st.columns(4)
    new.metric("new", counts["new"])
    dup.metric("duplicate (skipped)", counts["duplicate"])
    conf.metric("conflicting (stored, flagged)", counts["conflicting"])
    bad.metric("error", counts["rejected"])
    if prepared.parsed.file_level:
        for problem in prepared.problems:
            st.error(escape_markdown(str(problem)), icon=":material/error:")
        st.stop()
    problems = [p for p in prepared.problems if p.line is not None]
    if problems:
        st.error(
            f"{fmt_counted(len(problems), 'problem')} in {fmt_counted(counts['rejected'], 'row')}:"
        )
        common.table(
            pd.DataFrame([(p.line, p.column or "", p.reason) for p in problems],
                         columns=["line", "column", "problem"]),
            key="upload-problems",
        )  # fmt: skip
    common.table(prepared.table(), key="upload-preview")
    valid_only = False
    if counts["rejected"]:
        valid_only = st.checkbox("Import only the valid rows", key="valid_only")
    if st.button("Import", type="primary", key="import",
                 disabled=not prepared.importable(valid_only=valid_only)):  # fmt: skip
        bar = st.progress(0.0, text="Writing rows…")
        try:
            outcome = store.commit(
                prepared, created_by=editor, valid_only=valid_only,
                progress=lambda done, total: bar.progress(
                    done / total, text=f"Writing rows: {done:,} of {total:,}"
                ),
            )  # fmt: skip
        except ImportRefused as exc:
            bar.empty()
            st.error(escape_markdown(str(exc)), icon=":material/error:")
            st.stop()
        bar.empty()
        st.session_state.pop(PREVIEW, None)
        if outcome.batch_id is None:
            st.info("Nothing new to import: every row is already stored.")
        else:
            c = outcome.counts
            st.session_state[FLASH] = (
                f"Imported as batch {outcome.batch_id}: {c['new']} new, {c['conflicting']} "
                f"conflicting (stored and flagged), {fmt_counted(c['duplicate'], 'duplicate')} "
                "skipped."
            )
            # Run again, so the sidebar's data version shows the import; the batch offered for
            # undo is the new one (its widget is made below, after this).
            st.session_state["undo_batch"] = outcome.batch_id
            st.session_state[UPLOADS] = st.session_state.get(UPLOADS, 0) + 1
            st.rerun()
    elif not prepared.writable:
        st.info("Nothing to import: every valid row is already stored.")

st.subheader("History")
if UNDONE in st.session_state:
    st.success(st.session_state.pop(UNDONE))
batches = store.history()
if batches.empty:
    st.caption("No imports yet.")
    st.stop()
history = batches.assign(checksum=batches["checksum"].str[:12])
common.table(
    history[["id", "status", "created_at", "created_by", "kind", "filename", "new_rows",
             "conflicting_rows", "duplicate_rows", "rejected_rows", "undone_at", "checksum"]],
    key="history",
    column_config={
        "id": st.column_config.NumberColumn("batch", format="%d"),
        "created_at": st.column_config.DatetimeColumn("imported", format="D MMM YYYY, HH:mm"),
        "created_by": "by", "new_rows": "new", "conflicting_rows": "conflicting",
        "duplicate_rows": "duplicates skipped", "rejected_rows": "rejected",
        "undone_at": st.column_config.DatetimeColumn("undone", format="D MMM YYYY, HH:mm"),
    },
)  # fmt: skip
active = history.loc[history["status"] == "active", "id"].tolist()


def confirm_undo(batch: pd.Series) -> None:
    """Say what undoing `batch` withdraws, and undo it only when asked a second time."""
    rows = sum(int(batch[c]) for c in ("new_rows", "conflicting_rows"))
    st.warning(
        f"Undo batch {batch['id']}? It withdraws the {fmt_counted(rows, 'row')} that "
        f"{escape_markdown(batch['filename'] or 'its file')} added ({batch['kind']}, imported "
        f"by {escape_markdown(batch['created_by'] or 'unknown')} on "
        f"{pd.Timestamp(batch['created_at']):%d %b %Y %H:%M}). They stay in the history and "
        "in earlier data versions.",
        icon=":material/undo:",
    )
    yes, no, _ = st.columns([1.2, 1, 3])
    if yes.button(f"Withdraw batch {batch['id']}", type="primary", key="undo_confirm"):
        st.session_state.pop(CONFIRM, None)
        try:
            count = store.undo(int(batch["id"]), editor)
        except ImportRefused as exc:
            st.error(escape_markdown(str(exc)), icon=":material/error:")
            return
        st.session_state[UNDONE] = (
            f"Batch {batch['id']} undone: {fmt_counted(count, 'row')} withdrawn (kept in history)."
        )
        st.rerun()
    if no.button("Keep it", key="undo_cancel"):
        st.session_state.pop(CONFIRM, None)
        st.rerun()


if active:
    pick, go = st.columns([3, 1], vertical_alignment="bottom")
    chosen = pick.selectbox("Batch to undo", active, key="undo_batch")
    if go.button("Undo", key="undo"):
        st.session_state[CONFIRM] = chosen
    if st.session_state.get(CONFIRM) in active and st.session_state[CONFIRM] == chosen:
        confirm_undo(history.loc[history["id"] == chosen].iloc[0])
