"""A plain question with numbered answers, such as "Leave without sending?"."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on

from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.services import Services
from kiosk.ui.widgets import MenuItem, NumberedMenu


class AskScreen(KioskScreen):
    """Ask one question; dismissed with the chosen answer's value, or None on Back."""

    def __init__(
        self, services: Services, title: str, words: str, answers: Sequence[MenuItem]
    ) -> None:
        super().__init__(services)
        self._title = title
        self.words = words
        self.answers = list(answers)

    @property
    def title_text(self) -> str:
        """The question."""
        return self._title

    def page(self) -> Page:
        """What the question is about, and the answers."""
        return Page([Line(self.words)], self.answers)

    @on(NumberedMenu.Chosen)
    def choose(self, event: NumberedMenu.Chosen) -> None:
        """Answer."""
        self.dismiss(event.item.value)
