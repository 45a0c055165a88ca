"""Finding a group: choose a topic, a day, an area and words to search for, in any order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from kiosk.content.groups import DAY_NAMES
from kiosk.content.search import GroupFilter, areas, search, topics
from kiosk.screens.base import KioskScreen
from kiosk.screens.pick import PICK_ANY
from kiosk.services import Services
from kiosk.text import plural
from kiosk.widgets import MenuItem, NumberedMenu


def _counted(label: str, value: object, count: int) -> MenuItem:
    """A picker line such as "Carers  ·  2 groups"."""
    return MenuItem(f"{label}  ·  {plural(count, 'group')}", value)


class GroupsScreen(KioskScreen):
    """The visitor's choices so far, each one a menu line that opens a picker."""

    TITLE: ClassVar[str] = "Find a group"

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.chosen = GroupFilter()

    def spoken_body(self) -> str:
        """What this screen is for."""
        return "Choose what matters to you, then show the groups. You can skip any choice."

    def compose_body(self) -> ComposeResult:
        """A line of explanation and the choices."""
        yield Static(
            Content("Choose what matters to you, then show the groups. You can skip any choice."),
            classes="intro",
        )
        yield NumberedMenu(self._items(), id="groups-menu")

    def _items(self) -> list[MenuItem]:
        chosen = self.chosen
        found = len(search(self.services.content.groups, chosen))
        day = DAY_NAMES[chosen.day] if chosen.day is not None else "any day"
        items = [
            MenuItem(f"Topic: {(chosen.topic or 'any topic').capitalize()}", "topic"),
            MenuItem(f"Day: {day}", "day"),
            MenuItem(f"Area: {chosen.area or 'any area'}", "area"),
            MenuItem(f"Search words: {chosen.words or 'none'}", "words"),
            MenuItem(f"Show the {plural(found, 'group')} that match", "show"),
        ]
        if not chosen.is_empty:
            items.append(MenuItem("Clear my choices", "clear"))
        return items

    def _refresh(self, highlight: int = 4) -> None:
        self.query_one(NumberedMenu).set_items(self._items(), highlight=highlight)

    @on(NumberedMenu.Chosen)
    def choose(self, event: NumberedMenu.Chosen) -> None:
        """Open the picker for a choice, or show the groups."""
        from kiosk.screens import GroupListScreen, PickScreen, SearchWordsScreen

        groups = self.services.content.groups
        kind = event.item.value
        if kind == "topic":
            by_topic = Counter(t for g in groups for t in g.topics)
            options = [_counted(t.capitalize(), t, by_topic[t]) for t in topics(groups)]
            picker = PickScreen(self.services, "Choose a topic", "Any topic", options)
            self.app.push_screen(picker, self._set("topic"))
        elif kind == "day":
            by_day = Counter(d for g in groups for d in g.days)
            options = [_counted(name, n, by_day[n]) for n, name in enumerate(DAY_NAMES)]
            picker = PickScreen(self.services, "Choose a day", "Any day", options)
            self.app.push_screen(picker, self._set("day"))
        elif kind == "area":
            by_area = Counter(g.area for g in groups)
            options = [_counted(a, a, by_area[a]) for a in areas(groups)]
            picker = PickScreen(self.services, "Choose an area", "Any area", options)
            self.app.push_screen(picker, self._set("area"))
        elif kind == "words":
            self.app.push_screen(
                SearchWordsScreen(self.services, self.chosen.words), self._set("words")
            )
        elif kind == "show":
            found = search(groups, self.chosen)
            self.app.push_screen(GroupListScreen(self.services, found))
        elif kind == "clear":
            self.chosen = GroupFilter()
            self._refresh(highlight=0)
            self.speak("Your choices are cleared. " + self.query_one(NumberedMenu).spoken_options())

    def _set(self, field: str) -> Callable[[object], None]:
        """A callback that stores a picker's answer in the filter (None from Back: no change)."""

        def store(answer: object) -> None:
            if answer is None:
                return
            value = None if answer == PICK_ANY else answer
            changes: dict[str, Any] = {field: value}
            self.chosen = replace(self.chosen, **changes)
            self._refresh()
            # Coming back from the picker: say the change and what it does, not the whole list.
            found = len(search(self.services.content.groups, self.chosen))
            menu = self.query_one(NumberedMenu)
            choice = menu.items[["topic", "day", "area", "words"].index(field)].label
            self.resume_words = f"{choice}. {plural(found, 'group')} match. Press 5 to show them."

        return store
