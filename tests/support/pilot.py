"""Small helpers for Pilot tests: read what a screen shows, type like a visitor."""

from __future__ import annotations

from textual.drivers import linux_driver
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static

from kiosk.ui.app import KioskApp
from kiosk.ui.widgets import NumberedMenu
from kiosk.ui.widgets.touch import letter_name
from tests.support.fakes import FakeClock
from tests.support.waits import until


def _displayed(widget: Widget) -> bool:
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))


def shown(app: KioskApp) -> str:
    """All the words on the current screen that can be seen: text blocks and menu lines."""
    parts = [str(w.visual) for w in app.screen.query(Static) if _displayed(w)]
    for menu in app.screen.query(NumberedMenu):
        if _displayed(menu):
            parts += [str(option.prompt) for option in menu.options]
    return "\n".join(parts)


def seen(app: KioskApp) -> str:
    """The screen as a person sees it: every row of cells as drawn, overlays and all."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type text key by key, as a visitor would."""
    await pilot.press(*(_character_to_key(ch) for ch in text))


async def type_as_a_terminal(pilot: Pilot[None], text: str) -> None:
    """Send text as the terminal driver does: through Textual's input parser, key by key.

    `type_text` names each key, and Pilot cannot turn every name back into its character
    (emoji arrive as keys with no character); the parser gives each key its character. The
    parser is the one the app gave the Linux driver (kiosk.ui.keyboard_input).
    """
    parser = linux_driver.XTermParser()  # type: ignore[attr-defined]
    driver = pilot.app._driver
    assert driver is not None
    for event in [*parser.feed(text), *parser.tick()]:
        driver.send_message(event)
        await pilot.pause()


async def nobody_for(app: KioskApp, pilot: Pilot[None], clock: FakeClock, seconds: float) -> None:
    """`seconds` pass with nobody touching the kiosk; it checks, as it does each second."""
    clock.advance(seconds)
    app.check_walked_away()
    await pilot.pause()


async def tap(pilot: Pilot[None], name: str) -> None:
    """Tap the button named `name` ("back", "louder", "letter-a"), as a finger would."""
    assert await pilot.click(f"#tap-{name}"), f"nothing to tap at #tap-{name}"
    await pilot.pause()


async def tap_choice(pilot: Pilot[None], number: int) -> None:
    """Tap the choice numbered `number` on the screen's list (0: the "More" line)."""
    menu = pilot.app.screen.query_one(NumberedMenu)
    index = number - 1 if number else len(menu.options) - 1
    line = menu._index_to_line[index] - round(menu.scroll_y)  # Textual's own map of the lines
    assert 0 <= line < menu.scrollable_content_region.height, f"choice {number} is out of sight"
    gutter = menu.scrollable_content_region.y - menu.region.y
    assert await pilot.click(menu, offset=(6, gutter + line)), f"choice {number} is covered"
    await pilot.pause()


async def tap_text(pilot: Pilot[None], text: str) -> None:
    """Write `text` on the on-screen keyboard, a tap a letter (Capital before a capital)."""
    for character in text:
        if character.isupper():
            await tap(pilot, "capital")
        if character == " ":
            await tap(pilot, "space")
        else:
            await tap(pilot, letter_name(character.lower()))


async def every_choice_in_sight(pilot: Pilot[None]) -> None:
    """Every choice of the screen's list is drawn inside the screen, not cut off (row V2)."""
    await pilot.pause()  # drawn first
    app = pilot.app
    assert isinstance(app, KioskApp)
    menu = app.screen.query_one(NumberedMenu)
    assert menu.region.bottom <= app.screen.region.bottom
    visible = menu.scrollable_content_region.height
    assert menu.option_count <= visible, f"{menu.option_count} choices, {visible} rows"
    rows = seen(app)
    for option in menu.options:
        assert str(option.prompt).split("\n")[0].strip() in rows, f"{option.prompt} not in sight"


async def workers_done(pilot: Pilot[None]) -> None:
    """Until every worker the app started has ended, then until the app is idle.

    `app.workers.wait_for_complete()` raises WorkerCancelled for a worker that ended its own
    screen (saving a message dismisses the screen that started it, and Textual cancels a
    gone screen's workers): on a busy machine that cancel can land first (issue 30.6). How a
    worker ended is the test's to check, by what the app shows after.
    """
    await until(
        pilot, lambda: all(w.is_finished for w in pilot.app.workers), "the app's workers ending"
    )
    await pilot.pause()
