"""Shown at once when a message suggests its writer may be in crisis: people to talk to."""

from __future__ import annotations

from typing import ClassVar

from textual import on

from kiosk.ui.answers import SupportAnswer
from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.widgets import MenuItem, NumberedMenu
from kiosk.ui.wording import contact_lines


class SupportNowScreen(KioskScreen[SupportAnswer]):
    """Gentle words and the centre's support contacts; the visitor can carry on after."""

    WORDS: ClassVar[str] = "support_now"

    def page(self) -> Page:
        """The opening, each contact (numbers said digit by digit), and the way on."""
        lines = [
            Line(self.t("support_now.opening"), "note"),
            *contact_lines(self.pack, self.services.content.config),
            Line(self.t("support_now.staff")),
        ]
        choices = [
            MenuItem(self.t("support_now.carry_on"), SupportAnswer.CARRY_ON.value),
            MenuItem(self.t("support_now.back"), SupportAnswer.BACK.value),
        ]
        return Page(lines, choices, scroll="support-now")

    def on_mount(self) -> None:
        """The choices have the keys."""
        self.query_one(NumberedMenu).focus()

    @on(NumberedMenu.Chosen)
    def choose(self, event: NumberedMenu.Chosen) -> None:
        """Carry on (to the preview) or go back to the words."""
        self.dismiss(SupportAnswer(event.item.value))
