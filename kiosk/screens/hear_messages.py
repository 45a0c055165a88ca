"""Messages other visitors left, that staff have read and approved: one at a time."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from kiosk.screens.base import BACK_HINT, KioskScreen
from kiosk.services import Services
from kiosk.store import Message, StoreError
from kiosk.usage import MESSAGE_HEARD
from kiosk.widgets import MenuItem, NumberedMenu

NONE_YET = "There are no messages to hear yet. You could be the first to leave one."
CANNOT_READ = "Sorry, the messages cannot be read just now. Please tell a member of staff."


class HearMessagesScreen(KioskScreen):
    """Approved messages, newest first; next and previous go round in a circle."""

    TITLE: ClassVar[str] = "Messages from other visitors"
    HINT: ClassVar[str] = f"1 or →: next  ·  2 or ←: previous  ·  {BACK_HINT}"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right", "step(1)", "Next message", show=False),
        Binding("left", "step(-1)", "Previous message", show=False),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.index = 0
        self.problem: str | None = None
        self.messages: list[Message] = []
        try:
            # Only approved messages, ever: pending ones have not been read by staff.
            self.messages = services.store.approved()
        except StoreError:
            self.problem = CANNOT_READ

    def compose_body(self) -> ComposeResult:
        """The message shown, where it is in the list, and next/previous."""
        if not self.messages:
            yield Static(Content(self.problem or NONE_YET), classes="notice")
            yield NumberedMenu([MenuItem("Leave a message", "leave")], id="messages-menu")
            return
        yield Static("", id="position", classes="intro")
        yield Static("", id="message", classes="message")
        yield NumberedMenu(
            [MenuItem("Next message", 1), MenuItem("Previous message", -1)], id="messages-menu"
        )

    def spoken_body(self) -> str:
        """The message shown (approved by staff, so fine to say aloud)."""
        if not self.messages:
            return self.problem or NONE_YET
        return self._message_words()

    def _message_words(self) -> str:
        return f"Message {self.index + 1} of {len(self.messages)}. {self.messages[self.index].text}"

    def on_mount(self) -> None:
        """Show the first message."""
        self.show()

    def show(self) -> None:
        """Show the message at `index`."""
        if not self.messages:
            return
        message = self.messages[self.index]
        self.services.usage.count(MESSAGE_HEARD)
        words = f"Message {self.index + 1} of {len(self.messages)}"
        self.query_one("#position", Static).update(Content(words))
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
            from kiosk.screens import LeaveMessageScreen

            self.app.switch_screen(LeaveMessageScreen(self.services))
            return
        self.action_step(event.item.value)
