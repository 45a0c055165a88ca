"""The visitor controls: one table of single keys that work on every screen.

The help screen reads its list from here, the App binds its keys from here, and "what does
this key do" mode describes keys from here, so the three can never disagree. The words for
each control are in the language pack, under "controls.<action>": `label` (the keys as
shown, "F2 or *"), `said` (the keys as said, "F2, or star") and `does` (a short sentence).

What each control is called on each input this kiosk has (a keyboard, a keypad, a touch
screen: kiosk.toml's `keypad` and `touch_screen`) is here too (`key_names`): every hint a
screen shows or says asks it, so a keypad kiosk says "press the dot key to go back", never
"press Escape" (issue 34).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from kiosk.core.config import KioskConfig
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
    # The keypad's "-" is its talk key where visitors can speak (`KEYPAD_TALK_KEYS`).
    Control("quieter", ("f7",)),
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

KEYPAD_TALK_KEYS: tuple[str, ...] = ("minus", "subtract")
"""The keypad's talk key, "-" (Textual's name, and the kitty protocol's). A keypad has 17
keys and no spare one: NumLock sends nothing a terminal can read, and the digits, Enter,
".", "/", "*" and "+" all have their jobs. "-" (quieter) is the one a visitor misses least:
"+" makes the voice louder, a visitor can say "quieter", and every visit starts at the
centre's own volume. On a kiosk without voice control it stays quieter. In a text box it
types a "-", as the keypad's other keys do."""
TALK = Control("talk", ("tab", *KEYPAD_TALK_KEYS))
"""Speak to the kiosk (press, wait for the tone, speak): Tab, the keypad's "-", or the Talk
button. Bound by the App itself (Tab before any widget's own)."""

KEEPS_SPEECH = frozenset({"f3"})
"""Keys that must not cut speech short when pressed (pausing needs something to pause)."""


def control_for(key: str, *, voice: bool = True) -> Control | None:
    """The control a key runs, if any; `voice`: whether this kiosk has voice control."""
    if key in KEYPAD_TALK_KEYS:
        return TALK if voice else next(c for c in CONTROLS if c.action == "quieter")
    return next((c for c in (*CONTROLS, TALK) if key in c.keys), None)


class Input(StrEnum):
    """The keys a visitor has: the pack names each control on each ("names.<input>.*").

    A touch screen's buttons carry their own names ("touch.*"), in sight on every screen.
    """

    KEYBOARD = "keyboard"
    KEYPAD = "keypad"


NAMED: tuple[str, ...] = ("back", "home", "repeat", "talk", "help", "letters")
"""The controls hints name. A hint in the pack names one as a field, "{back_key}": "Press
{back_key} to go back"."""
BESIDE_LETTERS = frozenset({"back", "talk"})
"""The controls with a button beside the letters to tap, where visitors write."""


def keys_input(config: KioskConfig) -> Input:
    """The keys this kiosk has: a keypad, or a keyboard."""
    return Input.KEYPAD if config.keypad else Input.KEYBOARD


def key_names(
    pack: Pack, config: KioskConfig, *, shown: bool, typing: bool = False
) -> dict[str, str]:
    """What each control in NAMED is called on this kiosk, as fields for a hint: "back_key".

    `shown`: for the hints along the bottom ("Escape", "Dot key"); else as said ("the dot
    key"). Keys are named, not buttons: a visitor who can see has the buttons in sight, and
    one who cannot uses the keys. Except where letters are typed on a keypad kiosk
    (`typing`): there the keypad's keys type, so the buttons to tap are named.
    """
    keys = keys_input(config)
    names = {}
    for control in NAMED:
        name = pack.t(f"names.{keys}.{control}.{'shown' if shown else 'said'}")
        if typing and keys is Input.KEYPAD and config.touch_screen and control in BESIDE_LETTERS:
            button = pack.t(f"touch.{control}").strip("◀▶ ")
            name = button if shown else pack.t("names.tap_only", button=button)
        names[f"{control}_key"] = name
    return names


def control_keys(
    pack: Pack, config: KioskConfig, control: Control, *, voice: bool
) -> tuple[str, str] | None:
    """`control`'s keys on this kiosk, as shown and as said; None where it has none.

    A keyboard has every control's keys ("F2 or *"). A keypad has only those the pack gives
    a keypad's own words ("label_keypad": "*"): the rest are F-keys, reached there by voice.
    Its "-" is the talk key on a kiosk that listens, and the quieter key on one that does not.
    `voice`: whether this kiosk listens in the visitor's language.
    """
    if not config.keypad:
        return control.label(pack), control.said(pack)
    minus_is = TALK.action if voice else "quieter"
    if control.action in (TALK.action, "quieter") and control.action != minus_is:
        return None
    name = f"controls.{control.action}"
    if not pack.has(f"{name}.label_keypad"):
        return None
    return pack.t(f"{name}.label_keypad"), pack.t(f"{name}.said_keypad")


def navigation_keys(pack: Pack, config: KioskConfig, name: str) -> tuple[str, str] | None:
    """The keys for a way around (NAVIGATION) on this kiosk, as shown and as said.

    None where it has none: a keypad has no arrow keys (its 8 and 2 are digits in every mode).
    """
    words = f"navigation.{name}"
    if config.keypad:
        if not pack.has(f"{words}.keys_keypad"):
            return None
        return pack.t(f"{words}.keys_keypad"), pack.t(f"{words}.said_keypad")
    return pack.t(f"{words}.keys"), pack.t(f"{words}.said")


KEYPAD_NAMED = {"escape": "back", "home": "home"}
"""Keys a voice command presses that a keypad has under another name: the dot and slash keys
(`key_names`). Its digits, Enter and the answers' numbers are named as on a keyboard."""
NOT_ON_KEYPAD = frozenset({"up", "down", "left", "right", "end", "pageup"})
"""Keys a keypad lacks: its 8, 2, 4, 6, 1 and 9 are digits in every mode (kiosk/ui/keypad.py)."""


def pressed_key_names(pack: Pack, config: KioskConfig, key: str) -> tuple[str, str] | None:
    """A key that is not a control, as named on this kiosk, shown and said.

    Such as "escape", "up", "0" or "yes": what a voice command presses. None where this kiosk
    has no such key (a keypad's arrows).
    """
    if config.keypad and key in NOT_ON_KEYPAD:
        return None
    if config.keypad and key in KEYPAD_NAMED:
        named = f"names.keypad.{KEYPAD_NAMED[key]}"
        return pack.t(f"{named}.shown"), pack.t(f"{named}.said")
    name = pack.t(f"voice.key_names.{key}")
    return name, name


def visitor_words(
    pack: Pack,
    config: KioskConfig,
    key: str,
    /,
    names: Mapping[str, str] | None = None,
    **values: object,
) -> str:
    """The visitor words `key` ("speech.voice_off"), naming the keys this kiosk has.

    The one rule every front end calls (screens, the App's toggles, the voice's news): on a
    keypad kiosk a key with a keypad's own words ("speech.voice_off_keypad") has those there,
    since a keypad has no F-keys and no Tab; and "{back_key}", "{talk_key}" and the rest are
    filled from `names` (`key_names`; as said, when not given).
    """
    if config.keypad and pack.has(f"{key}_keypad"):
        key = f"{key}_keypad"
    if names is None:
        names = key_names(pack, config, shown=False)
    return pack.t(key, **{**names, **values})
