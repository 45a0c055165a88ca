"""Commands from free text: which of a screen's phrases a transcript is, or none.

A recognizer with a grammar (Vosk) can only return the screen's phrases. One that writes
free text (Whisper) returns whatever it heard: "Leave a message.", "Free", "Thank you." in
a cough. Acting on a guess is worse than asking again (a visitor who cannot see the screen
cannot tell what a wrong guess did), so a transcript counts as a phrase only when all of
these hold, and is otherwise "not understood":

- the recognizer was sure enough of what it wrote, and sure it was speech;
- the transcript has no more words than the phrase (a sentence that contains a command
  word is talk, not a command);
- it is close to the phrase, letter by letter (rapidfuzz's ratio: "Go back." is "go back";
  "Free" is near "three" and may count; "see" is not "three");
- and it is clearly closer to that phrase than to any other (a near tie is not understood).

The screen's fillers ("the", "okay", "hello") are among the phrases, so everyday talk
lands on them, not on the command it is nearest to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from kiosk.listening.grammar import normalise

SIMILAR = 78.0
"""How alike (0 to 100, rapidfuzz's ratio) the transcript and the phrase must be."""
MARGIN = 10.0
"""How much nearer the chosen phrase must be than the next one: a near tie is a guess."""
CONFIDENCE = 0.2
"""Least confidence in what was written (Whisper: the mean token probability, 0 to 1)."""
NO_SPEECH = 0.6
"""Most likelihood that there was no speech at all (Whisper's no_speech_prob)."""


@dataclass(frozen=True)
class Transcript:
    """What a free-text recognizer wrote for one utterance, and how sure it was."""

    text: str
    confidence: float
    """How sure it was of the words, 0 to 1."""
    no_speech: float
    """How likely it is that there was no speech at all, 0 to 1."""


def choose(said: Transcript, phrases: Sequence[str]) -> str | None:
    """The phrase `said` is, or None when it is not clearly one of `phrases` (see the module)."""
    heard = normalise(said.text)
    if not heard or said.confidence < CONFIDENCE or said.no_speech > NO_SPEECH:
        return None
    scores = sorted(
        ((fuzz.ratio(heard, phrase), phrase) for phrase in {normalise(p) for p in phrases}),
        reverse=True,
    )
    if not scores:
        return None
    best, phrase = scores[0]
    runner_up = scores[1][0] if len(scores) > 1 else 0.0
    if best < SIMILAR or best - runner_up < MARGIN:
        return None
    if len(heard.split()) > len(phrase.split()):
        return None
    return phrase
