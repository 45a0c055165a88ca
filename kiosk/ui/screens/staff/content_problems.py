"""The content folder's problems, as `kiosk check` lists them."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from kiosk.core.text import plural
from kiosk.ui.screens.base import BACK_HINT, KioskScreen


class ContentProblemsScreen(KioskScreen):
    """Each problem on its own line, with the file and line to fix."""

    STAFF: ClassVar[bool] = True
    TITLE: ClassVar[str] = "Content problems"
    HINT: ClassVar[str] = f"↑↓: read more  ·  {BACK_HINT}"
    INSTRUCTION: ClassVar[str] = "Press Escape to go back."

    def _lines(self) -> list[str]:
        content = self.services.content
        return [p.format(content.root) for p in sorted(content.problems, key=lambda p: p.sort_key)]

    def spoken_body(self) -> str:
        """How many, and the first few."""
        lines = self._lines()
        if not lines:
            return "There are no problems in the content folder."
        return f"There are {plural(len(lines), 'problem')}. " + " ".join(lines[:3])

    def compose_body(self) -> ComposeResult:
        """The problems, or that there are none."""
        lines = self._lines()
        with VerticalScroll(id="problems", can_focus=True):
            if not lines:
                yield Static(
                    Content("There are no problems in the content folder."), classes="note"
                )
            for line in lines:
                yield Static(Content(line), classes="detail")
            yield Static(Content(f"Content folder: {self.services.content.root}"), classes="intro")

    def on_mount(self) -> None:
        """Arrows scroll."""
        self.query_one("#problems").focus()
