"""How to use the kiosk, and people a visitor can talk to."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from kiosk.audio.words import digits_for_speech
from kiosk.config import SupportContact
from kiosk.controls import CONTROLS, NAVIGATION
from kiosk.screens.base import BACK_HINT, KioskScreen

HOW_TO = (
    *NAVIGATION,
    ("Playing a story", "1 plays or pauses, 2 goes back, 3 goes forward, 4 stops."),
    ("When you leave", "The kiosk starts again by itself. It keeps nothing about you."),
)


def contact_words(contact: SupportContact, *, spoken: bool = False) -> str:
    """One contact as a sentence or two (phone numbers digit by digit when spoken)."""
    parts = [contact.name]
    if contact.phone:
        parts.append(f"Phone {digits_for_speech(contact.phone) if spoken else contact.phone}")
    if contact.hours:
        parts.append(contact.hours)
    words = ". ".join(parts) + "."
    return f"{words} {contact.about}" if contact.about else words


class HelpScreen(KioskScreen):
    """Keys first, then the centre's support contacts."""

    TITLE: ClassVar[str] = "Help"
    HINT: ClassVar[str] = f"↑↓: read more  ·  {BACK_HINT}"
    INSTRUCTION: ClassVar[str] = "Press Escape to go back."

    def spoken_body(self) -> str:
        """Who to talk to first, then the keys."""
        parts = []
        contacts = self.services.content.config.support
        if contacts:
            parts.append("If you want to talk to someone:")
            parts += [contact_words(c, spoken=True) for c in contacts]
        parts.append("How to use this kiosk:")
        parts += [f"{key}: {does}" for key, does in HOW_TO]
        parts.append("Keys for the voice and the screen:")
        parts += [f"{c.said}: {c.does}" for c in CONTROLS]
        return " ".join(parts)

    def compose_body(self) -> ComposeResult:
        """How to use the kiosk, then who to talk to."""
        with VerticalScroll(id="help", can_focus=True):
            contacts = self.services.content.config.support
            if contacts:
                yield Static(Content("If you want to talk to someone"), classes="heading")
                for contact in contacts:
                    yield Static(Content(contact_words(contact)), classes="detail contact")
            yield Static(Content("How to use this screen"), classes="heading")
            for key, does in HOW_TO:
                yield Static(Content.assemble((f"{key}: ", "bold"), does), classes="detail")
            yield Static(Content("Keys for the voice and the screen"), classes="heading")
            for control in CONTROLS:
                yield Static(
                    Content.assemble((f"{control.label}: ", "bold"), control.does), classes="detail"
                )

    def on_mount(self) -> None:
        """Arrows scroll the help."""
        self.query_one("#help").focus()
