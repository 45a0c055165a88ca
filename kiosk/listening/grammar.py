"""What can be said on one screen, and checking what the recognizer heard against it.

Each screen listens only for what makes sense there: its option numbers and names, and the
visitor commands. The recognizer is given the phrases (Vosk as its grammar), but it can
still return words outside them (or force any sound onto the nearest phrase), so the result
is checked again here: the whole result must be one phrase, every word heard with enough
confidence, and no filler word in it. Anything else is "not understood", never a guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from kiosk.core.locale import Pack
from kiosk.listening.commands import COMMANDS, NO, OPTION, TURN, YES

MIN_CONFIDENCE = 0.4
"""Below this (the recognizer's per-word confidence, 0 to 1) any one word counts as not heard."""
MEAN_CONFIDENCE = 0.7
"""And the words of a phrase together must reach this on average. The last word of a phrase
often scores low because the kiosk stops listening 0.2 s after speech ends (to act fast),
so each word alone may be less sure than the phrase is."""


@dataclass(frozen=True)
class Option:
    """One choice on the screen: the key that picks it, and what it is called."""

    key: str
    """The number key that chooses it: "1" to "9"."""
    label: str
    """Its name as shown (its words can be said to choose it)."""
    value: object = None
    """What it stands for; "yes" and "no" answers are also reached by those commands."""
    aliases: tuple[str, ...] = ()
    """Other words for it (for a label with a changing number in it)."""


@dataclass(frozen=True)
class Heard:
    """What the recognizer heard: the words and how sure it was of each."""

    words: tuple[tuple[str, float], ...]

    @property
    def text(self) -> str:
        """The words as one line."""
        return " ".join(word for word, _ in self.words)


def normalise(text: str) -> str:
    """Lower case, letters and digits only, single spaces: "Hear a story!" -> "hear a story"."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


@dataclass
class Grammar:
    """The phrases one screen accepts, each with the key it presses."""

    phrases: dict[str, str] = field(default_factory=dict)
    """Normalised phrase -> key."""
    fillers: tuple[str, ...] = ()
    numbers: set[str] = field(default_factory=set)
    """The phrases that are an option's number ("number two"): not its name."""

    def add(self, phrase: str, key: str) -> None:
        """Accept `phrase` for `key`; the first key given for a phrase wins."""
        words = normalise(phrase)
        if words and words not in self.phrases:
            self.phrases[words] = key

    def listen_for(self) -> list[str]:
        """Every phrase the recognizer may hear here: the screen's, then the fillers."""
        return [*self.phrases, *self.fillers]

    def match(
        self, heard: Heard, minimum: float = MIN_CONFIDENCE, mean: float = MEAN_CONFIDENCE
    ) -> str | None:
        """The key for what was heard, or None when it is not clearly one phrase."""
        confidences = [conf for _, conf in heard.words]
        if not confidences or min(confidences) < minimum:
            return None
        if sum(confidences) / len(confidences) < mean:
            return None
        return self.phrases.get(normalise(heard.text))

    def sayable(self, limit: int = 3) -> list[str]:
        """A few phrases to suggest when something was not understood.

        Names of choices (longer phrases are heard best); numbers and commands only where
        no choice has a name, so a yes-or-no question suggests its two answers, never "one"
        (issue 34.5).
        """
        names: dict[str, str] = {}  # one name per choice
        for phrase, key in self.phrases.items():
            if key.isdigit() and " " in phrase and phrase not in self.numbers:
                names.setdefault(key, phrase)
        rest = [p for p in self.phrases if p not in names.values() and not p.isdigit()]
        return (list(names.values()) or rest)[:limit]


def sayable(phrase: str, known: Callable[[str], bool]) -> bool:
    """Whether every word of `phrase` is one the model knows (else it cannot be heard)."""
    words = normalise(phrase).split()
    return bool(words) and all(known(word) for word in words)


def say_as(option: Option, known: Callable[[str], bool], numbers: Sequence[str] = ()) -> str | None:
    """The name to show beside an option whose label cannot be said.

    Its first sayable alias, else the first sayable of `numbers` (the words for its number,
    such as "두 번째": a story titled in another language is chosen by those). None when
    the label can be said, or nothing else can.
    """
    if sayable(option.label, known):
        return None
    return next((name for name in (*option.aliases, *numbers) if sayable(name, known)), None)


def number_words(pack: Pack, key: str) -> tuple[str, ...]:
    """The words said for option `key` ("2": "두 번째"), or none past the pack's numbers."""
    number = int(key) if key.isdigit() else 0
    return pack.numbers[number - 1] if 1 <= number <= len(pack.numbers) else ()


def build_grammar(
    pack: Pack,
    options: Sequence[Option],
    *,
    more: bool = False,
    extra: Iterable[tuple[str, str]] = (),
    known: Callable[[str], bool] = lambda _word: True,
) -> Grammar:
    """The grammar for a screen showing `options` (and "more" when the list has more pages).

    `known` says whether the model knows a word: a phrase with an unknown word is left out,
    because the recognizer would drop that word and could then match the rest of it wrongly.
    """
    grammar = Grammar(fillers=tuple(w for w in pack.fillers if known(w)))

    def add(phrase: str, key: str) -> None:
        if sayable(phrase, known):
            grammar.add(phrase, key)

    for phrase, key in extra:
        add(phrase, key)
    values: dict[str, str] = {}
    for option in options:
        # The digit too: a recognizer that writes free text writes "2" as often as "two"
        # (one whose model has no such word leaves it out, as any unknown word).
        add(option.key, option.key)
        for word in number_words(pack, option.key):
            add(word, option.key)
            grammar.numbers.add(normalise(word))
        add(option.label, option.key)
        for alias in option.aliases:
            add(alias, option.key)
        if option.value in YES:
            values.setdefault("yes", option.key)
        elif option.value in NO:
            values.setdefault("no", option.key)
    if not ("yes" in values and "no" in values):
        # Only a question (one answer that goes ahead, one that holds back) has a yes and a
        # no. Elsewhere "yes" would pick some choice, and Korean 네 (yes) sounds like 넷 (4).
        values = {}
    for cmd in COMMANDS:
        pressed: str | None = cmd.key
        if cmd.key.startswith(OPTION):
            pressed = values.get(cmd.key.removeprefix(OPTION))
        elif cmd.name == "more" and not more:
            pressed = None
        elif cmd.turns is not None:
            pressed = f"{TURN}{cmd.name}"
        if pressed is None:
            continue
        for phrase in pack.words_for(cmd.name):
            add(phrase, pressed)
    return grammar
