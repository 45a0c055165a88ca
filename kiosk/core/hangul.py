"""Hangul typed letter by letter, joined into syllables as a Korean keyboard joins them.

The on-screen keyboard (kiosk/ui/widgets/touch.py) types one letter (jamo) a tap:
ㅎ, ㅏ, ㄴ gives 한, and a vowel after it moves the ㄴ on (한 + ㅏ = 하나). A physical
keyboard's input method does this itself and sends whole syllables, which pass through
unchanged. Written here because the library there is (hangul-jamo 1.0.1, 2022) joins
neither ㅗ+ㅏ into ㅘ nor ㄹ+ㄱ into ㄺ; the syllable arithmetic is Unicode's own (The
Unicode Standard, 3.12 "Conjoining Jamo Behavior").
"""

from __future__ import annotations

LEADS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
TAILS = ("", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ")
FIRST_SYLLABLE = 0xAC00
LAST_SYLLABLE = FIRST_SYLLABLE + len(LEADS) * len(VOWELS) * len(TAILS) - 1

VOWEL_PAIRS = {
    ("ㅗ", "ㅏ"): "ㅘ",
    ("ㅗ", "ㅐ"): "ㅙ",
    ("ㅗ", "ㅣ"): "ㅚ",
    ("ㅜ", "ㅓ"): "ㅝ",
    ("ㅜ", "ㅔ"): "ㅞ",
    ("ㅜ", "ㅣ"): "ㅟ",
    ("ㅡ", "ㅣ"): "ㅢ",
}
TAIL_PAIRS = {
    ("ㄱ", "ㅅ"): "ㄳ",
    ("ㄴ", "ㅈ"): "ㄵ",
    ("ㄴ", "ㅎ"): "ㄶ",
    ("ㄹ", "ㄱ"): "ㄺ",
    ("ㄹ", "ㅁ"): "ㄻ",
    ("ㄹ", "ㅂ"): "ㄼ",
    ("ㄹ", "ㅅ"): "ㄽ",
    ("ㄹ", "ㅌ"): "ㄾ",
    ("ㄹ", "ㅍ"): "ㄿ",
    ("ㄹ", "ㅎ"): "ㅀ",
    ("ㅂ", "ㅅ"): "ㅄ",
}
_SPLIT = {joined: pair for pair, joined in (VOWEL_PAIRS | TAIL_PAIRS).items()}


def is_jamo(character: str) -> bool:
    """True for a single Hangul letter as a keyboard types it (ㄱ, ㅏ: not 가)."""
    return character in LEADS or character in VOWELS or character in _SPLIT


def _syllable(lead: str, vowel: str, tail: str = "") -> str:
    index = (LEADS.index(lead) * len(VOWELS) + VOWELS.index(vowel)) * len(TAILS)
    return chr(FIRST_SYLLABLE + index + TAILS.index(tail))


def _letters(text: str) -> list[str]:
    """The letters of `text` as typed: 닭 is ㄷ ㅏ ㄹ ㄱ, 과 is ㄱ ㅗ ㅏ; the rest as it is."""
    letters: list[str] = []
    for character in text:
        code = ord(character)
        if FIRST_SYLLABLE <= code <= LAST_SYLLABLE:
            index = code - FIRST_SYLLABLE
            tail = TAILS[index % len(TAILS)]
            lead = LEADS[index // (len(VOWELS) * len(TAILS))]
            vowel = VOWELS[index // len(TAILS) % len(VOWELS)]
            for part in (lead, vowel, tail) if tail else (lead, vowel):
                letters.extend(_SPLIT.get(part, (part,)))
        else:
            letters.append(character)  # a letter on its own, ㅘ too, is one tap
    return letters


def join(text: str) -> str:
    """`text` with its Hangul letters joined into syllables; nothing else changes.

    Text with no loose letters comes back as it is, so what an input method sent whole
    is never taken apart.
    """
    if not any(is_jamo(character) for character in text):
        return text
    out: list[str] = []
    lead = vowel = tail = ""

    def finish() -> None:
        nonlocal lead, vowel, tail
        if lead and vowel:
            out.append(_syllable(lead, vowel, tail))
        else:
            out.append(lead + vowel)
        lead = vowel = tail = ""

    for letter in _letters(text):
        if letter in VOWELS:
            if lead and not vowel:
                vowel = letter
            elif vowel and not tail and (vowel, letter) in VOWEL_PAIRS:
                vowel = VOWEL_PAIRS[(vowel, letter)]
            elif tail:
                # The last consonant moves on to start the next syllable: 한 + ㅏ = 하나.
                first, moved = _SPLIT.get(tail, ("", tail))
                tail = first
                finish()
                lead, vowel = moved, letter
            else:
                finish()
                out.append(letter)  # a vowel on its own stays as it is
        elif letter in LEADS or letter in TAILS:
            if vowel and not tail and letter in TAILS:
                tail = letter
            elif tail and (tail, letter) in TAIL_PAIRS:
                tail = TAIL_PAIRS[(tail, letter)]
            else:
                finish()
                if letter in LEADS:
                    lead = letter
                else:
                    out.append(letter)  # ㄳ on its own cannot start a syllable
        else:
            finish()
            out.append(letter)
    finish()
    return "".join(out)


def without_last_letter(text: str) -> str | None:
    """`text` with the last letter of its last Hangul syllable taken off (닭 to 달, 가 to ㄱ).

    What Delete does after letters tapped on the on-screen keyboard, as on a phone: one
    tap takes back one letter, not the whole syllable. None when `text` does not end with a
    syllable: Delete then takes the last character as usual.
    """
    if not text or not FIRST_SYLLABLE <= ord(text[-1]) <= LAST_SYLLABLE:
        return None
    return text[:-1] + join("".join(_letters(text[-1])[:-1]))
