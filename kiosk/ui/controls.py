"""The visitor controls: one table of single keys that work on every screen.

The help screen reads its list from here, the App binds its keys from here, and "what does
this key do" mode describes keys from here, so the three can never disagree. The words for
each control are in the language pack, under "controls.<action>": `label` (the keys as
shown, "F2 or *"), `said` (the keys as said, "F2, or star") and `does` (a short sentence).
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.locale import Pack


@dataclass(frozen=True)
class Control:
    """One visitor control."""

    action: str
    """The App action it runs; also its name in the language pack."""
    keys: tuple[str, ...]
    """Key names (Textual's): a function key, and a keypad key where there is a spare one."""

    def label(self, pack: Pack) -> str:
        """The keys as shown: "F2 or *"."""
        return pack.t(f"controls.{self.action}.label")

    def said(self, pack: Pack) -> str:
        """The keys as said: "F2, or star"."""
        return pack.t(f"controls.{self.action}.said")

    def does(self, pack: Pack) -> str:
        """What it does, as a short sentence."""
        return pack.t(f"controls.{self.action}.does")


CONTROLS: tuple[Control, ...] = (
    Control("help", ("f1",)),
    # Each keypad key under two names: Textual's for the character ("asterisk"), sent with
    # NumLock on or in application keypad mode, and its kitty protocol name ("multiply").
    Control("repeat", ("f2", "asterisk", "multiply")),
    Control("pause_speech", ("f3",)),
    Control("stop_speech", ("f4",)),
    Control("slower", ("f5",)),
    Control("faster", ("f6",)),
    Control("quieter", ("f7", "minus", "subtract")),
    Control("louder", ("f8", "plus", "add")),
    Control("toggle_speech", ("f9",)),
    Control("describe_keys", ("f10",)),
    Control("privacy", ("f11",)),
    Control("letters", ("f12",)),
)

BACK_KEYS: tuple[str, ...] = ("escape", "backspace", "full_stop", "decimal", "delete")
"""Back one step (row I6): Escape, Backspace, and the keypad's "." in every mode (a full
stop with NumLock on, "decimal" under the kitty protocol, Delete with NumLock off). It sits
beside Enter and 0, where a cash machine has its "clear"."""
HOME_KEYS: tuple[str, ...] = ("home", "slash", "divide")
"""Cancel: back to the first screen (row I6). Home, and the keypad's "/": top left of the
keypad, found by feel from the NumLock corner, and away from the digits. It was "pause the
voice" (F3 still is): a visitor can stop speech with any key, but needs a way out."""
NAVIGATION: tuple[str, ...] = ("numbers", "more", "arrows", "back", "home")
"""The keys that move around, in help's order; their words are the pack's "navigation.<name>"
`keys` and `does`."""

KEEPS_SPEECH = frozenset({"f3"})
"""Keys that must not cut speech short when pressed (pausing needs something to pause)."""


def control_for(key: str) -> Control | None:
    """The control a key runs, if any."""
    return next((c for c in CONTROLS if key in c.keys), None)
