"""Staff PIN entry: masked on screen, never spoken beyond "star" (accessibility row S6)."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Input, Static

from kiosk.staff.pin import MAX_DIGITS, Attempt
from kiosk.staff.wording import attempt_words
from kiosk.ui.navigation import Place
from kiosk.ui.pages import Announcement, Line, Page
from kiosk.ui.screen import BACK_HINT, KioskScreen
from kiosk.ui.services import Services


class PinScreen(KioskScreen[None]):
    """Type the staff PIN and press Enter; five wrong tries lock entry for five minutes."""

    STAFF: ClassVar[bool] = True
    TITLE: ClassVar[str] = "Staff PIN"
    HINT: ClassVar[str] = f"Type the PIN, then Enter  ·  {BACK_HINT}"
    INSTRUCTION: ClassVar[str] = "Type the staff PIN, then press Enter. Press Escape to go back."

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.staff_lock = services.staff_lock
        self._length = 0
        self._checking = False

    def page(self) -> Page:
        """Who this is for."""
        return Page([Line("This is for staff. Visitors: press Escape to go back.")])

    def compose_live(self) -> ComposeResult:
        """The masked box and a line for what happened."""
        yield Input(password=True, restrict=r"[0-9]*", max_length=MAX_DIGITS, id="pin-input")
        yield Static("", id="pin-result", classes="error")

    def on_mount(self) -> None:
        """Ready to type."""
        self.query_one(Input).focus()

    @on(Input.Changed)
    def typed(self, event: Input.Changed) -> None:
        """Each key is "star"; a deletion is "deleted". The digits are never said."""
        length = len(event.value)
        if length == self._length:
            return  # cleared by the kiosk after a try, not by a key
        self.speak("star" if length > self._length else "deleted")
        self._length = length

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        """Check the PIN off the screen's thread (the hash is slow on purpose)."""
        if self._checking:
            return
        self._checking = True
        # The check is slow on purpose (about a second): say so rather than wait in silence.
        self.announce(Announcement("Checking. Please wait."), "pin-result")
        self.check(event.value)

    @work(thread=True, exclusive=True)
    def check(self, pin: str) -> None:
        """Try the PIN and report back."""
        attempt = self.staff_lock.try_pin(pin)
        self.app.call_from_thread(self._checked, attempt)

    def _checked(self, attempt: Attempt) -> None:
        self._checking = False
        self._length = 0
        self.query_one(Input).value = ""
        if attempt.ok:
            self.router.open(Place.STAFF_MENU, attempt.short, replace=True)
            return
        self.announce(Announcement(attempt_words(self.pack, attempt)), "pin-result")

    def describe_key(self, key: str) -> str | None:
        """Digits type the PIN: key help never says which digit (row S6)."""
        return self.describe_digit(0) if key.isdigit() else None

    def describe_digit(self, number: int) -> str:
        """In key help, say what digits do here without saying which digit."""
        return "Number keys type the PIN. The numbers are never said aloud."
