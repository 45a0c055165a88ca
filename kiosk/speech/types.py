"""What the kiosk says, as a value: an utterance is pieces with a priority.

After NVDA's `source/speech/types.py` and `priorities.py`: a screen, the app or voice
control makes an `Utterance` and hands it to the one speech manager
(kiosk/speech/manager.py), which decides when it is heard. Nothing here makes a sound or
imports anything that does, so every layer can name these types without a cycle.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


class Priority(enum.Enum):
    """When an utterance is said, against what is being said already."""

    NOW = "now"
    """Cut what is playing (and anything waiting to follow it), and say this at once: the
    answer to a key, a screen arriving."""
    NEXT = "next"
    """After the utterance being said now, whole: nothing is cut."""
    WHEN_QUIET = "when-quiet"
    """The kiosk's own news ("voice commands are ready"): only after a stretch of quiet,
    never in the gap between a key and the screen it opens; dropped if the visitor acts
    first (a key, a tap, a voice command), since it would talk over what they asked for."""


@dataclass(frozen=True)
class Text:
    """Words said in one voice."""

    words: str
    language: str | None = None
    """The voice to say them in; None: the voice of the screen shown (`Speech.language`)."""


@dataclass(frozen=True)
class Pause:
    """A stretch of silence between two pieces."""

    seconds: float


@dataclass(frozen=True)
class Marker:
    """A point in an utterance: `reached` is called when speech gets there (never if cut first)."""

    reached: Callable[[], None] = field(compare=False)


Piece = Text | Pause | Marker
"""One piece of an utterance."""


@dataclass(frozen=True)
class Utterance:
    """Something to say: pieces in order, when to say them, and what of it to show."""

    pieces: tuple[Piece, ...]
    priority: Priority = Priority.NOW
    asked: bool = True
    """False for the kiosk's own prompts (a warning, "didn't catch that"): someone listening
    to an answer presses no keys and is still there; a prompt proves nothing."""
    shown: str | None = None
    """What the line of what was said shows of it (row V1): "" when its words are on the
    screen already (a screen's introduction); None: all its words, as given."""
    takes_lead: bool = False
    """A screen's own words: what was queued to go first of them (a choice heard by voice)
    is said at their start (`SpeechManager.lead`), and what was queued to follow them (how
    the kiosk works) after their end (`SpeechManager.follow`)."""

    @classmethod
    def of(
        cls,
        parts: Sequence[tuple[str, str | None]],
        *,
        priority: Priority = Priority.NOW,
        asked: bool = True,
        shown: str | None = None,
        takes_lead: bool = False,
    ) -> Utterance:
        """An utterance of text pieces, each (words, language or None)."""
        pieces = tuple(Text(words, language) for words, language in parts)
        return cls(pieces, priority, asked, shown, takes_lead)

    @property
    def words(self) -> str:
        """Every text piece's words, one after another, as given."""
        return " ".join(piece.words for piece in self.pieces if isinstance(piece, Text))

    @property
    def on_line(self) -> str:
        """What the line of what was said shows of it."""
        return self.words if self.shown is None else self.shown
