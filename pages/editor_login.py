"""Who may edit, and how they say so: an editor password, Streamlit's own login (OpenID
Connect) with an allowlist of e-mail addresses, or, with neither configured, the one-time
editor link that `python -m recruitment serve` (make run) prints when the server starts.

`editor()` returns the editor's name for the import history, or renders the way in and stops
the page. Reading the dashboard never needs any of this.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable

import streamlit as st

from pages import common
from recruitment.auth import check_password, client_key
from recruitment.settings import editor_emails, editor_password, editor_token, login_configured

EDITOR = "editor_name"
# Set once the editor link was opened in this browser session.
LINK_OK = "editor_link_ok"
LINK_PARAM = "editor"


def editor(when_off: Callable[[], None] = lambda: None) -> str:
    """The logged-in editor's name, or the way in rendered and the page stopped; with no way
    in configured, a note saying how to turn editing on, then `when_off()`."""
    if st.session_state.get(EDITOR):
        return st.session_state[EDITOR]
    password = editor_password()
    if password is not None:
        _password_form(password)
    elif login_configured():
        _login_with_provider()
    elif editor_token() is not None:
        _editor_link(editor_token())
    else:
        st.info(
            "Editing is off on this server. Start it with `make run` (or `python -m recruitment "
            "serve`), which prints a one-time editor link; or set an editor password "
            "(`RECRUITMENT_EDITOR_PASSWORD`), or configure Streamlit's login with an `[auth]` "
            "section and `RECRUITMENT_EDITOR_EMAILS` in `.streamlit/secrets.toml` (never commit "
            "that file). Reading the dashboard never needs a login.",
            icon=":material/lock:",
        )
        when_off()
    st.stop()


def log_out() -> None:
    st.session_state.pop(EDITOR, None)
    st.session_state.pop(LINK_OK, None)
    if login_configured() and st.user.is_logged_in:
        st.logout()


def _password_form(password: str) -> None:
    st.subheader("Editor login")
    with st.form("login", clear_on_submit=False):
        name = st.text_input("Your name", help="Recorded in the import history.")
        given = st.text_input("Editor password", type="password")
        submitted = st.form_submit_button("Log in", type="primary")
    if submitted:
        ok, message = check_password(
            given, password, client=client_key(st.context.ip_address), ledger=common.store()
        )
        if ok and name.strip():
            st.session_state[EDITOR] = name.strip()
            st.rerun()
        st.error(message or "Enter your name too: the history records who imported what.")


def _login_with_provider() -> None:
    if not st.user.is_logged_in:
        st.subheader("Editor login")
        st.button("Log in", type="primary", on_click=st.login, key="oidc-login")
        return
    email = str(st.user.get("email") or "").lower()
    if email not in editor_emails():
        st.warning(
            f"You are logged in as {email or 'an account without an e-mail address'}, which is "
            "not on this server's list of editors (RECRUITMENT_EDITOR_EMAILS).",
            icon=":material/lock:",
        )
        st.button("Log out", on_click=st.logout, key="oidc-logout")
        return
    st.session_state[EDITOR] = str(st.user.get("name") or email)
    st.rerun()


def _editor_link(token: str) -> None:
    given = st.query_params.get(LINK_PARAM)
    if given is not None:
        # Out of the address bar at once, so it is not shared with a copied link.
        del st.query_params[LINK_PARAM]
        if hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
            st.session_state[LINK_OK] = True
        else:
            st.error("That editor link is not the one of this server: it changes each start.")
    if not st.session_state.get(LINK_OK):
        st.info(
            "To edit, open the editor link printed in the terminal where this server was "
            "started (`make run`). It is valid until the server stops.",
            icon=":material/lock:",
        )
        return
    st.subheader("Editor")
    with st.form("editor-name"):
        name = st.text_input("Your name", help="Recorded in the import history.")
        if st.form_submit_button("Start editing", type="primary") and name.strip():
            st.session_state[EDITOR] = name.strip()
            st.rerun()
