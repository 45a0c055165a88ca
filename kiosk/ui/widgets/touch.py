"""Buttons for a touch screen: each one presses a key, so a tap does exactly what the key does.

A tap is posted to the app as the key it stands for (Escape for Back, F2 for Say again,
"a" for the letter a), so every rule that keys follow holds for touch without a line of its
own: the debounce (row I5), speech stopping (row S4), key help describing instead of acting
(row I3), and each screen's own meaning of the key. Voice commands work the same way
(kiosk/ui/voice.py).

The buttons never take focus: the list or the text box keeps it, so the keypad and the
keyboard go on working as before after a tap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button


@dataclass(frozen=True)
class Tap:
    """One button: the words on it and the key it presses."""

    label: str
    key: str
    """Textual's name for the key ("escape", "f2", "a", "space")."""
    character: str | None = None
    """What the key types, for a letter; None for a key that types nothing."""
    name: str = ""
    """A name for finding the button (its id is "tap-<name>"); the key's name if empty."""


class TapButton(Button):
    """A finger-sized button that presses its key."""

    def __init__(self, tap: Tap) -> None:
        super().__init__(Content(tap.label), id=f"tap-{tap.name or tap.key}")
        self.tap = tap
        self.can_focus = False
        # No padding beside the words: seven buttons share 80 columns, "Say again" on one
        # line (the stylesheet cannot say 0 here: Textual's parser refuses it).
        self.styles.line_pad = 0

    async def _on_click(self, event: events.Click) -> None:
        # Every tap counts, even during the button's flash: the key gate alone decides what
        # is a bounce (row I5), with one rule for keys and taps. Two "l"s are two letters.
        event.stop()
        self.press()


class TouchBar(Horizontal):
    """A row of buttons, each the same width, that press keys."""

    def __init__(self, taps: Sequence[Tap], *, id: str | None = None) -> None:
        super().__init__(*(TapButton(tap) for tap in taps), id=id, classes="touch-bar")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if isinstance(event.button, TapButton):
            press(self, event.button.tap)


def press(widget: TouchBar | TouchKeyboard, tap: Tap) -> None:
    """Post `tap`'s key to the app, as the keyboard would have sent it."""
    widget.app.post_message(events.Key(tap.key, tap.character))


KEY_NAMES = {" ": "space", "'": "apostrophe", ",": "comma", ".": "full_stop", "?": "question_mark"}
"""Textual's names for the characters on the keyboard that are not letters."""


def letter_name(character: str) -> str:
    """The name of a letter's button ("letter-a", "letter-3131" for ㄱ): ids are ASCII."""
    name = KEY_NAMES.get(character, character)
    return f"letter-{name if name.isascii() else format(ord(character), 'x')}"


def letter_tap(character: str) -> Tap:
    """The button for one character of the on-screen keyboard."""
    return Tap(character, KEY_NAMES.get(character, character), character, letter_name(character))


class TouchKeyboard(Vertical):
    """Letters to tap, for a kiosk with no keyboard: rows of letters, then a row of keys.

    `rows` are the pack's letters, a row to a word ("qwertyuiop asdfghjkl zxcvbnm"), and
    `capitals` the same rows as the capital key shows them ("QWERTYUIOP ...", or Korean's
    double consonants); `keys` is the last row (space, delete, done, back). The capital
    key changes the next letter only.
    """

    def __init__(
        self, rows: Iterable[str], capitals: Iterable[str], keys: Sequence[Tap], capital: str
    ) -> None:
        self._rows = [row for row in rows if row]
        small, big = "".join(self._rows), "".join(capitals)
        self._capitals = dict(zip(small, big, strict=True)) if len(small) == len(big) else {}
        self._keys = keys
        self._capital_label = capital
        self.capital = False
        super().__init__(id="touch-keyboard")

    def compose(self) -> ComposeResult:
        """The letter rows, then the capital key and the other keys."""
        for row in self._rows:
            yield Horizontal(*(TapButton(letter_tap(c)) for c in row), classes="touch-row")
        capital = TapButton(Tap(self._capital_label, "shift", name="capital"))
        yield Horizontal(capital, *(TapButton(tap) for tap in self._keys), classes="touch-row")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button = event.button
        if not isinstance(button, TapButton):
            return
        tap = button.tap
        if tap.key == "shift":
            self.set_capital(not self.capital)
            return
        if tap.character is not None and self.capital:
            big = self._capitals.get(tap.character, tap.character)
            tap = Tap(big, KEY_NAMES.get(big, big), big)
            self.set_capital(False)
        press(self, tap)

    def set_capital(self, on: bool) -> None:
        """Show capitals (for the next letter only) or small letters."""
        self.capital = on
        self.set_class(on, "-capital")
        for button in self.query(TapButton):
            character = button.tap.character
            if character is not None and character != " ":
                shown = self._capitals.get(character, character) if on else character
                button.label = Content(shown)
