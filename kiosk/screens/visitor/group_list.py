"""The groups that match a visitor's choices."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on

from kiosk.content import Group
from kiosk.core.locale import Pack
from kiosk.ui.navigation import Place
from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.services import Services
from kiosk.ui.widgets import MenuItem, NumberedMenu


def group_item(group: Group, pack: Pack) -> MenuItem:
    """How a group is listed (and said when highlighted): its name, then when and where."""
    when = group.when_words(pack)
    detail = "  ·  ".join(part for part in (when, group.area or group.venue) if part)
    return MenuItem(group.name, group, detail)


class GroupListScreen(KioskScreen[None]):
    """A list of groups; choosing one opens its details."""

    WORDS: ClassVar[str] = "group_list"

    def __init__(self, services: Services, groups: Sequence[Group]) -> None:
        super().__init__(services)
        self.groups = list(groups)

    @property
    def title_text(self) -> str:
        """How many groups there are."""
        return self.pack.count("group_list.title", len(self.groups))

    def page(self) -> Page:
        """The groups, or a word that none match."""
        if not self.groups:
            return Page([Line(self.t("group_list.no_match"), "notice")])
        return Page(choices=[group_item(g, self.pack) for g in self.groups])

    @on(NumberedMenu.Chosen)
    def choose(self, event: NumberedMenu.Chosen) -> None:
        """Show the group's details."""
        self.router.open(Place.GROUP_DETAIL, event.item.value)
