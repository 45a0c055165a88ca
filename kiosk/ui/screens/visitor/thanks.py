"""Thanks after a message is saved."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from kiosk.ui.navigation import Place
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import MenuItem, NumberedMenu


class ThanksScreen(KioskScreen):
    """The message is on disk; say so, warmly, and offer what next."""

    WORDS: ClassVar[str] = "thanks"

    def spoken_body(self) -> str:
        """The thanks."""
        return self.t("thanks.thanks")

    def compose_body(self) -> ComposeResult:
        """Thanks and two ways on."""
        yield Static(Content(self.t("thanks.thanks")), id="thanks", classes="note")
        yield NumberedMenu(
            [
                MenuItem(self.t("thanks.home"), "home"),
                MenuItem(self.t("thanks.hear"), "hear"),
            ],
            id="thanks-menu",
        )

    def action_back(self) -> None:
        """Back from here is the start: the sent message is not for editing."""
        self.go_home()

    @on(NumberedMenu.Chosen)
    def choose(self, event: NumberedMenu.Chosen) -> None:
        """Go home, or on to hear others' messages."""
        self.go_home()
        if event.item.value == "hear":
            self.router.open(Place.HEAR_MESSAGES)
