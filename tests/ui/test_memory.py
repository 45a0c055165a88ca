"""Screens a visitor has left are freed, however many times they are visited (issue 11,
item 8: the kiosk runs for weeks). The soak (benchmarks/soak.py) measures the whole process."""

from __future__ import annotations

import gc
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget

from kiosk.ui.app import KioskApp
from kiosk.ui.navigation import Place

SIZE = (80, 24)

# Home -> a story -> back; a message typed, then left (the kiosk asks first); groups -> all of
# them -> the first -> Home; help -> back. Each journey ends at Home.
JOURNEYS = (
    ("1", "2", "escape", "escape"),
    ("2", "h", "e", "l", "l", "o", "escape", "2"),
    ("4", "5", "1", "home"),
    ("5", "escape"),
)
PLACES = ["stories", "player", "leave_message", "ask", "groups", "group_list", "group_detail"]


def live(kind: type) -> int:
    gc.collect()
    return sum(isinstance(thing, kind) for thing in gc.get_objects())


async def visit_all(app: KioskApp, pilot: Pilot[None], times: int) -> None:
    for _ in range(times):
        for keys in JOURNEYS:
            await pilot.press(*keys)
        assert len(app.screen_stack) == 2  # Textual's default screen and Home


async def test_screens_left_behind_are_freed(app: KioskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        opened: list[str] = []
        router_open = app.router.open

        def open_and_note(place: Place, *args: Any, **kwargs: Any) -> None:
            opened.append(place.value)
            router_open(place, *args, **kwargs)

        app.router.open = open_and_note  # type: ignore[method-assign]
        await visit_all(app, pilot, 1)  # everything imported and styled once
        assert opened == [*PLACES, "help"]  # every journey went where it was meant to
        screens, widgets = live(Screen), live(Widget)
        await visit_all(app, pilot, 3)
        assert live(Screen) <= screens + 2  # the screen just left may wait for a collection
        assert live(Widget) <= widgets + 50
