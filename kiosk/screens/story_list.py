"""The list of peer stories: title, who tells it, how long, what it is about."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from kiosk.content import Story
from kiosk.screens.base import KioskScreen
from kiosk.text import duration_words
from kiosk.widgets import MenuItem, NumberedMenu


def story_item(story: Story) -> MenuItem:
    """How a story is listed."""
    detail = f"told by {story.told_by}  ·  {duration_words(story.duration)}"
    if story.topics:
        # Two topics keep the line short enough not to wrap at 80 columns.
        detail += f"  ·  {', '.join(story.topics[:2])}"
    title = f"{story.title}  (sample)" if story.sample else story.title
    spoken = f"{story.title}, told by {story.told_by}, {duration_words(story.duration)}"
    if story.content_note:
        spoken += ". It has a content note"
    return MenuItem(title, story, detail, spoken=spoken, language=story.language)


class StoryListScreen(KioskScreen):
    """Choose a story to hear."""

    TITLE: ClassVar[str] = "Hear a story"
    ITEM_NOUN: ClassVar[str] = "Story"

    def compose_body(self) -> ComposeResult:
        """An introduction and the stories, or a word that there are none yet."""
        stories = self.services.content.stories
        if not stories:
            yield Static(
                Content("There are no stories here yet. Please ask a member of staff."),
                classes="notice",
            )
            return
        yield Static(
            Content("Real people talk about hard times and what helped. Choose one to hear."),
            classes="intro",
        )
        yield NumberedMenu([story_item(s) for s in stories], id="story-menu")

    def spoken_body(self) -> str:
        """How many stories there are, or that there are none."""
        count = len(self.services.content.stories)
        if not count:
            return "There are no stories here yet. Please ask a member of staff."
        return f"There are {count} stories. Real people talk about hard times and what helped."

    @on(NumberedMenu.Chosen)
    def choose(self, event: NumberedMenu.Chosen) -> None:
        """A story with a content note shows the note first."""
        from kiosk.screens import ContentNoteScreen, PlayerScreen

        story: Story = event.item.value
        if story.content_note:
            self.app.push_screen(ContentNoteScreen(self.services, story))
        else:
            self.app.push_screen(PlayerScreen(self.services, story))
