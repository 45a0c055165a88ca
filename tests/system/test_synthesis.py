"""The real voice (pyttsx3's espeak-ng) makes a sentence piece by piece (issue 14)."""

from __future__ import annotations

import ctypes
import gc

import numpy as np
import pytest

from kiosk.audio.engine import RATE
from kiosk.speech.synthesis import LEAD_IN_KEEP, LEAD_IN_LEVEL, EspeakSynthesizer, Pcm

# About 40 words: a group's details, as a visitor hears them the first time.
LONG = (
    "The Tuesday walking group meets at ten in the morning outside the library on Market "
    "Street, walks for about an hour along the river, and finishes with tea at the community "
    "cafe, where anyone is welcome to join."
)


@pytest.fixture(scope="module")
def voice() -> EspeakSynthesizer:
    return EspeakSynthesizer()


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", LONG),
        (
            "ko",
            "화요일 걷기 모임은 아침 열 시에 도서관 앞에서 만나고, 한 시간쯤 강을 따라 걷습니다.",
        ),
    ],
)
def test_a_long_sentence_comes_in_pieces_that_make_the_whole(
    voice: EspeakSynthesizer, language: str, text: str
) -> None:
    pieces: list[Pcm] = []
    whole = voice.synthesize(text, language, 175, pieces=lambda p: pieces.append(p) is None)
    assert whole is not None and whole.dtype == np.int16
    assert len(whole) > 4 * RATE  # seconds of speech
    # The first piece is a small part of the sentence: it can be heard while the rest is made.
    assert len(pieces) > 20 and len(pieces[0]) < RATE // 5
    assert np.array_equal(np.concatenate(pieces), whole)


def test_the_silence_before_a_sentence_is_cut(voice: EspeakSynthesizer) -> None:
    """espeak-ng starts every sentence with 10-50 ms of silence: a late answer to the key."""
    for text in ("Hear a story.", "Press 1 to hear a story.", "Voice commands are off."):
        samples = voice.synthesize(text, "en", 175)
        assert samples is not None
        first = int(np.flatnonzero(np.abs(samples) > LEAD_IN_LEVEL)[0])
        assert first <= LEAD_IN_KEEP, text


def test_asked_to_stop_it_stops_and_gives_no_sentence(voice: EspeakSynthesizer) -> None:
    """A sentence cut off while it is made is not finished, nor kept as if whole."""
    seen: list[int] = []

    def pieces(piece: Pcm) -> bool:
        seen.append(len(piece))
        return len(seen) < 3

    assert voice.synthesize(LONG, "en", 175, pieces=pieces) is None
    assert len(seen) == 3
    again = voice.synthesize("Hello.", "en", 175)  # and the voice is fine afterwards
    assert again is not None and len(again) > RATE // 4


def test_text_with_nothing_to_say_is_empty_not_an_error(voice: EspeakSynthesizer) -> None:
    samples = voice.synthesize(".", "en", 175)
    assert samples is not None and len(samples) == 0


def _ctypes_array_types() -> int:
    gc.collect()
    return sum(isinstance(o, type) and issubclass(o, ctypes.Array) for o in gc.get_objects())


def test_sentences_of_every_length_leave_nothing_behind(voice: EspeakSynthesizer) -> None:
    """Issue 11, item 8: reading a piece made a ctypes type per length, kept for good."""
    voice.synthesize("Hello.", "en", 175)
    before = _ctypes_array_types()
    words = LONG.split()
    for length in range(1, 30):  # 29 sentences, so 29 lengths of last piece
        voice.synthesize(" ".join(words[:length]) + ".", "en", 175)
    assert _ctypes_array_types() <= before + 1


@pytest.mark.parametrize(
    "language, text",
    [
        ("en", "Welcome. Press 1: Hear a story. Press 2: Leave a message."),
        ("en", "There are seven stories. Each one is told by someone who has been there."),
        ("ko", "안녕하세요. 이야기를 들으려면 1번을 누르세요."),
    ],
)
def test_the_voice_sits_at_the_stories_level(
    voice: EspeakSynthesizer, language: str, text: str
) -> None:
    """Issue 13: stories play at TARGET_LUFS because that is where espeak-ng's voice sits
    (-20.3 to -21.5 LUFS); if espeak-ng or its settings change, the target must follow."""
    from kiosk.core.loudness import TARGET_LUFS, measure

    pcm = voice.synthesize(text, language, 175)
    assert pcm is not None
    measured = measure(pcm.astype(np.float32) / 32768, RATE)
    assert measured.lufs is not None
    print(f"{language}: the voice measures {measured.lufs:.1f} LUFS")
    assert measured.lufs == pytest.approx(TARGET_LUFS, abs=1.5)
