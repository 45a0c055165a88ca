"""The visitor controls: one table of single keys that work on every screen.

The help screen reads its list from here, the App binds its keys from here, and "what does
this key do" mode describes keys from here, so the three can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Control:
    """One visitor control."""

    action: str
    """The App action it runs."""
    keys: tuple[str, ...]
    """Key names (Textual's): a function key, and a keypad key where there is a spare one."""
    label: str
    """The keys as shown: "F2 or *"."""
    said: str
    """The keys as said: "F2, or star"."""
    does: str
    """What it does, as a short sentence."""


CONTROLS: tuple[Control, ...] = (
    Control("help", ("f1",), "F1", "F1", "Opens help."),
    Control("repeat", ("f2", "asterisk"), "F2 or *", "F2, or star", "Says the last thing again."),
    Control(
        "pause_speech",
        ("f3", "slash"),
        "F3 or /",
        "F3, or slash",
        "Pauses the voice, or carries on.",
    ),
    Control("stop_speech", ("f4",), "F4", "F4", "Stops the voice."),
    Control("slower", ("f5",), "F5", "F5", "Speaks slower."),
    Control("faster", ("f6",), "F6", "F6", "Speaks faster."),
    Control("quieter", ("f7", "minus"), "F7 or -", "F7, or minus", "Speaks more quietly."),
    Control("louder", ("f8", "plus"), "F8 or +", "F8, or plus", "Speaks louder."),
    Control("toggle_speech", ("f9",), "F9", "F9", "Turns the voice off, or on again."),
    Control(
        "describe_keys",
        ("f10",),
        "F10",
        "F10",
        "Key help: press any key to hear what it does, without doing it.",
    ),
    Control(
        "privacy", ("f11",), "F11", "F11", "Hides the screen, or shows it again. The voice goes on."
    ),
    Control("letters", ("f12",), "F12", "F12", "Says each letter as you type, or stops."),
)

NAVIGATION: tuple[tuple[str, str], ...] = (
    ("Number keys", "Choose the thing with that number."),
    ("0", "Shows more, when a list is long."),
    ("Up and down arrows", "Move through a list. Enter chooses."),
    ("Escape or Backspace", "Goes back one step. You can always go back."),
)

KEEPS_SPEECH = frozenset({"f3", "slash"})
"""Keys that must not cut speech short when pressed (pausing needs something to pause)."""


def control_for(key: str) -> Control | None:
    """The control a key runs, if any."""
    return next((c for c in CONTROLS if key in c.keys), None)
