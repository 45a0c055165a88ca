"""A yes-or-no question, such as "Leave without sending?", with its two answers numbered."""

from __future__ import annotations

from textual import on

from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.services import Services
from kiosk.ui.widgets import MenuItem, NumberedMenu


class AskScreen(KioskScreen[bool]):
    """Ask one question; dismissed with True for `yes`, False for `no`, or None on Back.

    `no` (the answer that holds back, such as "Keep writing") is shown first, then `yes`.
    Their values, which differ, are words for the voice ("stay", "leave":
    kiosk/listening/commands.py says which of them a spoken "yes" or "no" chooses) and tell
    the two apart; the answer is the bool.
    """

    def __init__(
        self, services: Services, title: str, words: str, no: MenuItem, yes: MenuItem
    ) -> None:
        super().__init__(services)
        self._title = title
        self.words = words
        self.answers = [no, yes]

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
        self.dismiss(event.item.value == self.answers[1].value)
