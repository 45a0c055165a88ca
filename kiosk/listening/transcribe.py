"""Drafting a story's transcript with Vosk's free recognition, for staff to correct.

The story's audio is decoded as the kiosk decodes it to play (kiosk/audio/story.py), taken
to the model's 16 kHz with soxr, and given to Vosk without a grammar, with word timings on.
The words are then grouped into cues about a sentence long: a new cue starts at a pause
(people pause between sentences) or once a cue has grown long enough to read in one look.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import soxr

from kiosk.audio.engine import RATE as DECODED_RATE
from kiosk.audio.microphone import RATE as MODEL_RATE
from kiosk.audio.story import decode
from kiosk.content.transcript import Cue
from kiosk.listening.recognizers import ModelProblem

PAUSE_SECONDS = 0.7
"""A gap between words longer than this starts a new cue."""
MAX_WORDS = 12
"""A cue this many words long ends, pause or not, so it fits on screen at a glance."""
CHUNK_SAMPLES = 8000
"""Half a second of audio at a time into Vosk, as it would come from a microphone."""
_MARK = re.compile(r"\[[^\]]*\]|<[^>]*>")


@dataclass(frozen=True)
class Word:
    """One recognised word and when it was said (seconds from the start)."""

    text: str
    start: float
    end: float


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


def words_of(result: str) -> list[Word]:
    """The timed words in one Vosk result (JSON, with SetWords(True)).

    Tokens in brackets ("[unk]", and the Korean model's "[4]") are the model's marks for a
    sound it has no word for: nothing staff could keep, so they are left out.
    """
    data: dict[str, Any] = json.loads(result or "{}")
    return [
        Word(str(w["word"]).strip(), float(w["start"]), float(w["end"]))
        for w in data.get("result") or []
        if str(w.get("word", "")).strip() and not _MARK.fullmatch(str(w["word"]).strip())
    ]


class Transcriber:
    """One loaded Vosk model, to draft the transcripts of any stories in its language."""

    def __init__(self, model_path: Path) -> None:
        import vosk

        vosk.SetLogLevel(-1)  # Kaldi's own chatter is no use to staff
        started = time.perf_counter()
        try:
            self._model = vosk.Model(str(model_path))
        except Exception as error:  # vosk raises a bare Exception for a broken model
            raise ModelProblem(f"the speech model in {model_path} could not be loaded") from error
        self.load_seconds = time.perf_counter() - started
        self._vosk = vosk

    def transcribe(self, audio: Path, progress: Callable[[float], None] | None = None) -> Draft:
        """Draft the transcript of the recording at `audio`; `progress` is given 0 to 1."""
        started = time.perf_counter()
        samples = soxr.resample(decode(audio), DECODED_RATE, MODEL_RATE)
        seconds = len(samples) / MODEL_RATE
        pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
        del samples  # an hour of floats is a quarter of a gigabyte: keep only the 16-bit copy
        recognizer = self._vosk.KaldiRecognizer(self._model, MODEL_RATE)
        recognizer.SetWords(True)
        words: list[Word] = []
        step = CHUNK_SAMPLES * 2  # two bytes a sample
        for offset in range(0, len(pcm), step):
            if recognizer.AcceptWaveform(pcm[offset : offset + step]):
                words += words_of(recognizer.Result())
            if progress is not None:
                progress(min(1.0, (offset + step) / len(pcm)))
        words += words_of(recognizer.FinalResult())
        return Draft(group_cues(words), seconds, time.perf_counter() - started)
