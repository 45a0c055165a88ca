"""Large text (row I4): chosen on Home by key, tap or voice, shown and said after the restart.

The terminal cannot make its own letters bigger, so the kiosk asks `kiosk session` to start
it again at the other size by how it exits (kiosk/core/text_switch.py); these tests hold the
kiosk's side. tests/unit/test_text_session.py holds the session's.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.core.text_switch import HANDOVER, Carried, TextExit, TextSwitch, take_over
from kiosk.listening.listener import State
from kiosk.screens import HomeScreen
from kiosk.ui.app import KioskApp
from kiosk.ui.widgets import NumberedMenu
from tests.support.apps import build_app
from tests.support.fakes import FakeClock, FakePlayer, FakeSpeaker
from tests.support.pilot import nobody_for, shown, tap_choice
from tests.ui.test_voice_ui import speak, voice_app, wait_state


def kiosk(content: Path, data: Path, clock: FakeClock, switch: TextSwitch | None) -> KioskApp:
    return build_app(
        content,
        data,
        player=FakePlayer(),
        speech=FakeSpeaker(),
        clock=clock,
        text_switch=switch,
    )


def number_of(app: KioskApp, label: str) -> int:
    """The number a visitor presses for the Home choice `label`."""
    items = app.screen.query_one(NumberedMenu).items
    return next(n for n, item in enumerate(items, 1) if item.label == label)


async def test_choosing_larger_text_on_home_asks_for_the_large_size(
    content: Path, data: Path, clock: FakeClock
) -> None:
    data.mkdir()
    app = kiosk(content, data, clock, TextSwitch(data=data))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert "Larger text" in shown(app)
        assert "Large text" not in app.status_words()
        app.speech.change_volume(2)
        await pilot.press(str(number_of(app, "Larger text")))
        await pilot.pause()
    assert app.return_code == TextExit.LARGE
    # The visitor's voice settings go with them to the restart, then the file is gone.
    assert take_over(data) == Carried("en", app.speech.volume, app.speech.rate_index)
    assert not (data / HANDOVER).exists()


async def test_by_voice_the_same_choice(content: Path, data: Path, clock: FakeClock) -> None:
    app = kiosk(content, data, clock, TextSwitch())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        item = app.screen.query_one(NumberedMenu).items[number_of(app, "Larger text") - 1]
        assert "larger text" in item.aliases


async def test_after_the_restart_large_text_is_said_shown_and_can_be_turned_off(
    content: Path, data: Path, clock: FakeClock
) -> None:
    carried = Carried("en", 9, 2)
    app = kiosk(content, data, clock, TextSwitch(large=True, chosen=True, carried=carried))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        said = app.speech.said[0]
        assert said.startswith("Large text is on. To go back to the usual size, choose Smaller")
        assert "This kiosk talks" not in " ".join(app.speech.said)  # told already, before
        assert "Large text" in app.status_words()
        assert "Smaller text" in shown(app) and "Larger text" not in shown(app)
        assert app.speech.volume == 9 and app.speech.rate_index == 2
        await pilot.press(str(number_of(app, "Smaller text")))
        await pilot.pause()
    assert app.return_code == TextExit.USUAL


async def test_the_next_visitor_gets_the_usual_size(
    content: Path, data: Path, clock: FakeClock
) -> None:
    app = kiosk(content, data, clock, TextSwitch(large=True))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.speech.finish()  # Home has been said: now nobody is there
        await nobody_for(app, pilot, clock, app.services.content.config.idle_timeout_seconds + 1)
    assert app.return_code == TextExit.RESET


async def test_a_korean_visitor_stays_in_korean(
    content: Path, data: Path, clock: FakeClock
) -> None:
    carried = Carried("ko", 7, 2)
    app = kiosk(content, data, clock, TextSwitch(large=True, chosen=True, carried=carried))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert app.pack.code == "ko"
        assert app.speech.said[0].startswith("큰 글씨가 켜졌어요")
        assert "보통 글씨" in shown(app)


async def test_where_the_size_cannot_change_it_is_not_offered(
    content: Path, data: Path, clock: FakeClock
) -> None:
    app = kiosk(content, data, clock, None)  # `kiosk run` in a terminal of one's own
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert "Larger text" not in shown(app)
        await nobody_for(app, pilot, clock, app.services.content.config.idle_timeout_seconds + 1)
        assert app.return_code is None


async def test_by_touch_the_same_choice(content: Path, data: Path, clock: FakeClock) -> None:
    app = kiosk(content, data, clock, TextSwitch())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await tap_choice(pilot, number_of(app, "Larger text"))
        await pilot.pause()
    assert app.return_code == TextExit.LARGE


async def test_by_voice_larger_text_does_it(content: Path, data: Path) -> None:
    speech = FakeSpeaker()
    app, mic, _ = voice_app(content, data, speech, "larger text")
    assert isinstance(app, KioskApp)
    app.services.text_switch = TextSwitch()
    async with app.run_test() as pilot:
        await wait_state(app, State.READY)
        await speak(pilot, mic, speech)
        for _ in range(40):
            if app.return_code is not None:
                break
            await pilot.pause(0.05)
    assert app.return_code == TextExit.LARGE
