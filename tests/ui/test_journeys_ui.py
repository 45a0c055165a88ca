"""Issue 34: every visitor can finish every journey with what the kiosk has.

Talking to someone now is one key from Home; a keypad alone leaves a message; hints name the
keys this kiosk has.
"""

from __future__ import annotations

import pytest

from kiosk.screens import HomeScreen, TalkNowScreen
from kiosk.ui.app import KioskApp
from tests.support.fakes import FakeSpeaker
from tests.support.pilot import every_choice_in_sight, shown, tap_choice
from tests.ui.test_keypad_ui import MODES, Keypad

SIZES = [(80, 24), (100, 30)]


@pytest.mark.parametrize("mode", MODES.values(), ids=MODES.keys())
async def test_talk_to_someone_now_is_one_keypad_key_from_home(
    app: KioskApp, speech: FakeSpeaker, mode: dict[str, str]
) -> None:
    async with app.run_test(size=SIZES[0]) as pilot:
        assert "Talk to someone now" in speech.last
        await Keypad(pilot, mode).press("6")
        assert isinstance(app.screen, TalkNowScreen)
        words = shown(app)
        assert "Samaritans. Phone 116 123" in words
        assert "Staff here at the centre can help too." in words
        assert "Phone 1 1 6, 1 2 3" in speech.last
        every_choice_in_sight(app)
        await Keypad(pilot, mode).press("1")
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("size", SIZES)
async def test_talk_to_someone_now_is_one_tap_from_home(
    app: KioskApp, size: tuple[int, int]
) -> None:
    async with app.run_test(size=size) as pilot:
        every_choice_in_sight(app)
        await tap_choice(pilot, 6)
        assert isinstance(app.screen, TalkNowScreen)
        every_choice_in_sight(app)
        assert "NHS 111. Phone 111." in shown(app)
