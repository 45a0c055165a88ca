"""Opening a story and playing its blocks, before and after issue 13 (phones, even loudness).

Issue 13 reads recordings through kiosk/core/recordings.py (soundfile, else PyAV) and turns
each story to one loudness. The gain is applied once, when the story is decoded, so the
engine's per-block path is the code it was; this shows it, beside a baseline from the same
run (the old decode, soundfile.read and soxr, is copied here):

- opening a sample story (OGG): the old decode; the new one with its loudness already
  measured (every play after the first); and the new one measuring (the first play ever),
- opening the same story sent from a phone (AAC .m4a, Opus .opus),
- one 128-sample block (what PortAudio asks for) from the engine with the story playing,
  old-decoded and new-decoded (target: the ratio no more than 1.1).

    .venv/bin/python -m benchmarks.story_decode
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import soundfile
import soxr

from kiosk.audio.engine import RATE, AudioEngine
from kiosk.audio.story import decode
from kiosk.core.loudness import LoudnessCache, measure
from tests.support.fakes import FakeOutput
from tests.support.paths import SAMPLE_CONTENT
from tests.support.recordings import write_phone_recording

STORY = SAMPLE_CONTENT / "stories" / "small-steps-count" / "story.ogg"
TARGET_RATIO = 1.1


def old_decode(path: Path) -> np.ndarray:
    """The story decode before issue 13 (kiosk/audio/story.py at eeea086)."""
    data, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    mono = data.mean(axis=1)
    if rate != RATE:
        mono = soxr.resample(mono, rate, RATE)
    return np.ascontiguousarray(mono, dtype=np.float32)


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The median of `runs` timings of `work`, in seconds."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def per_block(samples: np.ndarray, blocks: int = 20000) -> float:
    """Microseconds per 128-sample block from the engine with `samples` playing."""
    engine = AudioEngine(FakeOutput())
    engine.gain = 0.7  # a volume step below full: the multiply every block does
    engine.load_story(samples)
    engine._story_playing = True
    out = np.zeros(128, dtype=np.float32)
    began = time.perf_counter()
    for _ in range(blocks):
        engine._fill(out)
        if not engine._story_playing:
            engine.seek_story(0)
            engine._story_playing = True
    return (time.perf_counter() - began) / blocks * 1e6


def main() -> int:
    measure(np.zeros(RATE, dtype=np.float32), RATE)  # the first measure imports scipy: not timed
    with tempfile.TemporaryDirectory() as folder:
        cache = LoudnessCache(Path(folder) / "loudness.json")
        decode(STORY, cache)
        old = best_of(5, lambda: old_decode(STORY))
        cached = best_of(5, lambda: decode(STORY, cache))
        fresh = best_of(5, lambda: decode(STORY, LoudnessCache(None)))
        print(f"open {STORY.name} ({len(old_decode(STORY)) / RATE:.0f} s), median of 5:")
        print(f"  before issue 13: {old * 1000:.0f} ms")
        print(
            f"  now, loudness known: {cached * 1000:.0f} ms; measured afresh: {fresh * 1000:.0f} ms"
        )
        sound, rate = soundfile.read(str(STORY), dtype="float32")
        for ending in (".m4a", ".opus"):
            phone = write_phone_recording(Path(folder) / f"phone{ending}", sound, rate)
            took = best_of(3, lambda phone=phone: decode(phone, cache))
            print(f"  the same story as a phone's {ending}: {took * 1000:.0f} ms")
        old_samples, new_samples = old_decode(STORY), decode(STORY, cache)
        # Taken in turns, 9 times each, and the quickest of each kept: the machine is shared
        # and its load moves; the quickest run is the one nothing else got in the way of.
        befores, afters = [], []
        for _ in range(9):
            befores.append(per_block(old_samples))
            afters.append(per_block(new_samples))
        before, after = min(befores), min(afters)
    ratio = after / before
    print(
        f"one 128-sample block, story playing: before {before:.2f} us, now {after:.2f} us, "
        f"ratio {ratio:.2f}   target <= {TARGET_RATIO}: {'ok' if ratio <= TARGET_RATIO else 'MISSED'}"
    )
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
