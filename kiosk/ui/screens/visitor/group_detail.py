"""Everything about one group: what, when, where, and how to get in touch."""

from __future__ import annotations

from typing import ClassVar

from kiosk.content import Group
from kiosk.speech.words import digits_for_speech
from kiosk.ui.pages import Line, Page
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.services import Services
from kiosk.usage.counting import GROUP_VIEWED


class GroupDetailScreen(KioskScreen):
    """One group, in short labelled lines."""

    WORDS: ClassVar[str] = "group_detail"

    def __init__(self, services: Services, group: Group) -> None:
        super().__init__(services)
        self.group = group

    @property
    def title_text(self) -> str:
        """The group's name."""
        return self.group.name

    def page(self) -> Page:
        """A heading and words for each detail staff gave; phone numbers said digit by digit."""
        group, pack = self.group, self.pack
        details = [
            ("what", group.what),
            ("when", group.when_words(pack)),
            ("where", group.where_words()),
            ("cost", group.cost),
            ("access", group.access),
            ("language", ", ".join(group.languages)),
            ("phone", group.phone),
            ("email", group.email),
            ("website", group.website),
            ("about", ", ".join(group.topics)),
        ]
        lines = []
        for name, words in details:
            if not words:
                continue
            heading = pack.t(f"group_detail.{name}")
            # Digit by digit, so a number can be written down as it is heard.
            said = f"{heading}: {digits_for_speech(words)}" if name == "phone" else None
            lines.append(Line(words, "detail", lead=heading, said=said))
        return Page(lines, scroll="group-detail")

    def on_mount(self) -> None:
        """Arrows scroll the details."""
        self.query_one("#group-detail").focus()
        self.services.usage.count(GROUP_VIEWED, self.group.key)
