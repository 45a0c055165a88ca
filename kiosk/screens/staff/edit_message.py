"""Staff editing a detail out of a message before approving it."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult

from kiosk.core.text import one_line
from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import BACK_HINT, KioskScreen
from kiosk.ui.services import Services
from kiosk.ui.widgets.message_box import MessageBox


class EditMessageScreen(KioskScreen[str]):
    """The message in a box; Enter approves the edited words, Escape changes nothing."""

    STAFF: ClassVar[bool] = True
    TITLE: ClassVar[str] = "Edit, then approve"
    HINT: ClassVar[str] = (
        f"Change the words  ·  Enter: approve them  ·  {BACK_HINT} without changing"
    )
    INSTRUCTION: ClassVar[str] = (
        "Change the words, then press Enter to approve them. Escape changes nothing."
    )

    def __init__(self, services: Services, text: str) -> None:
        super().__init__(services)
        self.text = text

    def page(self) -> Page:
        """What to do."""
        return Page([Line("Take out anything that could identify someone.")])

    def compose_live(self) -> ComposeResult:
        """The box with the words."""
        yield MessageBox(4000, text=self.text, id="edit-box")

    def on_mount(self) -> None:
        """Ready to edit, at the end of the words."""
        box = self.query_one(MessageBox)
        box.focus()
        box.move_cursor(box.document.end)

    @on(MessageBox.Done)
    def done(self) -> None:
        """Approve the edited words (unless nothing is left)."""
        words = one_line(self.query_one(MessageBox).text)
        if words:
            self.dismiss(words)
        else:
            self.speak("The message is empty. Press Escape to go back without changing it.")
