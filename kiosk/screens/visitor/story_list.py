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


def story_item(story: Story, pack: Pack) -> MenuItem:
    """How a story is listed (and said when highlighted): its title, then who, how long, about."""
    parts = [pack.t("story_list.told_by", name=story.told_by), duration_words(story.duration, pack)]
    if story.topics:
        # Two topics keep the line short enough not to wrap at 80 columns.
        parts.append(", ".join(story.topics[:2]))
    if story.content_note:
        parts.append(pack.t("story_list.has_note"))
    title = pack.t("story_list.sample", title=story.title) if story.sample else story.title
    # "(sample)" is said once for the list (`samples`), not with every title.
    return MenuItem(
        title,
        story,
        "  ·  ".join(parts),
        said=story.title,
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
        # Sample stories (the bundled content) are said to be samples once, here.
        kind = "story_list.samples" if all(s.sample for s in stories) else "story_list.count"
        count = Line(self.pack.count(kind, len(stories)))
        return Page([count], [story_item(s, self.pack) for s in stories])

    @on(NumberedMenu.Chosen)
    def choose(self, event: NumberedMenu.Chosen) -> None:
        """A story with a content note shows the note first."""
        story: Story = event.item.value
        self.router.open(Place.CONTENT_NOTE if story.content_note else Place.PLAYER, story)
