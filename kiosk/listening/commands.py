"""The one table of voice commands: each command's name and the key that does the same.

The words for each command live in the language packs (`[voice.commands]` in
kiosk/locales/*.toml). A command's key is pressed for it, so saying a command and pressing
its key can never do different things (accessibility row I2).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    """One voice command."""

    name: str
    """Its name in the language packs' `[voice.commands]`."""
    key: str
    """The key (Textual's name) that does the same. "option:<value>" means the number key of
    the option with that value on the screen shown (such as "yes" on a question)."""
    turns: bool | None = None
    """For a key that flips something on and off: the state this command asks for (True:
    on). "Voice on" said while the voice is on must leave it on, not press the key that turns
    it off; None: the command always presses its key."""


COMMANDS: tuple[Command, ...] = (
    Command("help", "f1"),
    Command("repeat", "f2"),
    Command("pause", "f3", turns=True),
    Command("carry_on", "f3", turns=False),
    Command("stop", "f4"),
    Command("slower", "f5"),
    Command("faster", "f6"),
    Command("quieter", "f7"),
    Command("louder", "f8"),
    Command("voice_off", "f9", turns=False),
    Command("voice_on", "f9", turns=True),
    Command("key_help", "f10"),
    Command("hide", "f11", turns=True),
    Command("show", "f11", turns=False),
    Command("letters", "f12"),
    Command("back", "escape"),
    Command("home", "home"),
    Command("more", "0"),
    Command("next", "down"),
    Command("previous", "up"),
    Command("last", "end"),
    Command("page_back", "pageup"),
    Command("choose", "enter"),
    Command("forward", "right"),
    Command("rewind", "left"),
    Command("yes", "option:yes"),
    Command("no", "option:no"),
)

YES = frozenset({"yes", "send", "listen", "leave", "keep"})
"""Option values that "yes" chooses: the answer that goes ahead."""
NO = frozenset({"no", "change", "back", "stay"})
"""Option values that "no" chooses: the answer that holds back."""

TALK_KEY = "tab"
"""The key that opens a short listening window (press to talk). It has no voice command:
it is the microphone's own switch, so there is nothing to say for it."""

OPTION = "option:"
TURN = "turn:"
"""What the grammar gives for a command with `turns`: "turn:voice_on". The app presses the
command's key only if that is not already the state (kiosk/ui/voice.py)."""


def command(name: str) -> Command:
    """The command called `name`."""
    return next(c for c in COMMANDS if c.name == name)
