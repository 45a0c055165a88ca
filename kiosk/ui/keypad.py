"""The numeric keypad means the same in every mode the terminal can be in (row I6).

Digits choose, Enter confirms, "." goes back and "/" cancels to the first screen, whether
NumLock is on or off and whether or not the terminal speaks the kitty keyboard protocol
(the key tables are in kiosk/ui/controls.py). Two things stand in the way, both fixed here:

- **NumLock off, kitty protocol** (kitty, foot, WezTerm, Ghostty: Textual turns the
  protocol on). The keypad sends its own codes, CSI 57417 u to CSI 57427 u, but Textual
  names them after the cursor keys they stand for: keypad 8 arrives as "up", 7 as "home"
  (which stopped a story and went to the start), and 5 as a private-use character. Textual
  has no setting for this, so its table of those codes is told their digits instead: the
  keypad's 8 is "8" whatever NumLock says, and types an 8 in a text box. The cursor keys
  keep their own codes.
- **NumLock off, no kitty protocol** (xterm, tmux, the Linux console). The keypad sends
  exactly what the cursor keys send (ESC [ A for 8), so nothing can tell them apart. The
  kiosk asks for application keypad mode (DECKPAM), in which the keypad sends ESC O p to
  ESC O y for its digits, which Textual reads as digits. A terminal that ignores the
  request leaves NumLock off meaning the arrows printed on the keys; README says to keep
  NumLock on there.
"""

from __future__ import annotations

from textual import _keyboard_protocol, _xterm_parser

APPLICATION_KEYPAD = "\x1b="
"""DECKPAM: the keypad sends its own codes, not the cursor keys', with NumLock off."""
NUMERIC_KEYPAD = "\x1b>"
"""DECKPNM: back to the terminal's default, when the kiosk leaves."""

KITTY_KEYPAD_DIGITS = {
    "57417u": "4",  # KP_Left
    "57418u": "6",  # KP_Right
    "57419u": "8",  # KP_Up
    "57420u": "2",  # KP_Down
    "57421u": "9",  # KP_Page_Up
    "57422u": "3",  # KP_Page_Down
    "57423u": "7",  # KP_Home
    "57424u": "1",  # KP_End
    "57425u": "0",  # KP_Insert
    "57426u": "decimal",  # KP_Delete: the "." key, as with NumLock on
    "57427u": "5",  # KP_Begin (Textual only knows it as "57427~", which is not sent)
}
"""The kitty protocol's codes for the keypad with NumLock off, as the keys they are on."""


KITTY_KEYPAD_CHARACTERS = {
    **{str(n): str(n) for n in range(10)},
    **{"decimal": ".", "divide": "/", "multiply": "*", "subtract": "-", "add": "+"},
}
"""What the keypad's keys type, sent without their text: a terminal sends no text for the
NumLock-off digits, and Textual takes the character of a key that comes without text from
this table (by the key's name). So in a text box the keypad types what is printed on it."""


def install() -> None:
    """Make Textual read the keypad's NumLock-off codes as digits (safe to call twice)."""
    _keyboard_protocol.FUNCTIONAL_KEYS.update(KITTY_KEYPAD_DIGITS)
    _xterm_parser.SPECIAL_KEY_TO_CHARACTER.update(KITTY_KEYPAD_CHARACTERS)
