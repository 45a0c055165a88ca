"""A gentle note before a story about something difficult, with a way back."""

from __future__ import annotations

from typing import ClassVar

from textual import on

from kiosk.content import Story
from kiosk.ui.navigation import Place
from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.services import Services
from kiosk.ui.widgets import MenuItem, NumberedMenu


class ContentNoteScreen(KioskScreen[None]):
    """Say what the story talks about; the visitor chooses to listen or go back."""

    WORDS: ClassVar[str] = "content_note"

    def __init__(self, services: Services, story: Story) -> None:
        super().__init__(services)
        self.story = story

    def page(self) -> Page:
        """Which story, the note itself, that stopping is fine, and the two choices."""
        about = self.t("content_note.about", title=self.story.title, name=self.story.told_by)
        lines = [
            Line(about),
            Line(
                self.story.content_note or "",
                "note",
                id="content-note",
                language=self.story.language,
            ),
            Line(self.t("content_note.ok_to_stop")),
        ]
        choices = [
            MenuItem(self.t("content_note.listen"), "listen"),
            MenuItem(self.t("content_note.back"), "back"),
        ]
        return Page(lines, choices)

    @on(NumberedMenu.Chosen)
    def choose(self, event: NumberedMenu.Chosen) -> None:
        """Listen (this note is replaced by the player, so Back from it skips the note)."""
        if event.item.value == "back":
            self.dismiss()
            return
        self.router.open(Place.PLAYER, self.story, replace=True)
