"""Record the sample stories with the kiosk's own text-to-speech (pyttsx3 + espeak-ng).

Each story's words come from its transcript. Sentences are spoken one at a time so their
start and end are known exactly, and every story gets a `transcript.vtt` with those timings,
so its words follow along as it plays (row V1). Plain `transcript.txt` files, which staff
may still write, are exercised by the tests on copies of their own.

    .venv/bin/python scripts/make_sample_audio.py [content/stories]
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyttsx3
import soundfile

RATE = 22050
SENTENCE_GAP = 0.35
PARAGRAPH_GAP = 0.8
# A different voice per teller, so the samples don't all sound alike.
VOICES = {
    "a-cup-of-tea-on-thursdays": "gmw/en-gb-x-rp",
    "making-peace-with-the-voices": "gmw/en-gb-x-gbcwmd",
    "looking-after-daniel-and-me": "gmw/en-gb-scotland",
    "small-steps-count": "gmw/en",
    "a-long-way-from-home": "gmw/en-gb-x-gbclan",
    "other-ways-through": "gmw/en-gb-x-rp",
    "waiting-at-the-gate": "gmw/en-029",
}
TIMED = set(VOICES)


@contextlib.contextmanager
def quiet_stdout() -> Iterator[None]:
    """pyttsx3's espeak driver prints on every save; keep it off the terminal."""
    sys.stdout.flush()
    saved = os.dup(1)
    with Path(os.devnull).open("w") as null:
        os.dup2(null.fileno(), 1)
        try:
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)


def paragraphs(folder: Path) -> list[list[str]]:
    """The story's sentences, grouped in paragraphs."""
    vtt = folder / "transcript.vtt"
    if vtt.exists():
        cues = re.split(r"\n\s*\n", vtt.read_text("utf-8"))[1:]
        return [[" ".join(c.splitlines()[1:]) for c in cues if "-->" in c]]
    text = (folder / "transcript.txt").read_text("utf-8")
    return [
        re.findall(r"[^.!?]+[.!?]+[\"”’']?", " ".join(p.split())) or [p]
        for p in re.split(r"\n\s*\n", text)
        if p.strip()
    ]


def stamp(seconds: float) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"{int(minutes // 60):02}:{int(minutes % 60):02}:{secs:06.3f}"


def record(folder: Path, engine: pyttsx3.Engine) -> None:
    parts = paragraphs(folder)
    engine.setProperty("voice", VOICES.get(folder.name, "gmw/en"))
    engine.setProperty("rate", 150)
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for p, sentences in enumerate(parts):
            for s, sentence in enumerate(sentences):
                path = Path(tmp) / f"{p:03}-{s:03}.wav"
                # One sentence per run: queued saves are not all written by the driver.
                engine.save_to_file(sentence.strip(), str(path))
                with quiet_stdout():
                    engine.runAndWait()
                files.append((p, sentence.strip(), path))
        audio: list[np.ndarray] = []
        cues = []
        at = 0.5
        audio.append(np.zeros(int(at * RATE), dtype=np.float32))
        last_paragraph = 0
        for p, sentence, path in files:
            if p != last_paragraph:
                audio.append(np.zeros(int(PARAGRAPH_GAP * RATE), dtype=np.float32))
                at += PARAGRAPH_GAP
                last_paragraph = p
            samples, rate = soundfile.read(str(path), dtype="float32")
            assert rate == RATE, rate
            cues.append((at, at + len(samples) / RATE, sentence))
            audio.append(samples)
            audio.append(np.zeros(int(SENTENCE_GAP * RATE), dtype=np.float32))
            at += len(samples) / RATE + SENTENCE_GAP
    out = folder / "story.ogg"
    samples = np.concatenate(audio) * 0.9
    # libsndfile's Vorbis encoder can crash on one big write (python-soundfile #396):
    # write in blocks instead.
    with soundfile.SoundFile(
        str(out), "w", RATE, 1, format="OGG", subtype="VORBIS", compression_level=0.8
    ) as sink:
        for block in range(0, len(samples), 8192):
            sink.write(samples[block : block + 8192])
    if folder.name in TIMED:
        lines = ["WEBVTT", ""]
        for start, end, sentence in cues:
            lines += [f"{stamp(start)} --> {stamp(end)}", sentence, ""]
        (folder / "transcript.vtt").write_text("\n".join(lines), "utf-8")
        (folder / "transcript.txt").unlink(missing_ok=True)
    print(f"{folder.name}: {at:.0f} s, {out.stat().st_size // 1000} KB", flush=True)


def main() -> None:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "content/stories")
    if (target / "story.toml").exists():
        record(target, pyttsx3.init())
        return
    # One process per story: espeak's driver crashes when the voice changes mid-process.
    for folder in sorted(p for p in target.iterdir() if p.is_dir()):
        subprocess.run([sys.executable, __file__, str(folder)], check=True)


if __name__ == "__main__":
    main()
