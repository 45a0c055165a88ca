"""Finding a group: choose a topic, a day, an area and words to search for, in any order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, ClassVar

from textual import on

from kiosk.content.groups import DAY_NAMES, day_name
from kiosk.content.search import GroupFilter, areas, search, topics
from kiosk.ui.answers import Pick
from kiosk.ui.navigation import Place
from kiosk.ui.pages import Line, Page
from kiosk.ui.screen import KioskScreen
from kiosk.ui.services import Services
from kiosk.ui.widgets import MenuItem, NumberedMenu

SHOW = 4
"""Where "show the groups" is in the menu (an index; its key is one more)."""


class GroupsScreen(KioskScreen[None]):
    """The visitor's choices so far, each one a menu line that opens a picker."""

    WORDS: ClassVar[str] = "groups"

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.chosen = GroupFilter()

    def page(self) -> Page:
        """What this screen is for, and the choices made so far."""
        return Page([Line(self.t("groups.intro"))], self._items())

    def _counted(self, label: str, value: object, count: int) -> MenuItem:
        """A picker line such as "Carers  ·  2 groups"."""
        return MenuItem(f"{label}  ·  {self.pack.count('groups.count', count)}", value)

    def _items(self) -> list[MenuItem]:
        chosen = self.chosen
        found = len(search(self.services.content.groups, chosen))
        pack = self.pack
        day = day_name(chosen.day, pack) if chosen.day is not None else self.t("groups.any_day")
        topic = (chosen.topic or self.t("groups.any_topic")).capitalize()
        items = [
            MenuItem(self.t("groups.topic", topic=topic), "topic"),
            MenuItem(self.t("groups.day", day=day), "day"),
            MenuItem(self.t("groups.area", area=chosen.area or self.t("groups.any_area")), "area"),
            MenuItem(
                self.t("groups.words", words=chosen.words or self.t("groups.no_words")), "words"
            ),
            # Said by voice without its number, which changes as choices are made.
            MenuItem(
                pack.count("groups.show", found) if found else self.t("groups.show_none"),
                "show",
                aliases=(self.t("groups.show_say"),),
            ),
        ]
        if not chosen.is_empty:
            items.append(MenuItem(self.t("groups.clear"), "clear"))
        return items

    def _refresh(self, highlight: int = SHOW) -> None:
        self.show_page(highlight=highlight)

    @on(NumberedMenu.Chosen)
    def choose(self, event: NumberedMenu.Chosen) -> None:
        """Open the picker for a choice, or show the groups."""
        groups = self.services.content.groups
        kind = event.item.value
        if kind == "topic":
            options = [self._option("topic", t.capitalize(), t) for t in topics(groups)]
            self._pick("topic", options)
        elif kind == "day":
            days = range(len(DAY_NAMES))
            self._pick("day", [self._option("day", day_name(n, self.pack), n) for n in days])
        elif kind == "area":
            self._pick("area", [self._option("area", a, a) for a in areas(groups)])
        elif kind == "words":
            self.router.open(Place.SEARCH_WORDS, self.chosen.words, then=self._set("words"))
        elif kind == "show":
            found = search(groups, self.chosen)
            if not found:  # no empty list to land on: say what to do instead
                self.speak(self.t("groups.none_found", number=SHOW + 2))
                return
            self.router.open(Place.GROUP_LIST, found)
        elif kind == "clear":
            self.chosen = GroupFilter()
            self._refresh(highlight=0)
            spoken = self.query_one(NumberedMenu).spoken_options()
            self.speak(f"{self.t('groups.cleared')} {spoken}")

    def _option(self, field: str, label: str, value: object) -> MenuItem:
        """A picker line with how many groups it leaves, with the other choices kept."""
        changes: dict[str, Any] = {field: value}
        with_it = replace(self.chosen, **changes)
        return self._counted(label, value, len(search(self.services.content.groups, with_it)))

    def _pick(self, field: str, options: list[MenuItem]) -> None:
        """Open the picker for `field`: "Choose a topic", with "Any topic" first."""
        self.router.open(
            Place.PICK,
            self.t(f"groups.choose_{field}"),
            self.t(f"groups.any_{field}_choice"),
            options,
            then=self._set(field),
        )

    def _set(self, field: str) -> Callable[[object], None]:
        """A callback that stores a picker's answer in the filter (None from Back: no change)."""

        def store(answer: object) -> None:
            if answer is None:
                return
            value = None if answer is Pick.ANY else answer
            changes: dict[str, Any] = {field: value}
            self.chosen = replace(self.chosen, **changes)
            self._refresh()
            # Coming back from the picker: say the change and what it does, not the whole list.
            found = len(search(self.services.content.groups, self.chosen))
            menu = self.query_one(NumberedMenu)
            choice = menu.items[["topic", "day", "area", "words"].index(field)].label
            if found:
                words = self.pack.count("groups.changed", found, choice=choice, number=SHOW + 1)
            else:  # "Clear my choices" is the line after "show"
                words = self.t("groups.changed_none", choice=choice, number=SHOW + 2)
            self.resume_words = words

        return store
