"""Shown at once when a message suggests its writer may be in crisis: people to talk to."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import MenuItem, NumberedMenu
from kiosk.ui.wording import contact_words


class SupportNowScreen(KioskScreen):
    """Gentle words and the centre's support contacts; the visitor can carry on after."""

    WORDS: ClassVar[str] = "support_now"

    def spoken_body(self) -> str:
        """The opening, then each contact with its number digit by digit."""
        contacts = " ".join(
            contact_words(c, self.pack, spoken=True) for c in self.services.content.config.support
        )
        return f"{self.t('support_now.opening')} {contacts} {self.t('support_now.staff')}"

    def compose_body(self) -> ComposeResult:
        """The words, the contacts, and the way on."""
        with VerticalScroll(id="support-now"):
            yield Static(Content(self.t("support_now.opening")), classes="note")
            for contact in self.services.content.config.support:
                yield Static(Content(contact_words(contact, self.pack)), classes="detail contact")
            yield Static(Content(self.t("support_now.staff")), classes="intro")
        yield NumberedMenu(
            [
                MenuItem(self.t("support_now.carry_on"), "carry-on"),
                MenuItem(self.t("support_now.back"), "back"),
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
