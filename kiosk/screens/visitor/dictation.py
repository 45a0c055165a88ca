"""A spoken message, written down: keep it, say it again, or change it with the keys.

The words are shown, never read out unless the visitor asks (accessibility row S7): a
message can be private, and the speaker is open to the room. Only text reaches this screen;
the recording itself is never kept anywhere.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on

from kiosk.ui.answers import DictationAnswer
from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.services import Services
from kiosk.ui.widgets import MenuItem, NumberedMenu

CHOICES = ("keep", "again", "edit", "read")


class DictationScreen(KioskScreen[DictationAnswer]):
    """Show what was heard; dismissed with a DictationAnswer, or None on Back."""

    WORDS: ClassVar[str] = "dictation"

    def __init__(self, services: Services, text: str) -> None:
        super().__init__(services)
        self.text = text

    def page(self) -> Page:
        """The words (shown, said only on request: row S7), how many, then the choices."""
        lines = [
            Line(self.t("dictation.shown")),
            Line(self.text, "note", private=True, id="dictated"),
            Line(self.pack.count("dictation.heard", len(self.text.split()))),
        ]
        return Page(lines, [MenuItem(self.t(f"dictation.{name}"), name) for name in CHOICES])

    @on(NumberedMenu.Chosen)
    def choose(self, event: NumberedMenu.Chosen) -> None:
        """Read back on request; anything else goes back to the message screen."""
        if event.item.value == "read":
            self.speak(self.t("dictation.read_aloud", text=self.text))
            return
        self.dismiss(DictationAnswer(event.item.value))
