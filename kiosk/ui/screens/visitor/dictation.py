"""A spoken message, written down: keep it, say it again, or change it with the keys.

The words are shown, never read out unless the visitor asks (accessibility row S7): a
message can be private, and the speaker is open to the room. Only text reaches this screen;
the recording itself is never kept anywhere.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.services import Services
from kiosk.ui.widgets import MenuItem, NumberedMenu

CHOICES = ("keep", "again", "edit", "read")


class DictationScreen(KioskScreen):
    """Show what was heard; dismissed with "keep", "again", "edit", or None on Back."""

    WORDS: ClassVar[str] = "dictation"

    def __init__(self, services: Services, text: str) -> None:
        super().__init__(services)
        self.text = text

    def spoken_body(self) -> str:
        """How much was written down, not what (row S7)."""
        return self.pack.count("dictation.heard", len(self.text.split()))

    def compose_body(self) -> ComposeResult:
        """The words, then the choices."""
        yield Static(Content(self.t("dictation.shown")), classes="intro")
        yield Static(Content(self.text), id="dictated", classes="note")
        yield NumberedMenu(
            [MenuItem(self.t(f"dictation.{name}"), name) for name in CHOICES], id="dictation-menu"
        )

    @on(NumberedMenu.Chosen)
    def choose(self, event: NumberedMenu.Chosen) -> None:
        """Read back on request; anything else goes back to the message screen."""
        if event.item.value == "read":
            self.speak(self.t("dictation.read_aloud", text=self.text))
            return
        self.dismiss(event.item.value)
