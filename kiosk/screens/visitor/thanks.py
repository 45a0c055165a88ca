"""Thanks after a message is saved."""

from __future__ import annotations

from typing import ClassVar

from textual import on

from kiosk.ui.navigation import Place
from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.widgets import MenuItem, NumberedMenu


class ThanksScreen(KioskScreen[None]):
    """The message is on disk; say so, warmly, and offer what next."""

    WORDS: ClassVar[str] = "thanks"

    def page(self) -> Page:
        """Thanks and two ways on."""
        choices = [
            MenuItem(self.t("thanks.home"), "home"),
            MenuItem(self.t("thanks.hear"), "hear"),
        ]
        return Page([Line(self.t("thanks.thanks"), "note", id="thanks")], choices)

    def action_back(self) -> None:
        """Back from here is the start: the sent message is not for editing."""
        self.go_home()

    @on(NumberedMenu.Chosen)
    def choose(self, event: NumberedMenu.Chosen) -> None:
        """Go home, or on to hear others' messages."""
        self.go_home()
        if event.item.value == "hear":
            self.router.open(Place.HEAR_MESSAGES)
