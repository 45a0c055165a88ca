"""Messages other visitors left, that staff have read and approved: one at a time."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from kiosk.messages.store import Message, StoreError
from kiosk.ui.navigation import Place
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.services import Services
from kiosk.ui.widgets import MenuItem, NumberedMenu
from kiosk.usage.counting import MESSAGE_HEARD


class HearMessagesScreen(KioskScreen):
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
            self.messages = services.store.approved()
        except StoreError:
            self.problem = "hear_messages.cannot_read"

    def compose_body(self) -> ComposeResult:
        """The message shown, where it is in the list, and next/previous."""
        if not self.messages:
            yield Static(Content(self.t(self.problem or "hear_messages.none")), classes="notice")
            yield NumberedMenu(
                [MenuItem(self.t("hear_messages.leave"), "leave")], id="messages-menu"
            )
            return
        yield Static("", id="position", classes="intro")
        yield Static("", id="message", classes="message")
        yield NumberedMenu(
            [
                MenuItem(self.t("hear_messages.next"), 1),
                MenuItem(self.t("hear_messages.previous"), -1),
            ],
            id="messages-menu",
        )

    def spoken_body(self) -> str:
        """The message shown (approved by staff, so fine to say aloud)."""
        if not self.messages:
            return self.t(self.problem or "hear_messages.none")
        return self._message_words()

    def _position(self) -> str:
        return self.t("hear_messages.position", number=self.index + 1, total=len(self.messages))

    def _message_words(self) -> str:
        return f"{self._position()}. {self.messages[self.index].text}"

    def on_mount(self) -> None:
        """Show the first message."""
        self.show()

    def show(self) -> None:
        """Show the message at `index`."""
        if not self.messages:
            return
        message = self.messages[self.index]
        self.services.usage.count(MESSAGE_HEARD)
        self.query_one("#position", Static).update(Content(self._position()))
        self.query_one("#message", Static).update(Content(message.text))

    def action_step(self, step: int) -> None:
        """Move to the next (1) or previous (-1) message."""
        if self.messages:
            self.index = (self.index + step) % len(self.messages)
            self.show()
            self.speak(self._message_words())

    @on(NumberedMenu.Chosen)
    def choose(self, event: NumberedMenu.Chosen) -> None:
        """Next, previous, or (with none yet) leave one."""
        if event.item.value == "leave":
            self.router.open(Place.LEAVE_MESSAGE, replace=True)
            return
        self.action_step(event.item.value)
