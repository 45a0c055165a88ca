"""A recorded clip through the kiosk's real listener, block by block, as the microphone feeds it.

The voice word checks (tests/system/test_voice_words.py) and the clip benchmark
(benchmarks/voice_offline.py) both judge clips this way, so both measure the listener's
own endpointing and decision rather than a copy of it. Time inside the listener is the
clip's own time: a clip is judged as it would be live, only faster.
"""

from __future__ import annotations

import ctypes
import time
from dataclasses import dataclass

from kiosk.audio.microphone import BLOCK
from kiosk.listening.endpoint import BLOCK_SECONDS
from kiosk.listening.listener import (
    Listener,
    NothingSaid,
    NotUnderstood,
    Understood,
    VoiceEvent,
)
from kiosk.listening.recognizers import Recognizer

_LIBC = ctypes.CDLL(None)


def seed_vosk(seed: int = 0) -> None:
    """Seed the dither Kaldi adds to the audio (it draws from the C library's rand())."""
    _LIBC.srand(ctypes.c_uint(seed))


@dataclass(frozen=True)
class Decision:
    """What the listener made of a clip: the event it reported, and how long after the speech."""

    event: Understood | NotUnderstood | NothingSaid | None
    """None when the clip ended (with `after` seconds of quiet) before any decision."""
    after_speech: float | None = None
    """Seconds from the end of speech to the decision: clip time, plus the time deciding took."""


def hear_clip(
    listener: Listener,
    events: list[VoiceEvent],
    recognizer: Recognizer,
    audio: bytes,
    after: float = 7.0,
) -> Decision:
    """Press to talk, then feed `audio` (16 kHz mono 16-bit) and quiet until a decision.

    `events` is the list the listener reports into. Vosk is seeded first, so the same clip
    always gives the same words.
    """
    events.clear()
    listener.restart()
    listener.open_window()
    seed_vosk(0)
    size = 2 * BLOCK
    blocks = [audio[i : i + size].ljust(size, b"\0") for i in range(0, len(audio), size)]
    silence = bytes(size)
    now = 0.0
    for index in range(len(blocks) + int(after / BLOCK_SECONDS)):
        now += BLOCK_SECONDS
        began = time.perf_counter()
        listener.step(now, blocks[index] if index < len(blocks) else silence, recognizer)
        took = time.perf_counter() - began
        for event in events:
            if isinstance(event, Understood | NotUnderstood):
                return Decision(event, now - event.speech_ended + took)
            if isinstance(event, NothingSaid):
                return Decision(event)
    return Decision(None)
