"""A group's details as a QR code, for a visitor's phone to keep.

The code fills the screen's height, with the words beside it: at 80x24 the biggest code
the kiosk makes (kiosk/content/takeaway.py) needs 21 of the 24 rows, so it cannot share the
screen with the group's details, which stay as they are one step back. The code holds only
the group's own details, and the screen says so.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from kiosk.content import Group
from kiosk.content.takeaway import code_text, make_code
from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.services import Services
from kiosk.ui.widgets.qr import QrCode
from kiosk.ui.widgets.touch import Tap


class GroupCodeScreen(KioskScreen[None]):
    """The code on the left, as tall as the screen; what it is, and how to go back, beside it."""

    WORDS: ClassVar[str] = "group_code"

    def __init__(self, services: Services, group: Group) -> None:
        super().__init__(services)
        self.group = group
        self.text = code_text(group, self.pack)
        """What the code holds: the group's name, when, where and phone, one to a line."""
        self.code = QrCode(make_code(self.text), id="code")

    def compose(self) -> ComposeResult:
        """The code, then a column with the usual top bar, words and foot."""
        with Horizontal(id="code-screen"):
            yield self.code
            with Vertical(id="code-side"):
                yield from self.compose_top()
                with Vertical(id="body"):
                    yield from self.compose_body()
                yield self._said
                yield from self.compose_foot()
        yield Static(Content(self.t("screen.privacy")), id="privacy-note")

    @property
    def code_fits(self) -> bool:
        """True when the screen is tall enough for the code (not with large text at 720p)."""
        return self.code.fits(self.app.size.height)

    def page(self) -> Page:
        """How to use the code, and that it holds nothing about the visitor.

        A code cut short is no use to a phone: where the screen is too short for it (large
        text on a small screen), the screen says so, and how to see it.
        """
        first = Line(self.t("group_code.point" if self.code_fits else "group_code.too_small"))
        return Page([first, Line(self.t("group_code.only"), "note")])

    def on_mount(self) -> None:
        """Show the code only where it fits."""
        self.code.display = self.code_fits

    def on_resize(self) -> None:
        """A terminal made bigger or smaller: the code shown, or the words why not.

        Asks the code's style, not `display`, which is also False while the screen closes
        (then there is no page left to draw again).
        """
        shown = self.code.styles.display != "none"
        if self.is_mounted and shown != self.code_fits:
            self.code.display = self.code_fits
            self.show_page()

    def touch_taps(self) -> list[Tap]:
        """Back and Say again: the column beside the code has room for two buttons."""
        return [self.tap("back", "escape"), self.tap("repeat", "f2")]
