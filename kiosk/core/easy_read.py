"""Easy Read (row V3): the one place that says what a visitor-facing sentence may be.

Used by the test over every language pack and the sample content; staff's own words can be
checked the same way. Short sentences, one idea each, everyday words: a visitor may be
distressed, may not read well, or may be hearing the words rather than reading them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MOST_WORDS = 15
"""About 15 words at most in a sentence (accessibility.md, row V3)."""

JARGON: dict[str, str] = {
    # Each pattern, and why a visitor should not meet it.
    r"\bspeech model\b": "a computer's word: say what it does, not what it is",
    r"\bmodel\b": "a computer's word",
    r"\bEsc\b": "an abbreviation: say Escape",
    r"\b\d+ ?s\b": "an abbreviation: say seconds",
    r"\b(?:Vosk|espeak|eSpeak|TTS|ASR|PortAudio|SQLite)\b": "a part's name, not a visitor's word",
    r"\b(?:error|invalid|input|toggle|abort|fatal|config|database)\b": "a computer's word",
    r"\bclick\b": "a mouse word: on a kiosk a visitor taps or presses",
    r"\b(?:patient|sufferer|service user|mentally ill|mental illness|disorder)s?\b": (
        "a clinical label: peers are people, not conditions"
    ),
}
_JARGON = [
    (re.compile(pattern, re.IGNORECASE if pattern.islower() else 0), why)
    for pattern, why in JARGON.items()
]

_FIELD = re.compile(r"\{[^{}]*\}")
# A sentence ends at . ! ? : or ; before a space, at a line break, or at the dot that
# separates key hints ("1: play  ·  2: back"). Korean ends sentences with the same marks.
_BREAK = re.compile(r"(?<=[.!?;:])\s+|\s*[·\n]\s*")


@dataclass(frozen=True)
class Finding:
    """One thing in a text that is not Easy Read."""

    sentence: str
    why: str


def sentences(text: str) -> list[str]:
    """The sentences of `text`, with each `{field}` counted as one word."""
    plain = _FIELD.sub("X", text)
    return [part.strip() for part in _BREAK.split(plain) if part.strip()]


def check(text: str) -> list[Finding]:
    """Every sentence over the word limit, and every piece of jargon, in `text`."""
    found: list[Finding] = []
    for sentence in sentences(text):
        words = len(sentence.split())
        if words > MOST_WORDS:
            found.append(Finding(sentence, f"{words} words (at most {MOST_WORDS})"))
        for pattern, why in _JARGON:
            if pattern.search(sentence):
                found.append(Finding(sentence, why))
    return found
