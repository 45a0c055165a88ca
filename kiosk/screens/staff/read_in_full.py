"""One visitor's message on a screen of its own, to be read to the end before approving.

A message held by a watched word may only be approved once staff have read it in full
(kiosk/messages/moderation.py). This screen shows the whole message, scrolled with the
arrows; leaving it counts as "read in full" only when its last line has been on the screen.
The words are shown, never spoken: nobody has read them yet.
"""

from __future__ import annotations

from typing import ClassVar

from textual.containers import VerticalScroll

from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import BACK_HINT, KioskScreen
from kiosk.ui.services import Services


class ReadInFullScreen(KioskScreen[bool]):
    """Dismissed with True when the whole message has been on the screen, else False."""

    STAFF: ClassVar[bool] = True
    TITLE: ClassVar[str] = "The whole message"
    HINT: ClassVar[str] = f"↑↓: read to the end  ·  {BACK_HINT} to decide"
    INSTRUCTION: ClassVar[str] = (
        "The whole message is on the screen. Read it to the end with the arrows, "
        "then press Escape to decide."
    )

    def __init__(self, services: Services, text: str) -> None:
        super().__init__(services)
        self.text = text
        self.seen_end = False

    def page(self) -> Page:
        """The words, and nothing else (shown, never said)."""
        return Page([Line(self.text, "message", private=True)], scroll="read-in-full")

    def on_mount(self) -> None:
        """Arrows scroll; check for the end as it moves."""
        scroll = self.query_one("#read-in-full", VerticalScroll)
        scroll.focus()
        self.watch(scroll, "scroll_y", lambda _old, _new: self._check_end(), init=False)
        self.call_after_refresh(self._check_end)

    def _check_end(self) -> None:
        scroll = self.query_one("#read-in-full", VerticalScroll)
        if scroll.scroll_y >= scroll.max_scroll_y:
            self.seen_end = True

    def action_back(self) -> None:
        """Back to the message's choices, saying whether it was read to the end."""
        self._check_end()
        self.dismiss(self.seen_end)
