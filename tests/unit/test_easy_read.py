"""Easy Read over every visitor-facing string (row V3).

Every word in every language pack, and the sample content staff start from (the welcome,
the help contacts, story and group details), is checked by the one rule in
kiosk.core.easy_read: sentences of at most 15 words, no jargon, no clinical labels.
Transcripts are people's own words, in their own voice, so they are not checked.
"""

from __future__ import annotations

import pytest

from kiosk.content import load_content
from kiosk.core.easy_read import MOST_WORDS, check, sentences
from kiosk.core.locale import available, load_pack
from tests.support.paths import SAMPLE_CONTENT


def _sample_texts() -> dict[str, str]:
    content = load_content(SAMPLE_CONTENT)
    texts = {"kiosk.toml welcome": content.config.welcome}
    for n, contact in enumerate(content.config.support, 1):
        for name in ("name", "hours", "about"):
            texts[f"kiosk.toml support {n} {name}"] = getattr(contact, name)
    for story in content.stories:
        for name in ("title", "told_by", "summary", "content_note"):
            texts[f"{story.slug} {name}"] = getattr(story, name) or ""
        texts[f"{story.slug} topics"] = ". ".join(story.topics)
    for group in content.groups:
        for name in ("name", "what", "venue", "cost", "access"):
            texts[f"groups.csv line {group.line} {name}"] = getattr(group, name)
    return texts


@pytest.mark.parametrize("code", available())
def test_every_word_in_a_language_pack_is_easy_read(code: str) -> None:
    pack = load_pack(code)
    found = {key: check(text) for key, text in pack.strings.items()}
    assert {key: f for key, f in found.items() if f} == {}


def test_the_sample_content_is_easy_read() -> None:
    texts = _sample_texts()
    assert len(texts) > 50  # the sample really was read
    found = {key: check(text) for key, text in texts.items()}
    assert {key: f for key, f in found.items() if f} == {}


def test_the_check_finds_long_sentences_and_jargon() -> None:
    """The rule would fail if the words broke it: the four found in the first version."""
    long = " ".join(["word"] * (MOST_WORDS + 1)) + "."
    assert check(long) and not check("A short, warm sentence.")
    assert check("Voice commands are off: this kiosk has no speech model.")
    assert check("Esc: go back")
    assert check("2: back 10 s")
    assert check("Staff can help any patient.")
    assert not check("Escape: go back  ·  2: back 10 seconds")
    # Hints are read one at a time; a {field} is one word however long its value.
    assert sentences("Play it. Go back  ·  Stop") == ["Play it.", "Go back", "Stop"]
    assert sentences("Press {number} for {label}.") == ["Press X for X."]
