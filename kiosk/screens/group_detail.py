"""Everything about one group: what, when, where, and how to get in touch."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from kiosk.audio.words import digits_for_speech
from kiosk.content import Group
from kiosk.screens.base import BACK_HINT, KioskScreen
from kiosk.services import Services
from kiosk.usage import GROUP_VIEWED


def detail_lines(group: Group) -> list[tuple[str, str]]:
    """The group's details as (heading, words) pairs, leaving out what staff left blank."""
    lines = [
        ("What happens", group.what),
        ("When", group.when_words()),
        ("Where", group.where_words()),
        ("Cost", group.cost),
        ("Getting in", group.access),
        ("Language", ", ".join(group.languages)),
        ("Phone", group.phone),
        ("Email", group.email),
        ("Website", group.website),
        ("About", ", ".join(group.topics)),
    ]
    return [(heading, words) for heading, words in lines if words]


class GroupDetailScreen(KioskScreen):
    """One group, in short labelled lines."""

    HINT: ClassVar[str] = f"↑↓: read more  ·  {BACK_HINT}"
    INSTRUCTION: ClassVar[str] = "Press F2 to hear this again. Press Escape to go back to the list."

    def __init__(self, services: Services, group: Group) -> None:
        super().__init__(services)
        self.group = group

    @property
    def title_text(self) -> str:
        """The group's name."""
        return self.group.name

    def spoken_body(self) -> str:
        """Every detail; phone numbers digit by digit so they can be written down."""
        spoken = []
        for heading, words in detail_lines(self.group):
            said = digits_for_speech(words) if heading == "Phone" else words
            spoken.append(f"{heading}: {said}.")
        return " ".join(spoken)

    def compose_body(self) -> ComposeResult:
        """A heading and words for each detail."""
        with VerticalScroll(id="group-detail", can_focus=True):
            for heading, words in detail_lines(self.group):
                yield Static(Content.assemble((f"{heading}: ", "bold"), words), classes="detail")

    def on_mount(self) -> None:
        """Arrows scroll the details."""
        self.query_one("#group-detail").focus()
        self.services.usage.count(GROUP_VIEWED, self.group.key)
