"""The content folder's problems, as `kiosk check` lists them."""

from __future__ import annotations

from typing import ClassVar

from kiosk.core.text import plural
from kiosk.ui.pages import Line, Page
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

    def page(self) -> Page:
        """How many problems (and the first few, said), each on its own line, and the folder."""
        problems = self._lines()
        if not problems:
            lines = [Line("There are no problems in the content folder.", "note")]
        else:
            summary = f"There are {plural(len(problems), 'problem')}."
            lines = [Line(summary, said=" ".join([summary, *problems[:3]]))]
            lines += [Line(problem, "detail", said="") for problem in problems]
        lines.append(Line(f"Content folder: {self.services.content.root}", said=""))
        return Page(lines, scroll="problems")

    def on_mount(self) -> None:
        """Arrows scroll."""
        self.query_one("#problems").focus()
