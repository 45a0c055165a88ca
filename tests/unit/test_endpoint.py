"""End of speech (kiosk/listening/endpoint.py): the endpointer alone, on a fake clock.

Blocks are synthetic 20 ms blocks of 16 kHz mono int16 at one level, as the microphone
delivers them; the time moves one block per step. Times are checked against a window one
block wide, never for equality: a block either is or is not past a boundary.
"""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.audio.microphone import BLOCK, RATE
from kiosk.core.config import VoiceMode
from kiosk.listening.endpoint import (
    Action,
    Begin,
    Discard,
    Endpointer,
    Feed,
    Judge,
    Report,
    SetState,
    Settings,
    State,
    Verdict,
    Window,
    WindowEmpty,
    rms,
)

BLOCK_S = BLOCK / RATE
START = 1000.0


def block(level: int) -> bytes:
    """One microphone block whose every sample is `level` (so its RMS is `level`)."""
    return np.full(BLOCK, level, dtype=np.int16).tobytes()


LOUD = block(3000)
QUIET = block(0)
NONE = b""
"""No block came in time (the listener's queue timed out)."""


class Run:
    """Drives an endpointer as the listener's thread does, one block per step."""

    def __init__(self, mode: VoiceMode = VoiceMode.PRESS_TO_TALK, **settings: float) -> None:
        self.endpointer = Endpointer(Settings(mode=mode, **settings))
        self.steps = 0
        self.words = True
        """Whether the recognizer heard words when an utterance is judged."""
        self.log: list[tuple[float, Action | Verdict]] = []

    @property
    def now(self) -> float:
        """The time of the next block."""
        return START + self.steps * BLOCK_S

    def send(
        self,
        seconds: float,
        audio: bytes,
        *,
        gate: bool = False,
        dictation: bool = False,
        window: Window | None = None,
    ) -> list[Action | Verdict]:
        """`seconds` of `audio`; `window` goes with the first block. What was asked, in order."""
        done: list[Action | Verdict] = []
        for _ in range(round(seconds / BLOCK_S)):
            now = self.now
            step: list[Action | Verdict] = []
            for action in self.endpointer.step(
                now, audio, gate=gate, dictation=dictation, window=window
            ):
                step.append(action)
                if isinstance(action, Judge):  # the listener ends the utterance: any words?
                    step += self.endpointer.judged(self.words)
            done += step
            self.log += [(now, action) for action in step]
            window = None
            self.steps += 1
        return done

    def when(self, action: Action | Verdict) -> float:
        """The time of the block that first asked for `action`."""
        return next(t for t, a in self.log if a == action)


def fed(actions: list[Action | Verdict]) -> list[bytes]:
    return [b for a in actions if isinstance(a, Feed) for b in a.blocks]


def judges(actions: list[Action | Verdict]) -> list[Judge]:
    return [a for a in actions if isinstance(a, Judge)]


def between(value: float, low: float) -> bool:
    """`value` is at `low` or within one block after it."""
    return low - 1e-9 <= value < low + BLOCK_S + 1e-9


# --- hands-free -------------------------------------------------------------------------


def test_hands_free_speech_starts_on_a_loud_block_and_ends_after_a_quarter_second() -> None:
    run = Run(VoiceMode.HANDS_FREE)
    assert run.send(0.2, QUIET) == []
    started = run.send(0.4, LOUD)
    # The quiet before it goes to the recognizer too (the preroll), then the block itself.
    assert started[:3] == [
        Begin(free=False),
        SetState(State.LISTENING),
        Feed((QUIET,) * 10 + (LOUD,)),
    ]
    assert started[3:] == [Feed((LOUD,))] * 19
    last_loud = run.now - BLOCK_S
    ended = run.send(0.4, QUIET)
    judge = Judge(dictating=False, ended_at=last_loud + BLOCK_S, too_long=False)
    assert ended[-4:] == [SetState(State.THINKING), judge, Report(), SetState(State.READY)]
    assert ended[:-4] == [Feed((QUIET,))] * len(ended[:-4])
    assert between(run.when(SetState(State.THINKING)) - last_loud, 0.2)


def test_the_preroll_is_the_last_0_3_s_before_speech() -> None:
    run = Run(VoiceMode.HANDS_FREE)
    hum = block(100)
    run.send(1.0, hum)
    started = run.send(BLOCK_S, LOUD)
    assert fed(started) == [hum] * 15 + [LOUD]


def test_a_result_with_no_words_is_ignored_and_listening_goes_on() -> None:
    run = Run(VoiceMode.HANDS_FREE)
    run.words = False
    run.send(0.3, LOUD)
    ended = run.send(0.4, QUIET)
    assert Report() not in ended
    assert ended[-2:] == [judges(ended)[0], SetState(State.READY)]
    run.words = True
    assert Report() in run.send(0.3, LOUD) + run.send(0.4, QUIET)


def test_when_no_block_comes_the_end_of_speech_is_still_found() -> None:
    run = Run(VoiceMode.HANDS_FREE)
    assert run.send(0.5, NONE) == []
    run.send(0.3, LOUD)
    ended = run.send(0.4, NONE)
    assert fed(ended) == []
    assert len(judges(ended)) == 1


# --- the noise floor ---------------------------------------------------------------------


def test_the_noise_floor_follows_a_noisy_room() -> None:
    run = Run(VoiceMode.HANDS_FREE)
    assert run.endpointer.threshold == 250  # Settings.min_level
    hum = block(200)  # under min_level: not speech, but the room's noise
    assert run.send(3.0, hum) == []
    assert run.endpointer.floor == pytest.approx(200, abs=1)
    assert run.endpointer.threshold == pytest.approx(600, abs=3)
    # In this room a voice at 500 is not over the noise; at 3000 it is.
    assert run.send(0.3, block(500)) == []
    assert Begin(free=False) in run.send(BLOCK_S, LOUD)


def test_in_a_quiet_room_the_threshold_stays_at_the_quietest_speech() -> None:
    run = Run(VoiceMode.HANDS_FREE)
    run.send(3.0, block(10))
    assert run.endpointer.floor < 20
    assert run.endpointer.threshold == 250
    assert Begin(free=False) in run.send(BLOCK_S, block(300))


def test_the_noise_floor_learns_nothing_from_speech() -> None:
    run = Run(VoiceMode.HANDS_FREE)
    floor = run.endpointer.floor
    run.send(1.0, LOUD)
    assert run.endpointer.floor == floor


# --- the gate: the kiosk's own sound, and the tail after it --------------------------------


def test_the_kiosk_s_own_voice_never_reaches_the_recognizer() -> None:
    # Vosk keeps nothing between utterances, so its own voice would only cost time.
    run = Run(VoiceMode.HANDS_FREE)
    assert run.send(0.5, LOUD, gate=True, dictation=True) == []
    assert run.send(0.1, NONE, gate=True) == []
    assert run.send(BLOCK_S, QUIET) == []
    assert run.endpointer.state is State.READY


def test_nothing_is_heard_in_the_tail_after_the_kiosk_s_sound() -> None:
    run = Run(VoiceMode.HANDS_FREE)
    run.send(0.5, LOUD, gate=True)
    gate_ended = run.now - BLOCK_S
    # Its echo, then the visitor, with no quiet between.
    after = run.send(1.0, LOUD)
    # Nothing in the tail reached the recognizer: the speech starts with its own block.
    assert after[:3] == [
        Begin(free=False),
        SetState(State.LISTENING),
        Feed((LOUD,)),
    ]
    assert between(run.when(SetState(State.LISTENING)) - gate_ended, 0.5)  # Settings.tail


def test_sound_from_before_the_kiosk_s_sound_is_not_part_of_the_speech() -> None:
    run = Run(VoiceMode.HANDS_FREE)
    run.send(0.3, block(100))
    run.send(0.2, LOUD, gate=True)
    after = run.send(0.6, QUIET) + run.send(BLOCK_S, LOUD)
    assert set(fed(after)) == {QUIET, LOUD}  # the quiet after the tail, then the speech


def test_speech_cut_off_by_the_kiosk_s_sound_is_thrown_away() -> None:
    run = Run(VoiceMode.HANDS_FREE)
    run.send(0.3, LOUD)
    cut = run.send(BLOCK_S, LOUD, gate=True)
    assert cut == [Discard()]
    after = run.send(0.5, QUIET, gate=True) + run.send(1.0, QUIET)
    assert judges(after) == []


# --- press to talk ---------------------------------------------------------------------


def test_press_to_talk_hears_speech_only_in_the_window() -> None:
    run = Run()
    assert run.send(0.4, LOUD) + run.send(0.4, QUIET) == []
    assert run.send(BLOCK_S, QUIET, window=Window.OPEN) == [SetState(State.LISTENING)]
    started = run.send(0.4, LOUD)
    assert started[0] == Begin(free=False)
    assert SetState(State.LISTENING) not in started
    ended = run.send(0.4, QUIET)
    assert ended[-3:] == [judges(ended)[0], Report(), SetState(State.READY)]
    # One press, one command: the window closed with it.
    assert run.send(0.4, LOUD) == []


def test_the_window_opens_after_the_kiosk_is_quiet_and_closes_empty() -> None:
    run = Run(window=1.0)
    # The talk key is pressed while the kiosk plays its tone.
    run.send(0.1, LOUD, gate=True, window=Window.OPEN)
    tone_ended = run.now - BLOCK_S
    waited = run.send(2.0, QUIET)
    assert between(run.when(SetState(State.LISTENING)) - tone_ended, 0.5)  # after the tail
    # The window is counted from there, not from the press.
    assert between(run.when(WindowEmpty()) - tone_ended, 0.5 + 1.0)
    assert waited[-2:] == [SetState(State.READY), WindowEmpty()]
    assert run.endpointer.state is State.READY
    assert run.send(0.4, LOUD) == []


def test_press_to_talk_a_result_with_no_words_keeps_the_window_open() -> None:
    run = Run(window=2.0)
    run.send(BLOCK_S, QUIET, window=Window.OPEN)
    opened = run.now - BLOCK_S
    run.words = False
    run.send(0.3, LOUD)
    ended = run.send(0.4, QUIET)
    assert ended[-2:] == [judges(ended)[0], SetState(State.LISTENING)]
    later = run.send(2.0, QUIET)
    assert later[-2:] == [SetState(State.READY), WindowEmpty()]
    assert between(run.when(WindowEmpty()) - opened, 2.0)


def test_sound_from_before_the_press_is_not_part_of_the_speech() -> None:
    run = Run()
    run.send(0.4, block(100))
    assert fed(run.send(BLOCK_S, LOUD, window=Window.OPEN)) == [LOUD]


def test_sound_from_an_earlier_window_is_not_part_of_the_speech() -> None:
    run = Run(window=0.5)
    run.send(1.0, block(100), window=Window.OPEN)  # closes empty
    assert fed(run.send(BLOCK_S, LOUD, window=Window.OPEN)) == [LOUD]


def test_closing_the_window_stops_listening_for_the_press_and_says_nothing() -> None:
    run = Run(window=1.0)
    run.send(BLOCK_S, QUIET, window=Window.OPEN)
    after = run.send(0.4, LOUD, window=Window.CLOSE) + run.send(2.0, QUIET)
    assert Begin(free=False) not in after
    assert WindowEmpty() not in after  # the next visitor is not told nothing was said


def test_a_press_while_the_model_was_away_is_kept_when_listening_starts_again() -> None:
    run = Run()
    run.send(BLOCK_S, QUIET, window=Window.OPEN)
    run.endpointer.restart(Settings())
    assert run.endpointer.state is State.READY
    assert run.send(BLOCK_S, QUIET) == [SetState(State.LISTENING)]


# --- dictation, and speech that goes on too long ------------------------------------------


def test_a_message_is_free_speech_and_ends_only_after_a_longer_pause() -> None:
    run = Run(VoiceMode.HANDS_FREE)
    assert run.send(0.5, LOUD, dictation=True)[0] == Begin(free=True)
    last_loud = run.now - BLOCK_S
    assert judges(run.send(1.0, QUIET, dictation=True)) == []  # a pause between sentences
    ended = run.send(0.4, QUIET, dictation=True)
    assert judges(ended)[0].dictating
    assert between(run.when(SetState(State.THINKING)) - last_loud, 1.2)
    assert ended[-2:] == [Report(), SetState(State.READY)]


def test_whether_speech_is_a_message_is_settled_when_it_starts() -> None:
    run = Run(VoiceMode.HANDS_FREE)
    run.send(0.5, LOUD, dictation=True)
    assert judges(run.send(1.0, QUIET)) == []


def test_a_command_that_goes_on_too_long_is_judged_too_long() -> None:
    run = Run(VoiceMode.HANDS_FREE)
    started = run.now
    run.words = False  # even with no words it is reported: something was said at length
    out = run.send(7.0, LOUD)
    judge = judges(out)[0]
    assert judge.too_long and not judge.dictating
    assert between(run.when(judge) - started, 6.0)  # Settings.longest
    assert out[out.index(judge) + 1 :][:2] == [Report(), SetState(State.READY)]


def test_a_message_may_go_on_longer_than_a_command() -> None:
    run = Run(VoiceMode.HANDS_FREE)
    started = run.now
    out = run.send(46.0, LOUD, dictation=True)
    judge = judges(out)[0]
    assert judge.too_long and judge.dictating
    assert between(run.when(judge) - started, 45.0)  # Settings.longest_dictation


# --- the parts ------------------------------------------------------------------------


def test_loudness_is_the_rms_of_the_samples() -> None:
    assert rms(block(3000)) == pytest.approx(3000)
    assert rms(np.array([3, -4] * 160, dtype=np.int16).tobytes()) == pytest.approx(3.5355, 1e-3)
    assert rms(b"") == 0.0


def test_a_judge_must_be_answered_before_the_next_block() -> None:
    endpointer = Endpointer(Settings(mode=VoiceMode.HANDS_FREE))
    now = START
    actions: list[Action] = []
    while not judges(list(actions)):
        audio = LOUD if now < START + 0.3 else QUIET
        actions = endpointer.step(now, audio)
        now += BLOCK_S
    with pytest.raises(RuntimeError):
        endpointer.step(now, QUIET)
    endpointer.judged(True)
    with pytest.raises(RuntimeError):
        endpointer.judged(True)
