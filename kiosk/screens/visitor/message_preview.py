"""Looking a message over before sending it; sending saves it for staff to read."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from kiosk.messages.repository import StoreError
from kiosk.messages.screening import Screening
from kiosk.ui.answers import PreviewAnswer
from kiosk.ui.pages import Announcement, Line, Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.services import Services
from kiosk.ui.widgets import MenuItem, NumberedMenu

SEND_CHOICES = ("send", "change", "discard", "read")
RETRY_CHOICES = ("retry", "change_it", "discard", "read")
"""After a failed save; "retry" sends again and "change_it" changes, in shorter words."""
_VALUES = {"retry": "send", "change_it": "change"}


class MessagePreviewScreen(KioskScreen[PreviewAnswer]):
    """Show the message as others will see it and ask whether to send it.

    Dismissed with SENT once the message is on disk, CHANGE to edit, DISCARD to drop.
    """

    WORDS: ClassVar[str] = "message_preview"

    def __init__(self, services: Services, text: str, found: Screening | None = None) -> None:
        super().__init__(services)
        self.text = text
        self.found = found or Screening()
        self._saving = False

    def page(self) -> Page:
        """The message as others will see it (read aloud only if chosen: row S7), and the answers."""
        lines = [
            Line(self.t("message_preview.this_is")),
            # Details that could identify someone are hidden here; staff see them and decide.
            Line(self.preview, "message", private=True, id="preview"),
        ]
        if self.found.hidden:
            lines.append(Line(self.t("message_preview.hidden")))
        # After crisis words, nothing promises that other visitors will see it (issue 11.9).
        staff_first = "staff_first_urgent" if self.found.urgent else "staff_first"
        lines.append(Line(self.t(f"message_preview.{staff_first}")))
        # The lines scroll, so a long message never pushes the answers off a small screen.
        return Page(lines, self._choices(SEND_CHOICES), scroll="preview-lines")

    def on_mount(self) -> None:
        """The answers take the keys (the message above them scrolls, and comes first)."""
        self.query_one(NumberedMenu).focus()

    def compose_live(self) -> ComposeResult:
        """Where saving has got to: "Saving your message…", or that it could not be saved."""
        yield Static("", id="send-status", classes="error")

    def _choices(self, names: tuple[str, ...]) -> list[MenuItem]:
        return [
            MenuItem(self.t(f"message_preview.{name}"), _VALUES.get(name, name)) for name in names
        ]

    @property
    def preview(self) -> str:
        """The message as others will see it, identifying details hidden, in the visitor's words."""
        return self.found.preview(self.text, lambda kind: self.t(f"message_preview.hidden_{kind}"))

    @property
    def said_preview(self) -> str:
        """The preview as read aloud: each hidden detail said as words, "phone number hidden".

        Said with its brackets, the note would be taken for markup and dropped, and the
        visitor would hear "Text me on anytime" (by ear, issue 12).
        """
        return self.found.preview(
            self.text, lambda kind: f", {self.t(f'message_preview.hidden_{kind}').strip('[]')}, "
        )

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
            self.speak(self.t("message_preview.read_aloud", text=self.said_preview))
        elif choice == "send":
            self._saving = True
            self.query_one("#send-status", Static).update(Content(self.t("message_preview.saving")))
            self.set_timer(1.0, self._still_saving)
            # The app's worker, not this screen's: the screen closes from inside it ("sent"),
            # and a screen's workers are cancelled as it closes, which cut this one short.
            self.app.run_worker(self.save, thread=True, exclusive=True, group="save-message")
        else:
            self.dismiss(PreviewAnswer(choice))

    def save(self) -> None:
        """Save in a thread: the screen says "sent" only once it is on disk."""
        try:
            self.services.messages.leave(self.text, self.found)
        except StoreError:
            self.app.call_from_thread(self._not_saved)
            return
        self.app.call_from_thread(self.dismiss, PreviewAnswer.SENT)

    def _still_saving(self) -> None:
        if self._saving:
            self.speak(self.t("screen.please_wait"))

    def _not_saved(self) -> None:
        self._saving = False
        not_saved = Announcement(
            self.t("message_preview.not_saved"), then=self.t("message_preview.try_again")
        )
        self.announce(not_saved, "send-status")
        self.query_one(NumberedMenu).set_items(self._choices(RETRY_CHOICES))
