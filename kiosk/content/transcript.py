"""Story transcripts: plain text paragraphs, or WebVTT or SubRip (.srt) cues with timings.

A WebVTT transcript may begin with a draft note (`NOTE draft: ...`), as the ones that
`kiosk stories transcribe` writes do: the computer made it and staff have not yet checked
it. It still plays and follows along; `kiosk check` says it is a draft until the note goes.
"""

from __future__ import annotations

import bisect
import io
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
# A SubRip timing line as captioning tools write it (a dot for the comma is common too);
# position settings may follow. Bounded fields, so no time is past what the reader takes.
_SRT_STAMP = r"(\d{1,3}):(\d{1,2}):(\d{1,2})[,.](\d{1,3})"
_SRT_TIMING = re.compile(rf"{_SRT_STAMP}\s*-->\s*{_SRT_STAMP}(\s.*)?")
# Two times with only arrow-ish marks (or none) between: a timing line with its arrow mistyped.
_TIME = r"\d[\d,.]*:[\d:,.]*"
_TIMING_ATTEMPT = re.compile(rf"{_TIME}[\s\-\u2013\u2014=>~]+{_TIME}")
# The line breaks webvtt-py splits on, so line numbers here are the library's too.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

DRAFT_NOTE = (
    "NOTE draft: This transcript was made by the computer and may be wrong. "
    "Listen, correct it, then delete this note."
)
"""The block that marks a drafted transcript; staff delete it once they have corrected it."""
_DRAFT = re.compile(r"NOTE\s+draft\b", re.IGNORECASE)


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
    draft: bool = False
    """True while the transcript still has its draft note: made by the computer, unchecked."""

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
    """Read `transcript.txt` (paragraphs), or `transcript.vtt` or `transcript.srt` (timed cues)."""
    text, _ = read_text(path, max_bytes=MAX_TRANSCRIPT_BYTES)
    if path.suffix.lower() == ".vtt":
        return _parse_vtt(text)
    if path.suffix.lower() == ".srt":
        return parse_srt(text)
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
    return Transcript(tuple(cues), draft=_has_draft_note(lines))


def _has_draft_note(lines: list[str]) -> bool:
    """True when a NOTE block (one after a blank line) starts with "draft"."""
    return any(
        _DRAFT.match(line) and (number == 0 or not lines[number - 1].strip())
        for number, line in enumerate(lines)
    )


def parse_srt(text: str) -> Transcript:
    """Read a SubRip transcript, as captioning tools save it, with its timings.

    webvtt-py reads the cues; it passes over a cue it cannot read without a word, so the
    lines are checked here first, and a broken one is named with its line number.
    """
    lines = _LINE_BREAK.split(text.lstrip("\ufeff"))
    example = "Each cue is its number, then a timing line like 00:01:02,500 --> 00:01:05,000, then its words."
    timings: list[tuple[int, float, float]] = []
    for number, line in enumerate(lines, 1):
        if "-->" not in line and not _TIMING_ATTEMPT.fullmatch(line.strip()):
            continue
        match = _SRT_TIMING.fullmatch(line.strip())
        if match is None:
            raise FileProblem(
                "a timing line is not written the way the kiosk expects. "
                "Timings in an .srt file look like: 00:01:02,500 --> 00:01:05,000",
                number,
            )
        if number < 2 or not lines[number - 2].strip().isdecimal():
            raise FileProblem(
                f"the cue's number is missing from the line above this timing line. {example}",
                number,
            )
        stamps = [int(field) for field in match.groups()[:8]]
        timings.append((number, _srt_seconds(stamps[:4]), _srt_seconds(stamps[4:])))
    if not timings:
        raise FileProblem(
            "this .srt transcript has no timings in it. "
            f"{example} If it is plain text, name it transcript.txt instead."
        )
    first = next(n for n, line in enumerate(lines) if line.strip())
    if first != timings[0][0] - 2:
        raise FileProblem(
            f"there are words before the first cue. {example}",
            first + 1,
        )
    previous = 0.0
    for number, start, end in timings:
        if start < previous or end < start:
            raise FileProblem(
                "the timings go backwards here; each cue should start after the one before.",
                number,
            )
        previous = start
    # From the first cue's number on, each line trimmed: the reader wants the number alone.
    tidy = "\n".join(line.strip() for line in lines[first:])
    try:
        captions = webvtt.WebVTT.from_buffer(io.StringIO(tidy), format="srt").captions
    except (webvtt.errors.MalformedCaptionError, webvtt.errors.MalformedFileError) as error:
        # The lines were checked above, so what is left is a lone cue with no words.
        raise FileProblem("the transcript has no words in it.") from error
    cues = []
    for caption in captions:
        words = one_line(caption.text)
        if words:
            cues.append(Cue(words, _seconds(caption.start_time), _seconds(caption.end_time)))
    if not cues:
        raise FileProblem("the transcript has no words in it.")
    return Transcript(tuple(cues))


def _srt_seconds(fields: list[int]) -> float:
    """Seconds from (hours, minutes, seconds, milliseconds), read as webvtt-py reads them."""
    hours, minutes, seconds, millis = fields
    return float((hours * 60 + minutes) * 60 + seconds) + millis / 1000


def format_vtt(cues: list[Cue], note: str | None = None) -> str:
    """Write timed cues as WebVTT, with `note` (a whole NOTE block) before the first."""
    blocks = ["WEBVTT"]
    if note:
        blocks.append(note)
    for cue in cues:
        start = cue.start or 0.0
        end = cue.end if cue.end is not None else start
        blocks.append(f"{_stamp(start)} --> {_stamp(end)}\n{one_line(cue.text)}")
    return "\n\n".join(blocks) + "\n"


def _stamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    return f"{hours:02d}:{minutes:02d}:{millis // 1000:02d}.{millis % 1000:03d}"


def _line_of(lines: list[str], stamp: str) -> int | None:
    """Find the line where a cue with this start time begins."""
    short = stamp[3:] if stamp.startswith("00:") else stamp
    for number, line in enumerate(lines, 1):
        if "-->" in line and (line.strip().startswith(stamp) or line.strip().startswith(short)):
            return number
    return None
