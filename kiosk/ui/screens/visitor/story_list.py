"""The list of peer stories: title, who tells it, how long, what it is about."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from kiosk.content import Story
from kiosk.core.locale import Pack
from kiosk.core.text import duration_words
from kiosk.ui.navigation import Place
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import MenuItem, NumberedMenu


def story_item(story: Story, pack: Pack) -> MenuItem:
    """How a story is listed."""
    length = duration_words(story.duration, pack)
    detail = f"{pack.t('story_list.told_by', name=story.told_by)}  ·  {length}"
    if story.topics:
        # Two topics keep the line short enough not to wrap at 80 columns.
        detail += f"  ·  {', '.join(story.topics[:2])}"
    title = pack.t("story_list.sample", title=story.title) if story.sample else story.title
    spoken = pack.t("story_list.spoken", title=story.title, name=story.told_by, duration=length)
    if story.content_note:
        spoken += f". {pack.t('story_list.has_note')}"
    return MenuItem(title, story, detail, spoken=spoken, language=story.language)


class StoryListScreen(KioskScreen):
    """Choose a story to hear."""

    WORDS: ClassVar[str] = "story_list"

    def compose_body(self) -> ComposeResult:
        """An introduction and the stories, or a word that there are none yet."""
        stories = self.services.content.stories
        if not stories:
            yield Static(Content(self.t("story_list.none")), classes="notice")
            return
        yield Static(Content(self.t("story_list.intro")), classes="intro")
        yield NumberedMenu([story_item(s, self.pack) for s in stories], id="story-menu")

    def spoken_body(self) -> str:
        """How many stories there are, or that there are none."""
        count = len(self.services.content.stories)
        if not count:
            return self.t("story_list.none")
        return self.pack.count("story_list.count", count)

    @on(NumberedMenu.Chosen)
    def choose(self, event: NumberedMenu.Chosen) -> None:
        """A story with a content note shows the note first."""
        story: Story = event.item.value
        self.router.open(Place.CONTENT_NOTE if story.content_note else Place.PLAYER, story)
