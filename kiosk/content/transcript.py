"""Story transcripts: plain text paragraphs, or WebVTT cues with timings."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import webvtt

from kiosk.core.files import FileProblem, read_text
from kiosk.core.text import clean, one_line

MAX_TRANSCRIPT_BYTES = 1_000_000
"""A spoken hour is about 60 KB of text; anything near this is the wrong file."""

_TIMING = re.compile(r"^\s*(\d+:)?\d{1,2}:\d{2}\.\d{3}\s+-->\s+(\d+:)?\d{1,2}:\d{2}\.\d{3}")


@dataclass(frozen=True)
class Cue:
    """One piece of a transcript; `start` and `end` (seconds) are set for timed transcripts."""

    text: str
    start: float | None = None
    end: float | None = None


@dataclass(frozen=True)
class Transcript:
    """A story's words, in the order they are said."""

    cues: tuple[Cue, ...]

    @property
    def timed(self) -> bool:
        """True when the cues carry timings, so the screen can follow the audio."""
        return bool(self.cues) and self.cues[0].start is not None

    @cached_property
    def _starts(self) -> list[float]:
        return [cue.start or 0.0 for cue in self.cues]

    def index_at(self, seconds: float) -> int | None:
        """Return the cue being said at `seconds`, or None before the first or untimed."""
        if not self.timed:
            return None
        index = bisect.bisect_right(self._starts, seconds) - 1
        return index if index >= 0 else None

    @property
    def text(self) -> str:
        """The whole transcript as paragraphs."""
        return "\n\n".join(cue.text for cue in self.cues)


def read_transcript(path: Path) -> Transcript:
    """Read `transcript.txt` (paragraphs) or `transcript.vtt` (timed cues)."""
    text, _ = read_text(path, max_bytes=MAX_TRANSCRIPT_BYTES)
    if path.suffix.lower() == ".vtt":
        return _parse_vtt(text)
    paragraphs = [one_line(p) for p in re.split(r"\n\s*\n", clean(text))]
    cues = tuple(Cue(p) for p in paragraphs if p)
    if not cues:
        raise FileProblem("the transcript is empty. Type or paste the story's words into it.")
    return Transcript(cues)


def _seconds(stamp: webvtt.models.Timestamp) -> float:
    hours, minutes, seconds, millis = stamp.to_tuple()
    return float(hours * 3600 + minutes * 60 + seconds) + millis / 1000


def _parse_vtt(text: str) -> Transcript:
    lines = text.splitlines()
    if not lines or not lines[0].lstrip("\ufeff").startswith("WEBVTT"):
        raise FileProblem("a .vtt transcript must start with the word WEBVTT on its own line.", 1)
    try:
        captions = webvtt.WebVTT.from_string(text, strict=True).captions
    except (webvtt.errors.MalformedCaptionError, webvtt.errors.MalformedFileError) as error:
        # The library names the cue, not the line: find the first timing line it rejected.
        bad = next(
            (n for n, line in enumerate(lines, 1) if "-->" in line and not _TIMING.match(line)),
            None,
        )
        raise FileProblem(
            "a timing line is not written the way the kiosk expects. "
            "Timings look like: 00:01:02.500 --> 00:01:05.000",
            bad,
        ) from error
    cues = []
    previous = 0.0
    for caption in captions:
        start, end = _seconds(caption.start_time), _seconds(caption.end_time)
        if start < previous or end < start:
            raise FileProblem(
                "the timings go backwards here; each cue should start after the one before.",
                _line_of(lines, caption.start),
            )
        previous = start
        words = one_line(caption.text)
        if words:
            cues.append(Cue(words, start, end))
    if not cues:
        raise FileProblem("the transcript has no words in it.")
    return Transcript(tuple(cues))


def _line_of(lines: list[str], stamp: str) -> int | None:
    """Find the line where a cue with this start time begins."""
    short = stamp[3:] if stamp.startswith("00:") else stamp
    for number, line in enumerate(lines, 1):
        if "-->" in line and (line.strip().startswith(stamp) or line.strip().startswith(short)):
            return number
    return None
