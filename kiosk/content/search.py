"""Finding groups: filters by topic, day and area, and a search that forgives typos."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from kiosk.content.groups import Group

# A word counts as found when it is at least this similar (0-100) to a word of the group's.
# 80 lets "gardenning" find "gardening" and "wlaking" find "walking", but not "art" -> "part".
MATCH_SCORE = 80
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class GroupFilter:
    """What a visitor has chosen; None means "any"."""

    topic: str | None = None
    day: int | None = None
    area: str | None = None
    words: str = ""

    @property
    def is_empty(self) -> bool:
        """True when nothing has been chosen."""
        return self.topic is None and self.day is None and self.area is None and not self.words


def topics(groups: Iterable[Group]) -> list[str]:
    """Every topic some group has, in alphabetical order."""
    return sorted({topic for group in groups for topic in group.topics})


def areas(groups: Iterable[Group]) -> list[str]:
    """Every area some group is in, in alphabetical order."""
    return sorted({group.area for group in groups if group.area}, key=str.casefold)


def _words(group: Group) -> list[str]:
    text = " ".join((group.name, group.what, " ".join(group.topics), group.venue, group.area))
    return [w.casefold() for w in _WORD.findall(text)]


def _word_score(word: str, haystack: list[str]) -> float:
    """How well one search word is found among a group's words (0-100)."""
    if len(word) <= 3:
        # Short words are too easy to match by accident; ask for the word or a word start.
        return 100.0 if any(w.startswith(word) for w in haystack) else 0.0
    best = process.extractOne(word, haystack, scorer=fuzz.ratio)
    prefix = 100.0 if any(w.startswith(word) for w in haystack) else 0.0
    return max(prefix, best[1] if best else 0.0)


def search(groups: Sequence[Group], chosen: GroupFilter) -> list[Group]:
    """Return the groups that match every choice; with words, best matches first."""
    matches = [
        g
        for g in groups
        if (chosen.topic is None or chosen.topic in g.topics)
        and (chosen.day is None or chosen.day in g.days)
        and (chosen.area is None or g.area.casefold() == chosen.area.casefold())
    ]
    query = [w.casefold() for w in _WORD.findall(chosen.words)]
    if not query:
        return matches
    scored = []
    for group in matches:
        haystack = _words(group)
        scores = [_word_score(word, haystack) for word in query]
        if min(scores) >= MATCH_SCORE:
            scored.append((sum(scores) / len(scores), group))
    scored.sort(key=lambda item: -item[0])
    return [group for _, group in scored]
