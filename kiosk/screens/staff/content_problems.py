"""The content folder's problems, as `kiosk check` lists them."""

from __future__ import annotations

from typing import ClassVar

from kiosk.core.text import plural
from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import BACK_HINT, KioskScreen


class ContentProblemsScreen(KioskScreen[None]):
    """Each problem on its own line, with the file and line to fix."""

    STAFF: ClassVar[bool] = True
    TITLE: ClassVar[str] = "Content problems"
    HINT: ClassVar[str] = f"↑↓: read more  ·  {BACK_HINT}"
    INSTRUCTION: ClassVar[str] = "Press Escape to go back."

    def _lines(self, notices: bool) -> list[str]:
        content = self.services.content
        found = sorted(content.problems, key=lambda p: p.sort_key)
        prefix = "Note: " if notices else ""
        return [f"{prefix}{p.format(content.root)}" for p in found if p.notice == notices]

    def page(self) -> Page:
        """How many problems (and the first few, said), each on its own line, and the folder.

        Notes (a transcript still in draft) come after the problems and are not counted as
        problems: the story is shown, as `kiosk check` says.
        """
        problems, notes = self._lines(notices=False), self._lines(notices=True)
        if not problems and not notes:
            lines = [Line("There are no problems in the content folder.", "note")]
        else:
            summary = f"There are {plural(len(problems), 'problem')}."
            if notes:
                summary += f" {plural(len(notes), 'note').capitalize()} to read as well."
            every = problems + notes
            lines = [Line(summary, said=" ".join([summary, *every[:3]]))]
            lines += [Line(line, "detail", said="") for line in every]
        lines.append(Line(f"Content folder: {self.services.content.root}", said=""))
        return Page(lines, scroll="problems")

    def on_mount(self) -> None:
        """Arrows scroll."""
        self.query_one("#problems").focus()
