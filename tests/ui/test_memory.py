"""Screens a visitor has left are freed, however many times they are visited (issue 11,
item 8: the kiosk runs for weeks). The soak (benchmarks/soak.py) measures the whole process."""

from __future__ import annotations

import gc
from typing import Any

from textual._styles_cache import StylesCache
from textual.color import Color
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget

from kiosk.ui import render_cache
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


async def test_widgets_left_behind_take_their_drawn_lines_with_them(app: KioskApp) -> None:
    """Textual's line cache kept every widget's drawn lines after the widget was freed
    (kiosk.ui.render_cache): 1,000 of them, 17 MB, in the first ten minutes of a soak."""
    async with app.run_test(size=SIZE) as pilot:
        await visit_all(app, pilot, 3)
        widgets = live(Widget)
        # One each; a widget freed a moment ago may still wait for a collection.
        assert live(StylesCache) <= widgets + 10  # 808 against 16 before


def test_the_lines_are_drawn_in_the_same_colours_as_before() -> None:
    render_cache.install()
    own = render_cache.textual_own
    assert own is not None  # Textual 8.2's method, kept to compare with
    for base, background in [
        (Color(0, 0, 0), Color(20, 20, 90)),
        (Color(9, 9, 9, 0.5), Color(255, 0, 0, 0.3)),
    ]:
        assert StylesCache.get_inner_outer(base, background) == own(None, base, background)
