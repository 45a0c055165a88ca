"""Thanks after a message is saved."""

from __future__ import annotations

from typing import ClassVar

from textual import on

from kiosk.ui.navigation import Place
from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.services import Services
from kiosk.ui.widgets import MenuItem, NumberedMenu
from kiosk.ui.wording import contact_lines


class ThanksScreen(KioskScreen[None]):
    """The message is on disk; say so, warmly, and offer what next.

    After words that suggest the writer may be in crisis (`urgent`), nothing promises that
    other visitors will hear it: the visitor is thanked, told staff will read it, and
    offered the people to talk to once more (issue 34).
    """

    WORDS: ClassVar[str] = "thanks"

    def __init__(self, services: Services, urgent: bool = False) -> None:
        super().__init__(services)
        self.urgent = urgent

    def page(self) -> Page:
        """Thanks and two ways on; after crisis words, the contacts again between them."""
        choices = [
            MenuItem(self.t("thanks.home"), "home"),
            MenuItem(self.t("thanks.hear"), "hear"),
        ]
        if not self.urgent:
            return Page([Line(self.t("thanks.thanks"), "note", id="thanks")], choices)
        lines = [
            Line(self.t("thanks.urgent"), "note", id="thanks"),
            Line(self.t("thanks.talk"), "heading"),
            *contact_lines(self.pack, self.services.content.config),
        ]
        # The contacts scroll above the choices, so every choice fits at 80x24 (row V2).
        return Page(lines, choices, scroll="thanks-lines")

    def on_mount(self) -> None:
        """The choices have the keys (the contacts above them may scroll)."""
        self.query_one(NumberedMenu).focus()

    def action_back(self) -> None:
        """Back from here is the start: the sent message is not for editing."""
        self.go_home()

    @on(NumberedMenu.Chosen)
    def choose(self, event: NumberedMenu.Chosen) -> None:
        """Go home, or on to hear others' messages."""
        self.go_home()
        if event.item.value == "hear":
            self.router.open(Place.HEAR_MESSAGES)
