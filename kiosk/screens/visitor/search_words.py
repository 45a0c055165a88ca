"""Typing words to search the groups for; spelling mistakes are forgiven."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from kiosk.core.text import one_line
from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.services import Services
from kiosk.ui.widgets.message_box import WordsBox
from kiosk.ui.widgets.typing_echo import TypingEcho


class SearchWordsScreen(KioskScreen[str]):
    """An input for search words; Enter keeps them (empty clears), Esc changes nothing."""

    WORDS: ClassVar[str] = "search_words"
    TYPES: ClassVar[bool] = True

    def __init__(self, services: Services, words: str = "") -> None:
        super().__init__(services)
        self.words = words
        self.echo = TypingEcho(self.speak, lambda: services.choices.typing, lambda: self.pack)

    def page(self) -> Page:
        """What to type, with an example."""
        return Page([Line(self.t("search_words.intro"))])

    def compose_live(self) -> ComposeResult:
        """The box the words are typed in."""
        yield WordsBox(self.words, id="search-input", max_length=60)
        yield from self.keyboard("touch.use")

    def on_mount(self) -> None:
        """Ready to type."""
        self.query_one(Input).focus()
        self.echo.reset(self.words)

    @on(Input.Changed)
    def typed(self, event: Input.Changed) -> None:
        """Say each word as it is finished."""
        self.echo.changed(event.value)

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        """Keep the words."""
        self.dismiss(one_line(event.value))
