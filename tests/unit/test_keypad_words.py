"""Every visitor sentence a keypad kiosk can show or say names only keys a keypad has.

Issue 34.1: a keypad kiosk said "Press Escape", "press F12" and "F2 or *" in places found
one by one by walking (a group's code, search words, help). This reads every sentence in
each language pack as a keypad kiosk would have it (`visitor_words`, which takes a
sentence's keypad form where it has one and fills in the keypad's names for the keys) and
looks for a key a keypad lacks.
"""

from __future__ import annotations

import dataclasses
import re
import string
import tomllib

import pytest

from kiosk.core.config import load_config
from kiosk.core.locale import LOCALES_DIR, load_pack
from kiosk.ui.controls import key_names, visitor_words
from tests.support.paths import SAMPLE_CONTENT

KEYBOARD_ONLY = re.compile(r"\b(Escape|Esc|F\d+|Tab|Backspace|arrow)\b")
"""Keys a keypad does not have."""
NOT_VISITOR_SENTENCES = (
    "names.",  # the tables of key names themselves
    "keys.",  # key help: said for the key just pressed, so it is one the visitor has
    "controls.",  # help reads these through control_keys, keypad forms and all
    "navigation.",  # and these through navigation_keys
    "voice.key_names",  # and these through pressed_key_names
    "speech.typing",  # said only after F12 itself was pressed
)


def sentences(node: dict[str, object], path: str = "") -> list[str]:
    found = []
    for key, value in node.items():
        name = f"{path}.{key}" if path else key
        if isinstance(value, dict):
            found += sentences(value, name)
        elif isinstance(value, str) and not key.endswith("_keypad"):
            found.append(name)
    return found


@pytest.mark.parametrize("language", ["en", "ko"])
def test_no_sentence_on_a_keypad_kiosk_names_a_key_it_lacks(language: str) -> None:
    config, _ = load_config(SAMPLE_CONTENT)
    config = dataclasses.replace(config, keypad=True)
    pack = load_pack(language)
    with (LOCALES_DIR / f"{language}.toml").open("rb") as file:
        words = tomllib.load(file)["words"]
    names = key_names(pack, config, shown=False)
    wrong = []
    for key in sentences(words):
        if key.startswith(NOT_VISITOR_SENTENCES):
            continue
        fields = {f for _, f, _, _ in string.Formatter().parse(pack.t(key)) if f}
        text = visitor_words(pack, config, key, names, **{f: "X" for f in fields - set(names)})
        if KEYBOARD_ONLY.search(text):
            wrong.append(f"{key}: {text}")
    assert wrong == []
