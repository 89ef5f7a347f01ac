"""The language of published charts: message catalogues and the active language.

Words a published chart shows are written in English in the code and marked `tr("...")`
(or `N_("...")` where a constant is defined, then `tr(CONSTANT)` where it is shown); their
translations are in `recruitment/locale/<lang>/LC_MESSAGES/messages.po`. The shipped data's
own words (series names and definitions, event labels) are in `data.po` beside it. Both are
read as .po files when first needed, so a fresh checkout needs no build step and a new
language is a folder of two files (docs/decisions.md, Variants).

The active language is a context variable set by `language(lang)` around a build, so figure
builders and formatting helpers keep their signatures: a figure built inside
`with language("ru"):` speaks Russian, and one built anywhere else English. Each thread starts
in English (Streamlit runs every session in its own thread).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from gettext import NullTranslations
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

# The language the code is written in, and every language a chart can be published in: it
# and each folder of catalogues, as each language names itself (what a language menu shows).
SOURCE_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).parent / "locale"
_TRANSLATED = sorted(p.parent.parent.name for p in LOCALE_DIR.glob("*/LC_MESSAGES/messages.po"))
LANGUAGES = {
    lang: Locale.parse(lang).get_display_name(lang).capitalize()
    for lang in [SOURCE_LANGUAGE, *_TRANSLATED]
}
# Words of the code, and words of the shipped data.
DOMAINS = ("messages", "data")

_active: ContextVar[str] = ContextVar("language", default=SOURCE_LANGUAGE)


def check_language(lang: str) -> str:
    """lang when it is one of LANGUAGES; ValueError with the choices otherwise."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
    return lang


@contextmanager
def language(lang: str) -> Iterator[str]:
    """Make `lang` the active language inside the block (and only in this thread)."""
    token = _active.set(check_language(lang))
    try:
        yield lang
    finally:
        _active.reset(token)


def active_language() -> str:
    return _active.get()


@functools.cache
def translations(lang: str, domain: str = "messages") -> NullTranslations:
    """The catalogue of one language and domain, read from its .po file once per process.

    The source language has none: its words are the message ids themselves."""
    if check_language(lang) == SOURCE_LANGUAGE:
        return NullTranslations()
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
    with path.open("rb") as po:
        catalog = read_po(po, locale=lang, domain=domain)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out, as msgfmt does
    compiled.seek(0)
    return Translations(compiled, domain=domain)


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is defined; `tr` translates it when shown."""
    return message


def tr(message: str) -> str:
    """The message in the active language (the English message when it has no translation)."""
    return translations(_active.get()).gettext(message)


def tr_plural(singular: str, plural: str, n: int) -> str:
    """The form of a message that goes with the number n, in the active language (Russian
    has three: 1 заявление, 2 заявления, 5 заявлений)."""
    return translations(_active.get()).ngettext(singular, plural, n)


def data_text(text: str) -> str:
    """A word of the shipped data (a series name, a definition, an event label) in the
    active language; data the catalogue does not know (a new upload) stays as written."""
    return translations(_active.get(), "data").gettext(text)
