"""Talk to someone now: the centre's contacts and the staff nearby, one key from Home."""

from __future__ import annotations

from typing import ClassVar

from textual import on

from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.widgets import MenuItem, NumberedMenu
from kiosk.ui.wording import contact_lines


class TalkNowScreen(KioskScreen[None]):
    """Gentle words, each contact (numbers said digit by digit), and that staff are here."""

    WORDS: ClassVar[str] = "talk_now"

    def page(self) -> Page:
        """The opening, the contacts and the staff; the contacts scroll above the choice."""
        lines = [
            Line(self.t("talk_now.opening"), "note"),
            *contact_lines(self.pack, self.services.content.config),
            Line(self.t("talk_now.staff")),
        ]
        return Page(lines, [MenuItem(self.t("talk_now.home"), "home")], scroll="talk-now")

    def on_mount(self) -> None:
        """The choice has the keys."""
        self.query_one(NumberedMenu).focus()

    @on(NumberedMenu.Chosen)
    def choose(self) -> None:
        """Back to the start."""
        self.go_home()
