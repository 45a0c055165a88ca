"""Messages other visitors left, that staff have read and approved: one at a time."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType

from kiosk.messages.repository import Message, StoreError
from kiosk.ui.navigation import Place
from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.services import Services
from kiosk.ui.widgets import MenuItem, NumberedMenu


class HearMessagesScreen(KioskScreen[None]):
    """Approved messages, newest first; next and previous go round in a circle."""

    WORDS: ClassVar[str] = "hear_messages"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right", "step(1)", show=False),
        Binding("left", "step(-1)", show=False),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.index = 0
        self.problem: str | None = None
        """The pack's key for why the messages cannot be shown, if they cannot."""
        self.messages: list[Message] = []
        try:
            # Only approved messages, ever: pending ones have not been read by staff.
            self.messages = services.messages.approved()
        except StoreError:
            self.problem = "hear_messages.cannot_read"

    @property
    def hint_text(self) -> str:
        """Next and previous only when there are messages to step through."""
        return super().hint_text if self.messages else self.t("screen.hint")

    def page(self) -> Page:
        """Where the message is in the list, the message (approved, so said aloud), next/previous."""
        if not self.messages:
            none = Line(self.t(self.problem or "hear_messages.none"), "notice")
            return Page([none], [MenuItem(self.t("hear_messages.leave"), "leave")])
        position = self.t("hear_messages.position", number=self.index + 1, total=len(self.messages))
        lines = [
            Line(position, id="position"),
            Line(self.messages[self.index].text, "message", id="message"),
        ]
        choices = [
            MenuItem(self.t("hear_messages.next"), 1),
            MenuItem(self.t("hear_messages.previous"), -1),
        ]
        return Page(lines, choices)

    def on_mount(self) -> None:
        """The first message is heard."""
        if self.messages:
            self.services.messages.heard()

    def action_step(self, step: int) -> None:
        """Move to the next (1) or previous (-1) message, and say it."""
        if self.messages:
            self.index = (self.index + step) % len(self.messages)
            self.services.messages.heard()
            self.show_page()
            self.speak(self.shown_page.spoken_lines)

    @on(NumberedMenu.Chosen)
    def choose(self, event: NumberedMenu.Chosen) -> None:
        """Next, previous, or (with none yet) leave one."""
        if event.item.value == "leave":
            self.router.open(Place.LEAVE_MESSAGE, replace=True)
            return
        self.action_step(event.item.value)
