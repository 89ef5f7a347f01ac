"""Which version of a published chart to make: its theme and its language.

Every output (an image, an embed, a page of the static site) passes one `Variant` down the
same path: the figure is built in the variant's language (`Chart.figure_for`), laid out with
its words (`layout.publishable`) and then given its theme (`figures.themes.themed`), so no
output can show English words around a Russian chart or a light footer on a dark one.
"""

from __future__ import annotations

from dataclasses import dataclass

from recruitment.figures.themes import THEMES
from recruitment.i18n import LANGUAGES, SOURCE_LANGUAGE, check_language

THEME_LABELS = {"light": "Light", "dark": "Dark"}


@dataclass(frozen=True)
class Variant:
    """A theme (`light` or `dark`) and a language (a key of i18n.LANGUAGES)."""

    theme: str = "light"
    lang: str = SOURCE_LANGUAGE

    def __post_init__(self) -> None:
        if self.theme not in THEMES:
            raise ValueError(f"unknown theme {self.theme!r}: use one of {', '.join(THEMES)}")
        check_language(self.lang)

    @property
    def lang_suffix(self) -> str:
        """ ".ru" for Russian, nothing for English: what a file in words only carries."""
        return "" if self.lang == SOURCE_LANGUAGE else f".{self.lang}"

    @property
    def suffix(self) -> str:
        """What a file name carries before its extension: "" for light English (the names
        files always had), else ".ru", ".dark" or ".ru.dark"."""
        return self.lang_suffix + ("" if self.theme == "light" else f".{self.theme}")

    @property
    def label(self) -> str:
        """ "Dark, Русский", for progress lines and menus."""
        return f"{THEME_LABELS[self.theme]}, {LANGUAGES[self.lang]}"


DEFAULT_VARIANT = Variant()
