"""Choosing a language: each one listed by its own name and said in its own voice (row S10).

Home offers this screen when the centre's kiosk.toml lists more than one language. Choosing
switches every word shown and said, and the voice, then goes back to Home in that language.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on

from kiosk.core.locale import Pack, load_pack
from kiosk.ui.languages import in_every_language
from kiosk.ui.pages import Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.widgets import MenuItem, NumberedMenu


class LanguageScreen(KioskScreen[None]):
    """Every offered language, by its own name; each is said in its own voice."""

    WORDS: ClassVar[str] = "language"

    @property
    def title_text(self) -> str:
        """The title in every language offered, "Language / 언어", so anyone can read it."""
        return in_every_language(self.services, "language.title")

    def packs(self) -> list[Pack]:
        """The languages in the order the centre gave them (the list must not move about)."""
        return [load_pack(code) for code in self.services.content.config.languages]

    def page(self) -> Page:
        """The languages, each by its own name, said in its own words and voice."""
        items = [
            MenuItem(
                pack.name,
                pack.code,
                said=pack.t("language.item", name=pack.name, number=number),
                language=pack.voice,
            )
            for number, pack in enumerate(self.packs(), 1)
        ]
        return Page(choices=items)

    def spoken_intro_parts(self) -> list[tuple[str, str | None]]:
        """The title and what to do in the visitor's language, then each language in its own."""
        intro = f"{self.t('language.title')}. {self.instruction}"
        items = self.query_one(NumberedMenu).items
        return [(intro, None), *((item.spoken, item.language) for item in items)]

    def say_position(self, event: NumberedMenu.Moved) -> None:
        """A language is said in its own voice, with its own words only."""
        if event.item is None:
            super().say_position(event)
            return
        self.speak(event.item.spoken, language=event.item.language)

    @on(NumberedMenu.Chosen)
    def choose(self, event: NumberedMenu.Chosen) -> None:
        """Switch to the chosen language and go back to Home in it."""
        self.shell.use_language(event.item.value)
