"""Staff mode: messages to read, content problems, usage counts, and a sound check."""

from __future__ import annotations

from typing import ClassVar

from textual import on

from kiosk.core.text import plural
from kiosk.messages.repository import StoreError
from kiosk.staff.pin import MIN_DIGITS
from kiosk.ui.navigation import Place
from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.services import Services
from kiosk.ui.widgets import MenuItem, NumberedMenu

STAFF_NOTE = "Staff mode ends by itself after a short time with no keys pressed."
SHORT_PIN = (
    f"The staff PIN is shorter than {MIN_DIGITS} digits, which is easy to guess. "
    "Please set a longer one: kiosk staff set-pin"
)


class StaffMenuScreen(KioskScreen[None]):
    """What staff can do from the kiosk itself."""

    STAFF: ClassVar[bool] = True
    TITLE: ClassVar[str] = "Staff"

    def __init__(self, services: Services, short_pin: bool = False) -> None:
        super().__init__(services)
        self.short_pin = short_pin
        """The PIN that opened staff mode is shorter than a new one may be."""
        self._fresh = True
        """The counts were just read for the first drawing: no need to read them again."""

    def page(self) -> Page:
        """When staff mode ends, and the choices with their counts."""
        lines = [Line(SHORT_PIN, "error")] if self.short_pin else []
        return Page([*lines, Line(STAFF_NOTE)], self._items())

    def _items(self) -> list[MenuItem]:
        try:
            queue = self.services.messages.queue()
        except StoreError:
            queue = []
        urgent = sum(1 for m in queue if m.urgent)
        waiting = (
            plural(len(queue), "message") + " waiting" + (f", {urgent} URGENT" if urgent else "")
        )
        # Notes (a draft transcript) are on that screen too, but nothing is wrong.
        problems = plural(sum(not p.notice for p in self.services.content.problems), "problem")
        return [
            MenuItem(f"Messages to read ({waiting})", Place.MODERATION),
            MenuItem(f"Content problems ({problems})", Place.CONTENT_PROBLEMS),
            MenuItem("Usage counts", Place.USAGE),
            MenuItem("Check the sound", Place.SOUND_CHECK),
            MenuItem("Leave staff mode", "leave"),
        ]

    def arrived(self) -> None:
        """On the way back as staff work, show the counts as they are now."""
        if not self._fresh:
            self.show_page()
        self._fresh = False
        super().arrived()

    def action_back(self) -> None:
        """Back leaves staff mode."""
        self.go_home()

    @on(NumberedMenu.Chosen)
    def choose(self, event: NumberedMenu.Chosen) -> None:
        """Open a staff screen, or leave."""
        if event.item.value == "leave":
            self.go_home()
        else:
            self.router.open(event.item.value)
