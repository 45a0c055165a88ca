"""The list of peer stories: title, who tells it, how long, what it is about."""

from __future__ import annotations

from typing import ClassVar

from textual import on

from kiosk.content import Story
from kiosk.core.locale import Pack
from kiosk.core.text import duration_words
from kiosk.ui.navigation import Place
from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.widgets import MenuItem, NumberedMenu


def story_item(story: Story, pack: Pack, *, marked: bool = False) -> MenuItem:
    """How a story is listed (and said when highlighted): its title, then who, how long, about.

    `marked`: a sample story among the centre's own shows "(sample)" beside its title and
    says it too (row S1); where all are samples, the line above the list says so once.
    """
    parts = [pack.t("story_list.told_by", name=story.told_by), duration_words(story.duration, pack)]
    if story.topics:
        # Two topics keep the line short enough not to wrap at 80 columns.
        parts.append(", ".join(story.topics[:2]))
    if story.content_note:
        parts.append(pack.t("story_list.has_note"))
    sample = marked and story.sample
    return MenuItem(
        pack.t("story_list.sample", title=story.title) if sample else story.title,
        story,
        "  ·  ".join(parts),
        said=pack.t("story_list.sample_said", title=story.title) if sample else story.title,
        language=story.language,
        about=story.summary,
    )


class StoryListScreen(KioskScreen[None]):
    """Choose a story to hear."""

    WORDS: ClassVar[str] = "story_list"

    def page(self) -> Page:
        """How many stories there are and what they are, then the stories (or that there are none)."""
        stories = self.services.content.stories
        if not stories:
            return Page([Line(self.t("story_list.none"), "notice")])
        # Sample stories (the bundled content) are said to be samples once, here; among the
        # centre's own, each sample is marked, shown and said (by ear, issue 34).
        samples = all(s.sample for s in stories)
        kind = "story_list.samples" if samples else "story_list.count"
        count = Line(self.pack.count(kind, len(stories)))
        items = [story_item(s, self.pack, marked=not samples) for s in stories]
        return Page([count], items)

    @on(NumberedMenu.Chosen)
    def choose(self, event: NumberedMenu.Chosen) -> None:
        """A story with a content note shows the note first."""
        story: Story = event.item.value
        self.router.open(Place.CONTENT_NOTE if story.content_note else Place.PLAYER, story)
