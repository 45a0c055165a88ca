"""Looking a message over before sending it; sending saves it for staff to read."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from kiosk.screening import Screening
from kiosk.screens.base import KioskScreen
from kiosk.services import Services
from kiosk.store import StoreError
from kiosk.usage import MESSAGE_LEFT
from kiosk.widgets import MenuItem, NumberedMenu

READ_ALOUD = MenuItem("Hear my message read aloud", "read")
SEND_CHOICES = (
    MenuItem("Yes, send it", "send"),
    MenuItem("No, I want to change it", "change"),
    MenuItem("Throw it away", "discard"),
    READ_ALOUD,
)
RETRY_CHOICES = (
    MenuItem("Try again", "send"),
    MenuItem("Change it", "change"),
    MenuItem("Throw it away", "discard"),
    READ_ALOUD,
)
HIDDEN_NOTE = "Details that could identify someone, like a phone number, are hidden here. A member of staff will check them."
NOT_SAVED = (
    "Sorry, your message could not be saved just now. It has not been sent. "
    "You can try again, or tell a member of staff."
)


class MessagePreviewScreen(KioskScreen):
    """Show the message as others will see it and ask whether to send it.

    Dismissed with "sent" once the message is on disk, "change" to edit, "discard" to drop.
    """

    TITLE: ClassVar[str] = "Send your message?"
    HINT: ClassVar[str] = "Number keys: choose  ·  Esc: change it"

    def __init__(self, services: Services, text: str, found: Screening | None = None) -> None:
        super().__init__(services)
        self.text = text
        self.found = found or Screening()
        self._saving = False

    def spoken_body(self) -> str:
        """Where the message is; it is read aloud only if the visitor chooses (row S7)."""
        return (
            "Your message is on the screen. It is not read aloud unless you press 4. "
            "Staff will read it first. Then other visitors can read and hear it."
        )

    def compose_body(self) -> ComposeResult:
        """The message, the question and the three answers."""
        yield Static(Content("This is your message:"), classes="intro")
        # Details that could identify someone are hidden here; staff see them and decide.
        yield Static(Content(self.found.preview(self.text)), id="preview", classes="message")
        if self.found.hidden:
            yield Static(Content(HIDDEN_NOTE), classes="intro")
        yield Static(
            Content("Staff will read it first. Then other visitors can read and hear it."),
            classes="intro",
        )
        yield Static("", id="send-status", classes="error")
        yield NumberedMenu(SEND_CHOICES, id="send-menu")

    def action_back(self) -> None:
        """Back means "change it": the words are kept."""
        self.action_choose("change")

    @on(NumberedMenu.Chosen)
    def chosen(self, event: NumberedMenu.Chosen) -> None:
        """Act on the answer."""
        self.action_choose(event.item.value)

    def action_choose(self, choice: str) -> None:
        """Send, change or discard."""
        if self._saving:
            return
        if choice == "read":
            self.speak(f"Your message: {self.found.preview(self.text)}")
        elif choice == "send":
            self._saving = True
            self.query_one("#send-status", Static).update(Content("Saving your message…"))
            self.set_timer(1.0, self._still_saving)
            self.save()
        else:
            self.dismiss(choice)

    @work(thread=True, exclusive=True)
    def save(self) -> None:
        """Save in a thread: the screen says "sent" only once it is on disk."""
        try:
            found = self.found
            self.services.store.add(
                self.text,
                self.services.clock.today(),
                reasons=found.reasons,
                urgent=found.urgent,
                held=found.held,
            )
            self.services.limits.sent()
            self.services.usage.count(MESSAGE_LEFT)
        except StoreError:
            self.app.call_from_thread(self._not_saved)
            return
        self.app.call_from_thread(self.dismiss, "sent")

    def _still_saving(self) -> None:
        if self._saving:
            self.speak("Please wait.")

    def _not_saved(self) -> None:
        self._saving = False
        self.speak(f"{NOT_SAVED} Press 1 to try again.")
        self.query_one("#send-status", Static).update(Content(NOT_SAVED))
        self.query_one(NumberedMenu).set_items(RETRY_CHOICES)
