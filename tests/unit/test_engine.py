"""The one audio engine, block by block, with a fake output: who is heard, and when."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from kiosk.audio.engine import AudioEngine, Segment
from kiosk.audio.player import PlayerState
from kiosk.audio.story import EnginePlayer
from kiosk.core.problems import Code
from tests.support.fakes import FakeOutput
from tests.support.paths import SAMPLE_CONTENT
from tests.support.waits import limit

SPEECH = 0.5  # speech samples are 0.5, story samples 0.25: the output says who is heard
STORY = 0.25


def pcm(value: float, n: int) -> np.ndarray:
    """Speech as espeak-ng makes it: 16-bit samples that play as `value`."""
    return np.full(n, round(value * 32768), dtype=np.int16)


def speech(utterance: int, n: int, *, last: bool = True) -> Segment:
    return Segment(utterance, pcm(SPEECH, n), last)


def engine_with_story(length: int = 1000) -> tuple[AudioEngine, FakeOutput]:
    output = FakeOutput()
    engine = AudioEngine(output)
    engine.load_story(np.full(length, STORY, dtype=np.float32))
    assert engine.play_story()
    return engine, output


def test_a_story_plays_and_finishes() -> None:
    engine, output = engine_with_story(300)
    assert set(output.pull(200)) == {STORY}
    block = output.pull(200)
    assert set(block[:100]) == {STORY} and set(block[100:]) == {0.0}
    assert not engine.story_playing
    assert engine.events.get_nowait().kind == "story-finished"


def test_speech_pauses_the_story_and_it_resumes_where_it_was() -> None:
    """Row S8: a prompt pauses a story; no overlap; the story carries on from its place."""
    engine, output = engine_with_story()
    output.pull(100)
    assert engine.story_frame == 100
    engine.begin_utterance(1)
    engine.add_speech(speech(1, 150))
    block = output.pull(200)
    assert set(block[:150]) == {SPEECH}  # speech alone: never mixed with the story
    assert set(block[150:]) == {STORY}  # then the story again, from where it was
    assert engine.story_frame == 150
    assert engine.events.get_nowait().utterance == 1


def test_the_story_waits_while_the_next_sentence_is_made() -> None:
    engine, output = engine_with_story()
    engine.begin_utterance(1)
    engine.add_speech(speech(1, 50, last=False))
    block = output.pull(100)
    assert set(block[:50]) == {SPEECH} and set(block[50:]) == {0.0}
    assert engine.story_frame == 0 and engine.speaking
    engine.add_speech(speech(1, 50))
    block = output.pull(100)
    assert set(block[:50]) == {SPEECH} and set(block[50:]) == {STORY}


def test_new_speech_cuts_old_speech_at_once() -> None:
    """Row S4: two speaks never overlap."""
    output = FakeOutput()
    engine = AudioEngine(output)
    engine.begin_utterance(1)
    engine.add_speech(speech(1, 1000))
    output.pull(100)
    assert engine.begin_utterance(2) == 1  # reports what it cut off
    engine.add_speech(speech(1, 1000))  # a late piece of the old utterance is dropped
    engine.add_speech(Segment(2, pcm(0.75, 50), True))
    block = output.pull(100)
    assert set(block[:50]) == {0.75} and set(block[50:]) == {0.0}


def test_stop_speech_silences_the_next_block() -> None:
    output = FakeOutput()
    engine = AudioEngine(output)
    engine.begin_utterance(1)
    engine.add_speech(speech(1, 10_000))
    output.pull(256)
    assert engine.stop_speech() == 1
    assert not output.pull(256).any()
    assert not engine.speaking


def test_paused_speech_keeps_its_place_and_holds_the_story() -> None:
    engine, output = engine_with_story()
    engine.begin_utterance(1)
    engine.add_speech(Segment(1, np.arange(1, 201, dtype=np.int16), True))
    first = output.pull(50) * 32768
    engine.pause_speech(True)
    assert not output.pull(100).any()
    engine.pause_speech(False)
    assert output.pull(10)[0] * 32768 == first[-1] + 1


def test_volume_applies_to_everything() -> None:
    engine, output = engine_with_story()
    engine.gain = 0.5
    assert set(output.pull(10)) == {STORY * 0.5}


def test_no_device_is_reported_and_recovers_when_it_comes_back() -> None:
    output = FakeOutput(works=False)
    engine = AudioEngine(output)
    engine.load_story(np.full(100, STORY, dtype=np.float32))
    assert not engine.play_story()
    assert engine.problem
    output.works = True
    assert engine.play_story()
    assert engine.problem is None
    assert output.pull(10).any()


def test_an_unplugged_device_is_noticed() -> None:
    engine, output = engine_with_story()
    output.pull(10)
    output.unplug()
    assert engine.problem
    assert engine.events.get_nowait().kind == "device-lost"
    assert engine.play_story()  # plugged back in: starting again works
    assert output.starts == 2


def wait_until(condition: Callable[[], bool], seconds: float = 30.0) -> bool:
    """Whether `condition` came true within a generous, scaled limit (tests/support/waits)."""
    deadline = limit(seconds)
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


def test_a_lost_device_is_tried_again_until_it_is_back_and_speech_carries_on() -> None:
    """Issue 11.10a: sound came back only when something new was said (the next key)."""
    output = FakeOutput()
    engine = AudioEngine(output, retry_seconds=0.01)
    engine.begin_utterance(1)
    engine.add_speech(speech(1, 100))
    output.pull(40)
    output.works = False
    output.unplug()
    time.sleep(0.05)  # tried, and failed, a few times: still no device
    assert engine.problem and not output.active
    output.works = True  # plugged back in; nobody says anything new
    assert wait_until(lambda: output.active), "the device was never tried again"
    assert engine.problem is None
    assert output.pull(100)[:60].tolist() == [SPEECH] * 60  # the rest of the sentence
    assert engine.events.get_nowait().kind == "device-lost"
    assert engine.events.get_nowait().kind == "spoken"


def test_a_closed_engine_stops_trying_the_device() -> None:
    output = FakeOutput(works=False)
    engine = AudioEngine(output, retry_seconds=0.01)
    assert not engine.ensure_running()
    engine.close()
    output.works = True
    time.sleep(0.05)
    assert not output.active and output.starts == 0


def test_pausing_the_real_player_is_paused_not_finished() -> None:
    """Issue 12, found by ear: pause stopped the engine and then read "not playing" as the end.

    The screen and voice said "The story has finished" and every pause was counted as one.
    """
    output = FakeOutput()
    player = EnginePlayer(AudioEngine(output))
    player.open(SAMPLE_CONTENT / "stories" / "a-cup-of-tea-on-thursdays" / "story.ogg")
    deadline = limit(30)  # decoding on a busy machine is slow
    while player.state is not PlayerState.PLAYING:
        assert time.monotonic() < deadline, player.state
        time.sleep(0.01)
    output.pull(4800)  # a tenth of a second heard
    player.pause()
    assert player.state is PlayerState.PAUSED
    assert player.position > 0
    player.play()
    assert player.state is PlayerState.PLAYING


def test_a_quiet_engine_rests_the_device_and_wakes_it_for_the_next_sound() -> None:
    """Issue 14: idle, nothing is asked of the device; the next sound starts it again."""
    output = FakeOutput()
    engine = AudioEngine(output, rest_seconds=0.05)
    engine.begin_utterance(1)
    engine.add_speech(speech(1, 100))
    output.pull(200)  # said in full
    assert wait_until(lambda: not output.active)
    assert output.rests == 1 and engine.problem is None
    engine.begin_utterance(2)
    engine.add_speech(speech(2, 100))
    assert output.active and output.starts == 2
    assert set(output.pull(100)) == {SPEECH}


class SpeechStartsAsItRests(FakeOutput):
    """A device that the screen's thread starts a new utterance on while it is being rested:
    the resting thread had looked (nothing to play) just before."""

    def __init__(self) -> None:
        super().__init__()
        self.engine: AudioEngine | None = None

    def rest(self) -> None:
        engine, self.engine = self.engine, None
        if engine is not None:  # once: the new screen's words arrive now
            engine.begin_utterance(2)
            engine.add_speech(speech(2, 100))  # the device still runs: nothing starts it
        super().rest()


def test_speech_that_starts_as_the_device_rests_is_heard_at_once() -> None:
    """Row S4 ("walk by ear"): a screen opened a second after the kiosk fell quiet said
    nothing until the next key. Its words were queued while the device was being rested
    for the quiet before them, so nothing started the device again."""
    output = SpeechStartsAsItRests()
    engine = AudioEngine(output, rest_seconds=60)  # no resting thread of its own here
    engine.begin_utterance(1)
    engine.add_speech(speech(1, 100))
    output.pull(200)  # said in full: quiet
    output.engine = engine
    assert not engine._rest(wait=True)  # it must not rest: there is something to say
    assert output.active and engine.speaking
    assert set(output.pull(100)) == {SPEECH}


def test_the_device_never_rests_under_a_story_or_speech() -> None:
    engine, output = engine_with_story(length=100_000)
    engine.begin_utterance(1)
    engine.add_speech(speech(1, 50_000))
    engine._rest_seconds = 0.05
    time.sleep(0.3)
    assert output.active and output.rests == 0
    assert engine.stop_speech() == 1  # the story carries on, so the device must too
    assert output.active and set(output.pull(10)) == {STORY}


def test_a_stop_drops_what_the_device_still_holds() -> None:
    """Row S4: with nothing else to play, a stopping key does not wait for the buffer."""
    output = FakeOutput()
    engine = AudioEngine(output)
    engine.begin_utterance(1)
    engine.add_speech(speech(1, 10_000))
    output.pull(256)
    engine.stop_speech()
    assert not output.active and output.rests == 1


def test_paused_speech_lets_the_device_rest_and_carries_on_where_it_was() -> None:
    output = FakeOutput()
    engine = AudioEngine(output, rest_seconds=0.05)
    engine.begin_utterance(1)
    engine.add_speech(Segment(1, np.arange(1, 201, dtype=np.int16), True))
    first = output.pull(50) * 32768
    engine.pause_speech(True)
    assert wait_until(lambda: not output.active)
    engine.pause_speech(False)
    assert output.active and output.pull(10)[0] * 32768 == first[-1] + 1


def test_the_real_player_plays_a_phone_recording_at_the_kiosks_level(tmp_path: Path) -> None:
    """Issue 13: a quiet iPhone recording (AAC .m4a) opens, plays, and is turned up."""
    from kiosk.core.loudness import TARGET_LUFS
    from tests.support.recordings import at_loudness, loudness, syllables, write_phone_recording

    path = write_phone_recording(tmp_path / "phone.m4a", at_loudness(syllables(2.0), 48000, -40))
    output = FakeOutput()
    player = EnginePlayer(AudioEngine(output))
    player.open(path)
    assert wait_until(lambda: player.state is PlayerState.PLAYING), player.state
    assert player.duration == pytest.approx(2.0, abs=0.1)
    heard = np.concatenate([output.pull(4410) for _ in range(10)])
    assert loudness(heard, 22050) == pytest.approx(TARGET_LUFS, abs=1.0)


@pytest.mark.parametrize("ending", [".m4a", ".opus", ".ogg", ".mp3"])
def test_random_bytes_fail_to_play_as_a_bad_file_never_a_crash(tmp_path: Path, ending: str) -> None:
    chance = random.Random(ending)
    player = EnginePlayer(AudioEngine(FakeOutput()))
    for size in (0, 1, 17, 600, 5000):
        path = tmp_path / f"noise{ending}"
        path.write_bytes(chance.randbytes(size))
        player.open(path)
        assert wait_until(lambda: player.state is not PlayerState.LOADING)
        assert player.state is PlayerState.FAILED and player.problem is Code.BAD_FILE


def test_while_the_device_stays_away_the_log_says_so_again(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Issue 31: after boot the kiosk logged "no sound output" once and then nothing for a
    minute; whether it was still trying could not be told from its log."""
    output = FakeOutput(works=False)
    engine = AudioEngine(output, retry_seconds=0.01, still_missing_seconds=0.05)
    with caplog.at_level("WARNING", logger="kiosk.audio.engine"):
        assert not engine.ensure_running()
        assert wait_until(lambda: any("still no sound output" in r.message for r in caplog.records))
        output.works = True
        assert wait_until(lambda: output.active)
    engine.close()
    messages = [r.message for r in caplog.records]
    assert messages[0].startswith("no sound output")
    assert "trying every 0.01 s" in next(m for m in messages if m.startswith("still no sound"))
