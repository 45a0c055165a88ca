"""Everything about one group: what, when, where, and how to get in touch."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from kiosk.content import Group
from kiosk.core.locale import Pack
from kiosk.speech.words import digits_for_speech
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.services import Services
from kiosk.usage.counting import GROUP_VIEWED


def detail_lines(group: Group, pack: Pack) -> list[tuple[str, str, str]]:
    """The group's details as (name, heading, words), leaving out what staff left blank."""
    lines = [
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
    return [(name, pack.t(f"group_detail.{name}"), words) for name, words in lines if words]


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

    def spoken_body(self) -> str:
        """Every detail; phone numbers digit by digit so they can be written down."""
        spoken = []
        for name, heading, words in detail_lines(self.group, self.pack):
            said = digits_for_speech(words) if name == "phone" else words
            spoken.append(f"{heading}: {said}.")
        return " ".join(spoken)

    def compose_body(self) -> ComposeResult:
        """A heading and words for each detail."""
        with VerticalScroll(id="group-detail", can_focus=True):
            for _, heading, words in detail_lines(self.group, self.pack):
                yield Static(Content.assemble((f"{heading}: ", "bold"), words), classes="detail")

    def on_mount(self) -> None:
        """Arrows scroll the details."""
        self.query_one("#group-detail").focus()
        self.services.usage.count(GROUP_VIEWED, self.group.key)
