"""What the screens that answer a question answer with, as types mypy can check.

A screen that asks something dismisses itself with one of these, and the screen that opened
it gets it in its `then` callback (kiosk/ui/navigation.py). They live here, beside the
router, and not in the screen that gives them: screens never import each other, and the
router's table of places names each place's answer type.

A yes-or-no question (Place.ASK) answers with a plain bool, as frogmouth's yes/no dialog
does; a screen that gives back what was typed answers with the text. Each value is the word
its menu item stood for before answers were typed, so a screen turns its chosen item into
its answer with `Answer(item.value)`; the voice still reads the menu item's word to tell a
spoken "yes" or "no" (kiosk/listening/commands.py).
"""

from __future__ import annotations

from enum import Enum


class PreviewAnswer(Enum):
    """How looking a message over ends (Place.MESSAGE_PREVIEW)."""

    SENT = "sent"
    """The message is saved for staff to read: on to the thanks."""
    CHANGE = "change"
    """Back to the words, to change them (Back means this too)."""
    DISCARD = "discard"
    """The message is dropped, and the visitor leaves writing."""


class DictationAnswer(Enum):
    """What to do with words heard for a message (Place.DICTATION)."""

    KEEP = "keep"
    """Add them to the message and go on to the preview."""
    AGAIN = "again"
    """Listen again: the words are not kept."""
    EDIT = "edit"
    """Add them to the message and change them with the keys."""


class SupportAnswer(Enum):
    """Where to go after the people to talk to (Place.SUPPORT_NOW)."""

    CARRY_ON = "carry-on"
    """On to the preview, to send the message."""
    BACK = "back"
    """Back to the words."""


class Pick(Enum):
    """The picker's own answer (Place.PICK), besides the value of the option chosen."""

    ANY = "__any__"
    """The visitor picked "any": the choice is cleared."""
