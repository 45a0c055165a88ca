"""Turning screen text into words fit to speak (accessibility row S5).

Box drawing, progress bars, spinners and markup are for eyes only; arrows and separators
become words or pauses. Everything the kiosk says passes through `speakable`.
"""

from __future__ import annotations

import re

_SYMBOL_WORDS = {
    "←": " left arrow ",
    "→": " right arrow ",
    "↑↓": " up and down arrows ",
    "↑": " up arrow ",
    "↓": " down arrow ",
    "·": ", ",
    "…": ". ",
    "&": " and ",
}
# Box drawing, block elements (progress bars), geometric shapes, braille (spinners),
# dingbats used as bullets, and the private-use area (icon fonts).
_DECORATION = re.compile("[\u2500-\u25ff\u2800-\u28ff\u2700-\u27bf\ue000-\uf8ff]")
# Console markup such as [bold] or [link=https://...]: shown literally, never read out.
_MARKUP = re.compile(r"\[/?[a-zA-Z#@][^\[\]\n]{0,80}\]|\[/\]")
_SPACE = re.compile(r"\s+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def speakable(text: str) -> str:
    """Return `text` with decoration removed and symbols turned into words."""
    for symbol, words in _SYMBOL_WORDS.items():
        text = text.replace(symbol, words)
    text = _MARKUP.sub(" ", text)
    text = _DECORATION.sub(" ", text)
    text = re.sub(r"\s+([,.!?])", r"\1", text)
    text = re.sub(r"([,.])(?:\s*[,.])+", r"\1", text)
    return _SPACE.sub(" ", text).strip(" ,")


def sentences(text: str) -> list[str]:
    """Split speakable text into sentences, so the first can play while the rest are made."""
    return [part.strip() for part in _SENTENCE.split(text) if part.strip()]


def digits_for_speech(number: str) -> str:
    """Say a phone number digit by digit, keeping its groups: "0 1 6 3 2, 9 6 0 1 0 2"."""
    groups = [" ".join(group) for group in re.findall(r"\+?\d+", number)]
    return ", ".join(groups) if groups else number


def is_decoration(character: str) -> bool:
    """True for characters that must never reach the speech engine."""
    return bool(_DECORATION.match(character))
