"""How to use the kiosk, and people a visitor can talk to."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from kiosk.config import SupportContact
from kiosk.screens.base import BACK_HINT, KioskScreen

HOW_TO = (
    ("Number keys", "choose the thing with that number."),
    ("Arrow keys", "move up and down. Enter chooses."),
    ("Esc or Backspace", "go back one step. You can always go back."),
    ("0", "shows more, when a list is long."),
    ("Playing a story", "1 plays or pauses, 2 goes back, 3 goes forward, 4 stops."),
    ("When you leave", "the kiosk starts again by itself. It keeps nothing about you."),
)


def contact_words(contact: SupportContact) -> str:
    """One contact as a sentence or two."""
    parts = [contact.name]
    if contact.phone:
        parts.append(f"Phone {contact.phone}")
    if contact.hours:
        parts.append(contact.hours)
    words = ". ".join(parts) + "."
    return f"{words} {contact.about}" if contact.about else words


class HelpScreen(KioskScreen):
    """Keys first, then the centre's support contacts."""

    TITLE: ClassVar[str] = "Help"
    HINT: ClassVar[str] = f"↑↓: read more  ·  {BACK_HINT}"

    def compose_body(self) -> ComposeResult:
        """How to use the kiosk, then who to talk to."""
        with VerticalScroll(id="help", can_focus=True):
            yield Static(Content("How to use this screen"), classes="heading")
            for key, does in HOW_TO:
                yield Static(Content.assemble((f"{key}: ", "bold"), does), classes="detail")
            contacts = self.services.content.config.support
            if contacts:
                yield Static(Content("If you want to talk to someone"), classes="heading")
                for contact in contacts:
                    yield Static(Content(contact_words(contact)), classes="detail contact")

    def on_mount(self) -> None:
        """Arrows scroll the help."""
        self.query_one("#help").focus()
