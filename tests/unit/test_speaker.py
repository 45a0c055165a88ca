"""The real Speaker's own logic, with a fake synthesizer and a fake output device."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from kiosk.audio.engine import AudioEngine
from kiosk.core.problems import Code
from kiosk.speech.log import SpeechLog
from kiosk.speech.speaker import Speaker, SpeechDefaults, volume_gain
from kiosk.speech.synthesis import Pieces, SpeechUnavailable
from kiosk.speech.words import is_decoration, sentences, speakable
from tests.support.fakes import FakeClock, FakeOutput


class RecordingSynth:
    """Makes 100 samples per sentence; can be told to wait before one sentence."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, int]] = []
        self.hold: str | None = None
        self.release = threading.Event()

    def synthesize(
        self, text: str, language: str, rate: int, *, pieces: Pieces | None = None
    ) -> np.ndarray | None:
        if text == self.hold:
            self.release.wait(5)
        self.calls.append((text, language, rate))
        return np.full(100, 16384, dtype=np.int16)


def wait_for(condition, timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


@pytest.fixture
def rig(tmp_path: Path):  # type: ignore[no-untyped-def]
    synth = RecordingSynth()
    output = FakeOutput()
    engine = AudioEngine(output)
    log = tmp_path / "speech.jsonl"
    said = SpeechLog(log, FakeClock())
    speaker = Speaker(
        engine, "en", SpeechDefaults(volume=7, rate=175), synthesizer=lambda: synth, speech_log=said
    )
    yield speaker, synth, output, log
    speaker.close()


def logged(log: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def test_the_first_sentence_plays_while_the_rest_are_made(rig) -> None:  # type: ignore[no-untyped-def]
    speaker, synth, output, _ = rig
    synth.hold = "Second one."
    speaker.say("First one. Second one.")
    wait_for(lambda: len(synth.calls) == 1)
    assert output.pull(100).any()  # the first sentence is heard before the second exists
    assert speaker.speaking
    synth.release.set()
    wait_for(lambda: len(synth.calls) == 2)
    wait_for(lambda: output.pull(100).any() or not speaker.speaking)


def test_recurring_prompts_are_cached_by_text_voice_and_rate(rig) -> None:  # type: ignore[no-untyped-def]
    speaker, synth, _, _ = rig
    speaker.say("Hear a story.")
    speaker.wait_until_ready()
    speaker.say("Hear a story.")
    speaker.wait_until_ready()
    assert len(synth.calls) == 1
    assert speaker.is_cached("Hear a story.")
    speaker.change_rate(1)
    speaker.say("Hear a story.")
    speaker.wait_until_ready()
    assert len(synth.calls) == 2 and synth.calls[1][2] == 200
    speaker.say("Hear a story.", language="ko")
    speaker.wait_until_ready()
    assert synth.calls[-1][1] == "ko"


def test_one_utterance_can_be_said_in_several_voices(rig) -> None:  # type: ignore[no-untyped-def]
    """S10: each piece in its own language's voice; a repeat sounds the same."""
    speaker, synth, _, _ = rig
    speaker.say_parts([("English. Press 1.", None), ("한국어. 2번을 누르세요.", "ko")])
    speaker.wait_until_ready()
    assert [(text, lang) for text, lang, _ in synth.calls] == [
        ("English.", "en"),
        ("Press 1.", "en"),
        ("한국어.", "ko"),
        ("2번을 누르세요.", "ko"),
    ]
    speaker.language = "ko"  # the screen's language changes; the repeat does not
    speaker.repeat()
    speaker.wait_until_ready()
    assert len(synth.calls) == 4  # all four sentences came from the cache
    assert speaker.last_text == "English. Press 1. 한국어. 2번을 누르세요."


def test_prepare_fills_the_cache_in_advance(rig) -> None:  # type: ignore[no-untyped-def]
    speaker, synth, _, _ = rig
    speaker.prepare(["Welcome. Press 1: Hear a story."])
    speaker.wait_until_ready()
    assert [c[0] for c in synth.calls] == ["Welcome.", "Press 1: Hear a story."]
    assert speaker.is_cached("Welcome. Press 1: Hear a story.")


def test_the_speech_log_says_how_each_utterance_ended(rig) -> None:  # type: ignore[no-untyped-def]
    speaker, _, output, log = rig
    speaker.say("One.")
    speaker.wait_until_ready()
    output.pull(1000)
    wait_for(lambda: len(logged(log)) == 1)
    speaker.say("Two.")
    speaker.wait_until_ready()
    speaker.say("Three.")  # cuts off "Two."
    speaker.wait_until_ready()
    speaker.stop()  # cuts off "Three."
    wait_for(lambda: len(logged(log)) == 3)
    records = logged(log)
    assert [(r["text"], r["ended"]) for r in records] == [
        ("One.", "finished"),
        ("Two.", "interrupted"),
        ("Three.", "interrupted"),
    ]
    assert {r["time"] for r in records} == {"2026-11-24T00:16:40.000"}  # the injected clock


def test_without_a_log_file_nothing_is_written(tmp_path: Path) -> None:
    engine = AudioEngine(FakeOutput())
    speaker = Speaker(engine, "en", SpeechDefaults(), synthesizer=RecordingSynth)
    speaker.say("My private words")
    speaker.wait_until_ready()
    speaker.close()
    assert list(tmp_path.iterdir()) == []


def test_no_espeak_is_a_plain_problem_not_a_crash() -> None:
    def broken() -> RecordingSynth:
        raise SpeechUnavailable("espeak-ng cannot be used: libespeak-ng.so.1 not found")

    engine = AudioEngine(FakeOutput())
    speaker = Speaker(engine, "en", SpeechDefaults(), synthesizer=broken)
    speaker.say("Hello")
    speaker.wait_until_ready()
    assert speaker.problem is Code.SPEECH
    assert not speaker.speaking  # the story is not held up waiting for speech that never comes
    for number in range(50):
        speaker.say(f"Press {number}.")
    speaker.wait_until_ready()
    assert speaker._texts == {}  # what was never said is not kept, however long it lasts
    speaker.close()


def test_the_cache_of_sentences_keeps_to_its_size(tmp_path: Path) -> None:
    """Bounded by design (CACHE_BYTES): the sentence used longest ago goes first."""
    synth = RecordingSynth()  # 100 16-bit samples, 200 bytes, a sentence
    engine = AudioEngine(FakeOutput())
    speaker = Speaker(engine, "en", SpeechDefaults(), synthesizer=lambda: synth, cache_bytes=2_000)
    speaker.say("Sentence 0.")
    speaker.wait_until_ready()
    for number in range(1, 40):
        for text in (f"Sentence {number}.", "Sentence 0."):  # 0 is used again and again
            speaker.say(text)
            speaker.wait_until_ready()
    assert speaker._cache_bytes == sum(s.nbytes for s in speaker._cache.values()) <= 2_000
    assert len(speaker._cache) == 10
    assert speaker.is_cached("Sentence 0.") and speaker.is_cached("Sentence 39.")
    assert not speaker.is_cached("Sentence 29.")
    speaker.close()


def test_no_sound_device_is_a_problem_until_it_is_back() -> None:
    """Issue 11.9: the words are made either way; without a device nobody hears them."""
    output = FakeOutput(works=False)
    speaker = Speaker(AudioEngine(output), "en", SpeechDefaults(), synthesizer=RecordingSynth)
    speaker.say("Hello")
    speaker.wait_until_ready()
    wait_for(lambda: speaker.problem is Code.SOUND)
    output.works = True
    speaker.say("Hello again")
    wait_for(lambda: speaker.problem is None)
    speaker.close()


def test_volume_is_applied_by_the_kiosk(rig) -> None:  # type: ignore[no-untyped-def]
    speaker, _, _, _ = rig
    assert speaker.engine.gain == pytest.approx(volume_gain(7))
    speaker.change_volume(3)
    assert speaker.engine.gain == pytest.approx(1.0)
    speaker.change_volume(-20)
    assert speaker.volume == 1
    speaker.reset()
    assert speaker.volume == 7 and speaker.engine.gain == pytest.approx(volume_gain(7))


def test_off_means_silent_until_on(rig) -> None:  # type: ignore[no-untyped-def]
    speaker, synth, _, _ = rig
    speaker.set_enabled(False, "Voice off.")
    speaker.say("Not said")
    speaker.wait_until_ready()
    assert [c[0] for c in synth.calls] == ["Voice off."]
    speaker.set_enabled(True, "Voice on.")
    speaker.wait_until_ready()
    assert synth.calls[-1][0] == "Voice on."


def test_speakable_drops_decoration_and_markup() -> None:
    said = speakable("1:05  ██████░░░░  4:10 · [bold]Hi[/bold] ─── ⠋ → next")
    assert not any(is_decoration(ch) for ch in said)
    assert said == "1:05 4:10, Hi right arrow next"
    assert sentences("One. Two? Three!\nFour") == ["One.", "Two?", "Three!", "Four"]


class PieceByPieceSynth:
    """Hands over its first piece, then waits to be let go before making the rest."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.finished = False

    def synthesize(
        self, text: str, language: str, rate: int, *, pieces: Pieces | None = None
    ) -> np.ndarray | None:
        made = [np.full(100, 16384, dtype=np.int16), np.full(100, 8192, dtype=np.int16)]
        if pieces is not None:
            if not pieces(made[0]):
                return None
            self.release.wait(5)
            if not pieces(made[1]):
                return None
        self.finished = True
        return np.concatenate(made)


def first_piece_heard() -> tuple[PieceByPieceSynth, FakeOutput, Speaker]:
    """A full-volume speaker saying one sentence, its first piece heard, the rest held."""
    synth = PieceByPieceSynth()
    output = FakeOutput()
    speaker = Speaker(
        AudioEngine(output), "en", SpeechDefaults(volume=10), synthesizer=lambda: synth
    )
    speaker.say("A long sentence.")
    wait_for(lambda: output.pull(100).any())
    return synth, output, speaker


def test_a_sentence_is_heard_while_it_is_still_being_made() -> None:
    """Issue 14: the first piece plays before the synthesizer has finished the sentence."""
    synth, output, speaker = first_piece_heard()
    assert not synth.finished and speaker.speaking
    synth.release.set()
    wait_for(lambda: synth.finished)
    assert set(output.pull(100)) == {0.25}  # the second piece, then the sentence is over
    wait_for(lambda: not output.pull(100).any() and not speaker.speaking)
    assert speaker.is_cached("A long sentence.")  # and it is kept whole for next time
    speaker.close()


def test_a_sentence_cut_off_while_it_is_made_is_not_kept() -> None:
    synth, output, speaker = first_piece_heard()
    speaker.stop()
    synth.release.set()
    speaker.wait_until_ready()
    assert not output.pull(100).any()
    assert not speaker.is_cached("A long sentence.")  # half a sentence is never replayed
    speaker.close()
