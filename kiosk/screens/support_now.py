"""Shown at once when a message suggests its writer may be in crisis: people to talk to."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from kiosk.screens.base import KioskScreen
from kiosk.screens.help import contact_words
from kiosk.widgets import MenuItem, NumberedMenu

OPENING = (
    "Thank you for writing this. If you are struggling right now, you can talk to someone. "
    "You do not have to go through this alone."
)
STAFF = "A member of staff here will also read your message soon."


class SupportNowScreen(KioskScreen):
    """Gentle words and the centre's support contacts; the visitor can carry on after."""

    TITLE: ClassVar[str] = "You can talk to someone"
    INSTRUCTION: ClassVar[str] = "When you are ready, press 1 to carry on with your message."

    def spoken_body(self) -> str:
        """The opening, then each contact with its number digit by digit."""
        contacts = " ".join(
            contact_words(c, spoken=True) for c in self.services.content.config.support
        )
        return f"{OPENING} {contacts} {STAFF}"

    def compose_body(self) -> ComposeResult:
        """The words, the contacts, and the way on."""
        with VerticalScroll(id="support-now"):
            yield Static(Content(OPENING), classes="note")
            for contact in self.services.content.config.support:
                yield Static(Content(contact_words(contact)), classes="detail contact")
            yield Static(Content(STAFF), classes="intro")
        yield NumberedMenu(
            [
                MenuItem("Carry on with my message", "carry-on"),
                MenuItem("Go back to my message", "back"),
            ],
            id="support-menu",
        )

    def on_mount(self) -> None:
        """The choices have the keys."""
        self.query_one(NumberedMenu).focus()

    @on(NumberedMenu.Chosen)
    def choose(self, event: NumberedMenu.Chosen) -> None:
        """Carry on (to the preview) or go back to the words."""
        self.dismiss(event.item.value)
