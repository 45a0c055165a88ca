"""Reading visitors' messages before anyone else sees them: approve, reject, or edit.

The rules are kiosk/messages/moderation.py's, the same the command line keeps: a message held
by a watched word is approved only once it has been opened in full (choice 5), and one marked
urgent only after staff answer a second question.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on

from kiosk.messages.moderation import ModerationRefused, Refusal
from kiosk.messages.repository import Message, Status, StoreError
from kiosk.staff.wording import reason_words
from kiosk.ui.navigation import Place
from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.services import Services
from kiosk.ui.widgets import MenuItem, NumberedMenu

CHOICES = (
    MenuItem("Approve: other visitors can see and hear it", "approve"),
    MenuItem("Reject: no visitor will see it", "reject"),
    MenuItem("Edit out a detail, then approve", "edit"),
    MenuItem("Next, without deciding", "skip"),
    MenuItem("Read it in full", "read"),
)
NONE_WAITING = "No messages are waiting. Thank you."
HELD = "Held for a second look: press 5 to read it in full, then approve it."
URGENT_TITLE = "Approve an urgent message?"
URGENT_WORDS = (
    "This message is marked urgent: its words suggest the writer may be in crisis. "
    "Follow the centre's safeguarding steps first. Should other visitors see and hear it?"
)
URGENT_ANSWERS = (
    MenuItem("No, keep it waiting", "keep"),
    MenuItem("Yes, approve it", "approve"),
)
REJECT_TITLE = "Reject this message?"
REJECT_WORDS = "No visitor will ever see or hear it, and it cannot be approved later."
REJECT_ANSWERS = (
    MenuItem("No, keep it waiting", "keep"),
    MenuItem("Yes, reject it", "reject"),
)
"""Rejecting is for good, so it is confirmed, as approving an urgent message is (issue 34.6)."""


class ModerationScreen(KioskScreen[None]):
    """One pending message at a time: urgent ones first, then oldest first.

    The words are shown, never spoken: they have not been read by anyone yet.
    """

    STAFF: ClassVar[bool] = True
    TITLE: ClassVar[str] = "Messages to read"

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.queue: list[Message] = []
        self.index = 0
        self.read_in_full: set[int] = set()
        """Messages opened in full this time in staff mode (a held one needs it to be approved)."""
        self._load()

    def _load(self) -> None:
        try:
            self.queue = self.services.messages.queue()
        except StoreError:
            self.queue = []
        self.index = min(self.index, max(0, len(self.queue) - 1))

    @property
    def current(self) -> Message | None:
        """The message shown."""
        return self.queue[self.index] if self.queue else None

    def page(self) -> Page:
        """Where it is in the queue (said), why it was flagged and its words (shown only)."""
        message = self.current
        if message is None:
            # The choices stay (hidden) so the page keeps its shape as the queue empties.
            return Page([Line(NONE_WAITING, id="moderation-position")], CHOICES)
        urgent = " It is marked urgent." if message.urgent else ""
        where = f"Message {self.index + 1} of {len(self.queue)}"
        why = [reason_words(self.pack, reason) for reason in message.reasons]
        if message.held and message.id not in self.read_in_full:
            why.append(HELD)
        lines = [
            Line(
                f"{where}  ·  left {message.day:%d %B %Y}",
                id="moderation-position",
                said=f"{where}.{urgent} Its words are on the screen.",
            ),
            # Pending words are shown to staff, never spoken: nobody has read them yet.
            Line("\n".join(why), "error", said="", id="moderation-reasons"),
            Line(message.text, "message", private=True, id="moderation-text"),
        ]
        return Page(lines, CHOICES, scroll="moderation-message")

    def on_mount(self) -> None:
        """No choices to offer when nothing is waiting."""
        self.query_one(NumberedMenu).display = self.current is not None

    def show(self) -> None:
        """Show the current message (or that none are waiting)."""
        self.show_page(highlight=0)
        self.query_one(NumberedMenu).display = self.current is not None

    def where_words(self) -> str:
        """What is said of the message shown: where it is, never its words."""
        return self.shown_page.spoken_lines

    def decide(
        self,
        status: Status,
        text: str | None = None,
        *,
        urgent_ok: bool = False,
        back: bool = False,
    ) -> None:
        """Approve or reject the current message (with new words if edited), by the rules.

        `back` when called on the way back from a dialog: the outcome is said as the screen
        returns, instead of its whole introduction.
        """
        message = self.current
        if message is None:
            return
        messages = self.services.messages
        try:
            if status is Status.APPROVED:
                messages.approve(
                    message.id,
                    read_in_full=message.id in self.read_in_full,
                    urgent_confirmed=urgent_ok,
                    text=text,
                )
            else:
                messages.reject(message.id)
        except ModerationRefused as refused:
            if refused.refusal is Refusal.URGENT_UNCONFIRMED:
                self.router.open(
                    Place.ASK,
                    URGENT_TITLE,
                    URGENT_WORDS,
                    *URGENT_ANSWERS,
                    then=lambda answer: self._urgent_answered(message, text, answer),
                )
            else:
                self._tell(HELD, back)  # held, and not yet opened in full
            return
        except StoreError as error:
            self._tell(str(error), back)
            return
        self._load()
        self.show()
        done = "Approved." if status is Status.APPROVED else "Rejected."
        self._tell(f"{done} {self.where_words()}", back)

    def _tell(self, words: str, back: bool) -> None:
        if back:
            self.resume_words = words
        else:
            self.speak(words)

    @on(NumberedMenu.Chosen)
    def choose(self, event: NumberedMenu.Chosen) -> None:
        """Act on the choice."""
        choice = event.item.value
        if choice == "approve":
            self.decide(Status.APPROVED)
        elif choice == "reject" and self.current is not None:
            message = self.current
            self.router.open(
                Place.ASK,
                REJECT_TITLE,
                REJECT_WORDS,
                *REJECT_ANSWERS,
                then=lambda yes: self._reject_answered(message, yes),
            )
        elif choice == "edit" and self.current is not None:
            self.router.open(Place.EDIT_MESSAGE, self.current.text, then=self._edited)
        elif choice == "skip" and self.queue:
            self.index = (self.index + 1) % len(self.queue)
            self.show()
            self.speak(self.where_words())
        elif choice == "read" and self.current is not None:
            message = self.current
            self.router.open(
                Place.READ_IN_FULL, message.text, then=lambda done: self._read(message, done)
            )

    def _read(self, message: Message, whole: bool | None) -> None:
        """Back from reading it in full: `whole` when every line of it was on the screen."""
        if whole:
            self.read_in_full.add(message.id)
            self.show()

    def _urgent_answered(self, message: Message, text: str | None, yes: bool | None) -> None:
        """Back from "Approve an urgent message?": approve only on a clear yes."""
        if yes and self.current is message:
            self.decide(Status.APPROVED, text, urgent_ok=True, back=True)
        else:
            self._tell(f"Not approved. {self.where_words()}", back=True)

    def _reject_answered(self, message: Message, yes: bool | None) -> None:
        """Back from "Reject this message?": reject only on a clear yes."""
        if yes and self.current is message:
            self.decide(Status.REJECTED, back=True)
        else:
            self._tell(f"Not rejected. {self.where_words()}", back=True)

    def _edited(self, text: str | None) -> None:
        if text:
            self.decide(Status.APPROVED, text, back=True)
