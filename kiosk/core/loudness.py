"""Even loudness: every story plays at one level, the level of the kiosk's own voice.

A story recorded on a phone held at arm's length and one recorded close up can be 30 dB
apart; a visitor turning the volume up for one is deafened by the next. Each recording is
measured once (integrated loudness, ITU-R BS.1770 / EBU R128, with pyloudnorm), and played
turned up or down to `TARGET_LUFS`.

Measurements are kept in a small file in the data folder, keyed by a hash of the
recording's bytes: a story is measured once, whatever its file is called or wherever it
moves, and a story replaced by a new recording is measured afresh. The file is only a
saving: missing, damaged or unwritable, the story is measured again and plays all the same.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import math
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

TARGET_LUFS = -21.0
"""Where every story plays. Not EBU R128's -23 (made for broadcast, with room for music's
peaks): the kiosk's own voice, espeak-ng through pyttsx3 at its normal rate, measures -20.3
to -21.5 LUFS (English and Korean prompts, measured for issue 13), and a visitor should not
reach for the volume between the kiosk speaking and a story starting. The volume setting
turns both down together, so they stay matched at every step."""

PEAK_CEILING = 10 ** (-1 / 20)
"""The highest a sample may reach after turning up: 1 dB under full scale. A story is turned
up only as far as its loudest moment allows, so nothing is ever clipped; a quiet recording
with one loud bang plays a little under the target instead."""

MAX_BOOST_DB = 30.0
"""Turned up by at most this much: past it, the hiss of the room is turned up as much as
the words are."""

QUIET_LUFS = -35.0
"""Quieter than this, `kiosk check` suggests recording closer to the phone."""

CLIPPED_SHARE = 1e-4
"""More than this share of samples at full scale (1 in 10,000) is a recording that was
clipped as it was made: it crackles, and turning it down cannot mend it."""

FILE = "story-loudness.json"
_VERSION = 1
_BLOCK_SECONDS = 0.4  # BS.1770's gating block: shorter recordings cannot be measured


@dataclass(frozen=True)
class Loudness:
    """What was measured of one recording, as played (mono, at the engine's rate)."""

    lufs: float | None
    """Integrated loudness; None for silence or a recording too short to measure."""
    peak: float
    """The loudest sample, 0 to 1 (or above, for a float file that was over full scale)."""
    clipped: float
    """The share of samples at full scale."""

    @property
    def gain(self) -> float:
        """How much to multiply the samples by to play at the target, never clipping."""
        return gain_for(self)

    @property
    def is_quiet(self) -> bool:
        """True when the recording is very quiet (turned up by more than 14 dB)."""
        return self.lufs is not None and self.lufs < QUIET_LUFS

    @property
    def is_clipped(self) -> bool:
        """True when the recording was clipped (too loud) as it was made."""
        return self.clipped > CLIPPED_SHARE


def measure(samples: np.ndarray[Any, Any], rate: int) -> Loudness:
    """Measure a recording's integrated loudness, peak and clipping."""
    import pyloudnorm

    # float32 as played: pyloudnorm copies what it is given, and a float64 copy of a long
    # story first would double what measuring holds in memory.
    data = np.asarray(samples, dtype=np.float32)
    size = np.abs(data)
    peak = float(size.max()) if len(data) else 0.0
    clipped = float(np.count_nonzero(size >= 0.999)) / len(data) if len(data) else 0.0
    del size
    lufs: float | None = None
    if len(data) >= rate * _BLOCK_SECONDS and peak > 0:
        value = float(pyloudnorm.Meter(rate).integrated_loudness(data))
        lufs = value if math.isfinite(value) else None  # silence measures -inf
    return Loudness(lufs, peak, clipped)


def gain_for(loudness: Loudness, target: float = TARGET_LUFS) -> float:
    """The factor that brings `loudness` to `target`, never clipping.

    Held down so the peak stays under `PEAK_CEILING`, and the boost under `MAX_BOOST_DB`;
    a recording with nothing to measure plays as it is.
    """
    boost = 0.0 if loudness.lufs is None else min(target - loudness.lufs, MAX_BOOST_DB)
    gain = float(10 ** (boost / 20))
    if loudness.peak > 0:
        gain = min(gain, PEAK_CEILING / loudness.peak)
    return gain


def measure_apart(path: Path, rate: int) -> Loudness:
    """Measure `path` in a process of its own, at low priority, while the kiosk talks.

    Measuring in the kiosk's own process held the interpreter's lock in long stretches,
    and the sound card's thread, waiting for it, ran dry: 2 or 3 clicks in the voice while
    a 10-minute story was measured under its introduction, none measured apart (issue 13).
    Raises ValueError when the recording cannot be measured.
    """
    command = [sys.executable, "-m", "kiosk.core.loudness", str(path), str(rate)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ValueError(f"the measuring process did not finish: {error}") from error
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        raise ValueError(lines[-1] if lines else f"the measuring process exited {done.returncode}")
    try:
        found = json.loads(done.stdout)
        lufs = found["lufs"]
        return Loudness(
            None if lufs is None else float(lufs), float(found["peak"]), float(found["clipped"])
        )
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError(f"the measuring process said something unexpected: {error}") from error


def _measure_and_print(path: Path, rate: int) -> None:
    """The measuring process (`measure_apart`): one line of JSON on stdout."""
    from kiosk.core import recordings

    with contextlib.suppress(OSError):
        os.nice(10)  # behind the kiosk's own threads on a small machine
    try:
        found = measure(recordings.decode(path, rate), rate)
    except Exception as error:  # told to the kiosk in its words, not a traceback
        print(error, file=sys.stderr)
        sys.exit(2)
    print(json.dumps({"lufs": found.lufs, "peak": found.peak, "clipped": found.clipped}))


def file_hash(path: Path) -> str:
    """The SHA-256 of a file's bytes, read a megabyte at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class LoudnessCache:
    """Measurements by recording hash, in one JSON file; never stops a story playing."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        """None keeps measurements in memory only (tests, `kiosk say`)."""
        self._lock = threading.Lock()
        self._entries: dict[str, Loudness] | None = None
        self._keys: dict[Path, tuple[int, int, str]] = {}
        """Each file's hash by its size and time, so a file is read for it once."""

    @classmethod
    def in_folder(cls, data_dir: Path) -> LoudnessCache:
        """The cache kept in the data folder."""
        return cls(data_dir / FILE)

    def get(self, key: str) -> Loudness | None:
        """The measurement for a recording's hash, if it was measured before."""
        with self._lock:
            return self._load().get(key)

    def put(self, key: str, loudness: Loudness) -> None:
        """Keep a measurement, and write the file (whole, or not at all)."""
        with self._lock:
            entries = self._load()
            entries[key] = loudness
            if self.path is not None:
                self._save(self.path, entries)

    def key(self, path: Path) -> str:
        """The hash `path`'s measurement is kept under (raises OSError if it cannot be read)."""
        info = path.stat()
        held = self._keys.get(path)
        if held is not None and held[:2] == (info.st_size, info.st_mtime_ns):
            return held[2]
        key = file_hash(path)
        self._keys[path] = (info.st_size, info.st_mtime_ns, key)
        return key

    def known(self, path: Path) -> Loudness | None:
        """`path`'s measurement if it was measured before (None too if it cannot be read)."""
        try:
            return self.get(self.key(path))
        except OSError:
            return None

    def measured(
        self, path: Path, samples: np.ndarray[Any, Any], rate: int, *, apart: bool = False
    ) -> Loudness:
        """`path`'s loudness from the cache, else measured from `samples` and kept.

        `apart`: measured from the file in a process of its own (`measure_apart`), as the
        player does while the kiosk talks.
        """

        def fresh() -> Loudness:
            return measure_apart(path, rate) if apart else measure(samples, rate)

        try:
            key = self.key(path)
        except OSError as error:
            log.info("cannot read %s to know its loudness: %s", path, error)
            return fresh()
        found = self.get(key)
        if found is not None:
            return found
        loudness = fresh()
        self.put(key, loudness)
        return loudness

    def _load(self) -> dict[str, Loudness]:
        if self._entries is None:
            self._entries = self._read(self.path) if self.path is not None else {}
        return self._entries

    @staticmethod
    def _read(path: Path) -> dict[str, Loudness]:
        try:
            record = json.loads(path.read_text("utf-8"))
            if record.get("version") != _VERSION:
                return {}
            entries = {}
            for key, value in record["recordings"].items():
                lufs = value["lufs"]
                entries[str(key)] = Loudness(
                    None if lufs is None else float(lufs),
                    float(value["peak"]),
                    float(value["clipped"]),
                )
            return entries
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:
            # Damaged (a power cut, a hand edit): every story is measured again.
            log.info("the story loudness file %s is not used: %s", path, error)
            return {}

    @staticmethod
    def _save(path: Path, entries: dict[str, Loudness]) -> None:
        record = {
            "version": _VERSION,
            "target_lufs": TARGET_LUFS,  # for a person reading it; gains follow from lufs
            "recordings": {
                key: {
                    "lufs": value.lufs,
                    "peak": value.peak,
                    "clipped": value.clipped,
                    "gain": round(value.gain, 4),  # for a reader; worked out again on reading
                }
                for key, value in sorted(entries.items())
            },
        }
        # Named for this process: `kiosk check` and the kiosk may write at the same moment.
        partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with partial.open("w", encoding="utf-8") as out:
                out.write(json.dumps(record, indent=1))
                out.flush()
                os.fsync(out.fileno())
            partial.replace(path)
        except OSError as error:
            log.info("cannot keep story loudness in %s: %s", path, error)
            with contextlib.suppress(OSError):
                partial.unlink()


if __name__ == "__main__":
    _measure_and_print(Path(sys.argv[1]), int(sys.argv[2]))
