"""Reading staff's recordings: whatever a phone, a recorder or a messaging app makes.

One place opens a recording, for both the content check (how long is it, will it play?)
and the story player (all of its sound, at the engine's rate), so a file the check passes
is a file the player can play. It lives in core because content (which may import only
core) and audio both need it.

soundfile (libsndfile) reads WAV, FLAC, OGG Vorbis, MP3 and AIFF, quickly and without
surprises; it keeps those. Everything else (an iPhone's M4A, a WhatsApp voice note's Opus,
a browser's WebM, an old phone's AMR, WMA, the sound of an MP4 or MOV video) is read with
PyAV (FFmpeg). PyAV also gets a second try at a soundfile file that libsndfile cannot read
(Opus inside a .ogg, an unusual WAV).

Each file is opened as the kind its name says (an `.m4a` as MP4, an `.opus` as Ogg), never
by FFmpeg's guess from the bytes: a guess can hear noise in a damaged file and call it an
MP3, and the check would pass a story that plays as a hiss.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kiosk.core.files import FileProblem, regular_size

MAX_BYTES = 500_000_000

# Read by soundfile first; the value is FFmpeg's name for the same kind, for the second try.
SOUNDFILE_KINDS = {
    ".wav": "wav",
    ".flac": "flac",
    ".ogg": "ogg",
    ".oga": "ogg",
    ".mp3": "mp3",
    ".aiff": "aiff",
    ".aif": "aiff",
}
# Read by PyAV, as this FFmpeg kind (demuxer).
PYAV_KINDS = {
    ".m4a": "mov",  # iPhone Voice Memos, most Android recorders, Signal
    ".mp4": "mov",  # a video's sound track
    ".mov": "mov",
    ".3gp": "mov",  # older phones
    ".aac": "aac",
    ".opus": "ogg",  # WhatsApp, Telegram
    ".webm": "matroska",  # recordings made in a web browser
    ".weba": "matroska",
    ".mkv": "matroska",
    ".mka": "matroska",
    ".amr": "amr",  # older phones' voice notes
    ".wma": "asf",  # Windows recorders
    ".caf": "caf",  # Apple's own
}
EXTENSIONS = tuple(SOUNDFILE_KINDS) + tuple(PYAV_KINDS)
"""Every kind of recording the kiosk plays, by how its name ends."""

ACCEPTED_WORDS = (
    "a recording from a phone or recorder: M4A (iPhone), OPUS (WhatsApp), MP3, WAV, "
    "FLAC, OGG, AAC, AMR, WMA or WEBM, or an MP4 or MOV video (its sound is played)"
)
"""The kinds of file accepted, in staff's words."""

Samples = np.ndarray[Any, np.dtype[np.float32]]


class RecordingProblem(Exception):
    """A recording cannot be played; the message is the reason, in plain words.

    Staff read it after the file's name: "phone.m4a could not be read: <message>".
    """


@dataclass(frozen=True)
class _Opened:
    """A recording open for reading, whichever library reads it."""

    rate: int
    frames: int | None
    """How many samples it holds, when the file says; None when it only shows by reading."""
    blocks: Iterator[Samples]
    """Its sound, mono float32 at `rate`, a piece at a time."""
    header_is_enough: bool
    """True when a good header means the sound reads too (libsndfile checks as it opens);
    False for FFmpeg, which opens many files whose sound it then cannot decode."""


def length(path: Path) -> float:
    """The recording's length in seconds; raises RecordingProblem if it will not play.

    For files read with PyAV the first piece of sound is decoded too: a file whose header
    is fine but whose sound cannot be read is found here, not when a visitor presses play.
    """
    with _open(path) as opened:
        frames = opened.frames
        if frames is None:  # no length in the header (a browser's WebM): count the sound
            frames = sum(len(block) for block in opened.blocks)
        elif not opened.header_is_enough and next(opened.blocks, None) is None:
            raise RecordingProblem("there is no sound in it.")
    if frames <= 0:
        raise RecordingProblem("there is no sound in it.")
    return frames / opened.rate


def decode(path: Path, rate: int) -> Samples:
    """All of the recording's sound, mono float32 at `rate`; raises RecordingProblem."""
    import soxr

    with _open(path) as opened:
        if opened.rate == rate:
            pieces = list(opened.blocks)
        else:
            # Resampled as it is read, so a long video's sound at 48 kHz is never held whole.
            stream = soxr.ResampleStream(opened.rate, rate, 1, dtype="float32")
            pieces = [stream.resample_chunk(batch) for batch in _batches(opened.blocks)]
            pieces.append(stream.resample_chunk(np.zeros(0, dtype=np.float32), last=True))
    if not pieces or not sum(len(piece) for piece in pieces):
        raise RecordingProblem("there is no sound in it.")
    samples = np.ascontiguousarray(np.concatenate(pieces), dtype=np.float32)
    # A damaged file can decode to samples that are not numbers (NaN, infinity): played,
    # they are a bang; measured, they spoil the loudness. Silence instead.
    return np.nan_to_num(samples, copy=False, nan=0.0, posinf=0.0, neginf=0.0)


def _batches(blocks: Iterator[Samples], size: int = 65536) -> Iterator[Samples]:
    """Blocks gathered to about `size` samples, for resampling.

    FFmpeg hands Opus over 20 ms at a time; resampled piece by piece, it took longer.
    """
    held: list[Samples] = []
    count = 0
    for block in blocks:
        held.append(block)
        count += len(block)
        if count >= size:
            yield np.concatenate(held)
            held, count = [], 0
    if held:
        yield np.concatenate(held)


@contextmanager
def _open(path: Path) -> Iterator[_Opened]:
    suffix = path.suffix.lower()
    kind = SOUNDFILE_KINDS.get(suffix) or PYAV_KINDS.get(suffix)
    if kind is None:
        raise RecordingProblem(f"the kiosk does not play {suffix or 'files without an ending'}.")
    try:
        size = regular_size(path, max_bytes=MAX_BYTES)  # never a device or a pipe
    except FileProblem as problem:
        raise RecordingProblem(problem.message) from problem
    if size == 0:
        raise RecordingProblem("the file is empty. Copy it from the phone again.")
    if suffix in SOUNDFILE_KINDS:
        try:
            with _soundfile(path) as opened:
                yield opened
            return
        except _SoundfileCannot:
            pass  # FFmpeg reads more than libsndfile does: try it before giving up
    with _pyav(path, kind) as opened:
        yield opened


class _SoundfileCannot(Exception):
    """libsndfile could not open the file (PyAV is tried next)."""


@contextmanager
def _soundfile(path: Path) -> Iterator[_Opened]:
    import soundfile

    try:
        sound = soundfile.SoundFile(str(path))
    except (OSError, RuntimeError, TypeError, ValueError) as error:  # LibsndfileError: RuntimeError
        raise _SoundfileCannot(str(error)) from error
    with sound:

        def blocks() -> Iterator[Samples]:
            try:
                for block in sound.blocks(blocksize=65536, dtype="float32", always_2d=True):
                    with np.errstate(invalid="ignore", over="ignore"):  # damaged: see decode
                        mono = np.asarray(block.mean(axis=1), dtype=np.float32)
                    yield mono
            except (OSError, RuntimeError, ValueError) as error:
                raise RecordingProblem(_damaged(path)) from error

        yield _Opened(int(sound.samplerate), int(sound.frames), blocks(), header_is_enough=True)


@contextmanager
def _pyav(path: Path, kind: str) -> Iterator[_Opened]:
    try:
        import av
    except ImportError as error:  # a dependency, but a kiosk set up by hand may lack it
        raise RecordingProblem(
            "the kiosk's reader for phone recordings (PyAV) is not installed; run "
            "scripts/setup.sh again."
        ) from error

    try:
        container = av.open(str(path), format=kind)
    except av.FFmpegError as error:
        raise RecordingProblem(_damaged(path)) from error
    except (OSError, ValueError, RuntimeError, EOFError) as error:
        raise RecordingProblem(_damaged(path)) from error
    try:
        if not container.streams.audio:
            what = "video" if container.streams.video else "file"
            raise RecordingProblem(f"there is no sound track in this {what}.")
        stream = container.streams.audio[0]
        codec = stream.codec_context
        codec_name = str(getattr(codec, "name", None) or "a kind FFmpeg does not name")
        rate = int(codec.sample_rate or 0)
        if rate <= 0:
            raise RecordingProblem(_damaged(path))
        frames = None
        if stream.duration is not None and stream.time_base is not None:
            frames = round(float(stream.duration * stream.time_base) * rate)
        elif container.duration is not None:
            frames = round(container.duration / av.time_base * rate)
        if frames is not None and frames <= 0:
            frames = None

        def blocks() -> Iterator[Samples]:
            try:
                for frame in container.decode(stream):
                    if frame.sample_rate and frame.sample_rate != rate:
                        # The rate changed part way (rare; some AMR and broadcast files).
                        raise RecordingProblem(
                            "its sound changes speed part way through, which the kiosk cannot "
                            "play. Export it again as M4A or MP3."
                        )
                    yield _mono(
                        frame.to_ndarray(), frame.format.is_planar, frame.layout.nb_channels
                    )
            except (av.error.DecoderNotFoundError, av.error.PatchWelcomeError) as error:
                raise RecordingProblem(_cannot_decode(codec_name)) from error
            except av.FFmpegError as error:
                raise RecordingProblem(_damaged(path, part_way=True)) from error
            except (OSError, ValueError, RuntimeError, EOFError) as error:
                raise RecordingProblem(_damaged(path, part_way=True)) from error

        yield _Opened(rate, frames, blocks(), header_is_enough=False)
    except av.FFmpegError as error:  # the codec itself: FFmpeg has no decoder for it
        raise RecordingProblem(_cannot_decode(str(error))) from error
    finally:
        container.close()


def _mono(data: Any, planar: bool, channels: int) -> Samples:
    """One frame's samples (any channel count and sample format) as mono float32 in -1..1."""
    array = np.asarray(data)
    if not planar:  # packed: one row with the channels interleaved
        array = array.reshape(-1, max(channels, 1)).T
    if array.dtype.kind == "i":  # 16- or 32-bit whole numbers: full scale is 2**(bits-1)
        array = array.astype(np.float32) / float(-np.iinfo(array.dtype).min)
    elif array.dtype.kind == "u":  # 8-bit: silence is 128
        array = (array.astype(np.float32) - 128.0) / 128.0
    with np.errstate(invalid="ignore", over="ignore"):  # damaged: see decode
        return np.asarray(array.mean(axis=0), dtype=np.float32)


def _cannot_decode(what: str) -> str:
    return f"its sound is in a form the kiosk cannot play ({what}). Export it again as M4A or MP3."


def _damaged(path: Path, *, part_way: bool = False) -> str:
    kind = path.suffix.lstrip(".").upper()
    if part_way:
        return (
            "the sound is damaged part way through. Copy it from the phone again, "
            "or export it again."
        )
    return (
        f"it is damaged, cut short, or not really {_article(kind)} {kind} file. "
        "Copy it from the phone again, or export it again."
    )


def _article(word: str) -> str:
    # Said as letters: "an M4A", "an OPUS", "a WAV", "an MP3".
    return "an" if word[:1] in "AEFHILMNORSX" else "a"
