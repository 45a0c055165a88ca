"""Row I5: the same key twice within the debounce time acts once; a held key acts once."""

from __future__ import annotations

from kiosk.core.debounce import (
    HELD_GAP_SECONDS,
    SAME_KEY_SECONDS,
    TWO_AT_ONCE_SECONDS,
    KeyGate,
)
from tests.support.fakes import FakeClock


def presses(gate: KeyGate, clock: FakeClock, *timed: tuple[float, str]) -> list[bool]:
    """Each (seconds after the one before, key) in turn: which of them acted."""
    acted = []
    for gap, key in timed:
        clock.advance(gap)
        acted.append(gate.admits(key))
    return acted


def test_i5_the_same_key_twice_within_the_debounce_time_acts_once() -> None:
    clock = FakeClock()
    gate = KeyGate(clock)
    assert presses(gate, clock, (0, "1"), (0, "1")) == [True, False]
    assert presses(gate, clock, (1, "down"), (0.125, "down")) == [True, False]


def test_i5_a_second_press_after_the_debounce_time_acts() -> None:
    clock = FakeClock()
    gate = KeyGate(clock)
    assert presses(gate, clock, (0, "down"), (SAME_KEY_SECONDS + 0.05, "down")) == [True, True]


def test_i5_a_held_key_acts_once_however_long_it_is_held() -> None:
    # Held for 3 s: the first repeat after cage's 600 ms delay, then 25 a second.
    clock = FakeClock()
    gate = KeyGate(clock)
    held = [(0.0, "0"), (0.6, "0"), *[(0.04, "0")] * 60]
    assert presses(gate, clock, *held) == [True] + [False] * 61
    # Let go, and press again: that is a new press.
    assert presses(gate, clock, (1.0, "0")) == [True]


def test_i5_a_slow_auto_repeat_is_still_a_held_key() -> None:
    clock = FakeClock()
    gate = KeyGate(clock)
    gap = HELD_GAP_SECONDS - 0.05  # 5 a second: slower than any usual setting
    assert presses(gate, clock, (0, "down"), *[(gap, "down")] * 20) == [True] + [False] * 20


def test_i5_two_keys_at_once_act_as_the_first() -> None:
    clock = FakeClock()
    gate = KeyGate(clock)
    assert presses(gate, clock, (0, "4"), (0.03, "5")) == [True, False]
    # The first key's own bounce after the slip is still a bounce.
    assert presses(gate, clock, (0.2, "4")) == [False]


def test_i5_a_different_key_soon_after_acts() -> None:
    clock = FakeClock()
    gate = KeyGate(clock)
    later = TWO_AT_ONCE_SECONDS + 0.05
    assert presses(gate, clock, (0, "4"), (later, "5"), (later, "4")) == [True, True, True]


def test_i5_typing_is_exempt_letters_and_backspace_repeat() -> None:
    clock = FakeClock()
    gate = KeyGate(clock)
    typed = [gate.admits(key, character="l", typing=True) for key in ("l", "l", "l")]
    deleted = [gate.admits("backspace", typing=True) for _ in range(3)]
    assert typed == deleted == [True] * 3
    # Enter in a text box is not typing: a doubled Enter would send the message.
    assert presses(gate, clock, (1, "enter")) == [True]
    assert gate.admits("enter", character="\r", typing=True) is False


def test_i5_a_new_visitor_starts_with_nothing_held() -> None:
    clock = FakeClock()
    gate = KeyGate(clock)
    assert gate.admits("1")
    gate.reset()
    assert gate.admits("1")
