"""Drafting a story's transcript with the language's engine, for staff to correct.

The story's audio is decoded as the kiosk decodes it to play (kiosk/audio/story.py), taken
to the model's 16 kHz with soxr, and heard whole by the language's engine (recognizers/:
Vosk without a grammar, with word timings on). The words are then grouped into cues about a
sentence long: a new cue starts at a pause (people pause between sentences) or once a cue
has grown long enough to read in one look.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soxr

from kiosk.audio.engine import RATE as DECODED_RATE
from kiosk.audio.microphone import RATE as MODEL_RATE
from kiosk.audio.story import decode
from kiosk.content.transcript import Cue
from kiosk.listening.models import FoundModel
from kiosk.listening.recognizers import Word, engine

PAUSE_SECONDS = 0.7
"""A gap between words longer than this starts a new cue."""
MAX_WORDS = 12
"""A cue this many words long ends, pause or not, so it fits on screen at a glance."""


@dataclass(frozen=True)
class Draft:
    """A drafted transcript, and what it cost to make."""

    cues: list[Cue]
    audio_seconds: float
    seconds_taken: float
    """Decoding and recognising, not loading the model (that is once for many stories)."""

    @property
    def real_time_factor(self) -> float:
        """Seconds of work for each second of audio: under 1 is faster than the story plays."""
        return self.seconds_taken / self.audio_seconds if self.audio_seconds else 0.0


def group_cues(
    words: list[Word], pause: float = PAUSE_SECONDS, max_words: int = MAX_WORDS
) -> list[Cue]:
    """Group words into cues: a new one at each pause over `pause`, none over `max_words`.

    A run of words too long for one cue is cut into even parts (13 words: 7 and 6), so no
    cue is a lone word left over from the one before.
    """
    runs: list[list[Word]] = []
    for word in words:
        if runs and word.start - runs[-1][-1].end <= pause:
            runs[-1].append(word)
        else:
            runs.append([word])
    cues = []
    for run in runs:
        parts = -(-len(run) // max_words)
        size = -(-len(run) // parts)
        cues += [_cue(run[at : at + size]) for at in range(0, len(run), size)]
    return cues


def _cue(words: list[Word]) -> Cue:
    return Cue(" ".join(w.text for w in words), words[0].start, words[-1].end)


class Transcriber:
    """One loaded speech model, to draft the transcripts of any stories in its language."""

    def __init__(self, model: FoundModel) -> None:
        started = time.perf_counter()
        self._hearing = engine(model.engine).transcriber(model.path)
        self.load_seconds = time.perf_counter() - started

    def transcribe(self, audio: Path, progress: Callable[[float], None] | None = None) -> Draft:
        """Draft the transcript of the recording at `audio`; `progress` is given 0 to 1."""
        started = time.perf_counter()
        samples = soxr.resample(decode(audio), DECODED_RATE, MODEL_RATE)
        seconds = len(samples) / MODEL_RATE
        pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
        del samples  # an hour of floats is a quarter of a gigabyte: keep only the 16-bit copy
        words = self._hearing.words(pcm, progress)
        return Draft(group_cues(words), seconds, time.perf_counter() - started)
