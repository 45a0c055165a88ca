"""How fast the kiosk's voice answers a key, heard on a virtual speaker.

Runs the real kiosk in a real terminal (tmux) with a private PulseAudio, records the
virtual speaker with `parec`, and times, from the moment a key is sent:

- first audible sample of a cached prompt (F2 repeats the last prompt),
- first audible sample of an uncached one (a new word typed in the message box is said),
- silence after F4 (stop talking) pressed mid-sentence,
- and, as a baseline measured the same way in the same run, `espeak-ng "text"` started
  fresh (process start to first sound; and kill to silence).

Recording times come from when parec's chunks arrive, so every figure includes the same
small recording delay; the comparison between rows is fair. Finally: resident memory of
the idle kiosk, speech on, no voice model loaded.

    .venv/bin/python -m benchmarks.speech_latency [rounds]
"""

from __future__ import annotations

import os
import random
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import numpy as np

from tests.support.audio_rig import RATE, VirtualAudio
from tests.support.paths import SAMPLE_CONTENT

KIOSK = Path(sys.executable).parent / "kiosk"
CONTENT = SAMPLE_CONTENT
LOUD = 0.02


class Ear:
    """Records the virtual speaker, stamping every sample with the time it was heard."""

    def __init__(self, rig: VirtualAudio) -> None:
        self._proc = subprocess.Popen(
            rig.listen_command(latency_ms=5),
            env=rig.env,
            stdout=subprocess.PIPE,
        )
        self._chunks: list[tuple[float, bytes]] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self._proc.stdout is not None
        while chunk := self._proc.stdout.read1(2048):  # type: ignore[attr-defined]
            with self._lock:
                self._chunks.append((time.perf_counter(), chunk))

    def loud_before(self, moment: float, window: float = 0.03) -> bool:
        """Was anything heard in the `window` seconds before `moment`?"""
        t, lv = self.since(moment - window)
        return bool(((t < moment) & (lv > LOUD)).any())

    def since(self, start: float) -> tuple[np.ndarray, np.ndarray]:
        """(times, levels) of every sample heard after `start`."""
        with self._lock:
            chunks = [(t, c) for t, c in self._chunks if t >= start - 0.2]
        times, levels = [], []
        for arrived, chunk in chunks:
            samples = np.abs(np.frombuffer(chunk, dtype="<i2").astype(np.float32) / 32768)
            times.append(arrived - (np.arange(len(samples))[::-1] + 1) / RATE)
            levels.append(samples)
        if not times:
            return np.array([]), np.array([])
        t, lv = np.concatenate(times), np.concatenate(levels)
        keep = t >= start
        return t[keep], lv[keep]

    def first_sound(self, start: float, timeout: float = 3.0) -> float | None:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            t, lv = self.since(start)
            loud = np.nonzero(lv > LOUD)[0]
            if len(loud):
                return float(t[loud[0]] - start)
            time.sleep(0.01)
        return None

    def silence(self, start: float, hold: float = 0.15, timeout: float = 3.0) -> float | None:
        """Time from `start` to the last sound before `hold` seconds of quiet."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            time.sleep(0.05)
            t, lv = self.since(start)
            if not len(t) or t[-1] - start < hold:
                continue
            loud = np.nonzero(lv > LOUD)[0]
            last = float(t[loud[-1]]) if len(loud) else start
            if t[-1] - last >= hold:
                return last - start
        return None

    def close(self) -> None:
        self._proc.kill()


class Kiosk:
    """The real kiosk in tmux, on the virtual sound card."""

    def __init__(self, rig: VirtualAudio, data: Path) -> None:
        self.socket = f"bench-{uuid.uuid4().hex[:8]}"
        env = [
            f"-e{k}={v}"
            for k, v in rig.env.items()
            if k in ("XDG_RUNTIME_DIR", "PULSE_SERVER", "HOME")
        ]
        self.tmux(
            "new-session",
            "-d",
            "-s",
            "k",
            "-x",
            "100",
            "-y",
            "30",
            *env,
            f"exec {KIOSK} run --content {CONTENT} --data {data}",
        )

    def tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True
        ).stdout

    def press(self, key: str, *, literal: bool = False) -> float:
        args = ["send-keys", "-t", "k", *(["-l"] if literal else []), key]
        before = time.perf_counter()
        self.tmux(*args)
        return before

    def wait_for(self, words: str) -> None:
        deadline = time.monotonic() + 20
        while words not in self.tmux("capture-pane", "-p", "-t", "k"):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{words!r} never showed")
            time.sleep(0.05)

    def rss_mb(self) -> float:
        pid = self.tmux("display-message", "-p", "-t", "k", "#{pane_pid}").strip()
        return int(Path(f"/proc/{pid}/status").read_text().split("VmRSS:")[1].split()[0]) / 1024

    def close(self) -> None:
        self.tmux("kill-server")


def summary(name: str, values: list[float | None], target: str = "") -> str:
    got = sorted(v * 1000 for v in values if v is not None)
    missed = len(values) - len(got)
    if not got:
        return f"{name}: no measurements"
    p95 = got[min(len(got) - 1, round(0.95 * (len(got) - 1)))]
    line = f"{name:<48} median {statistics.median(got):6.1f} ms   p95 {p95:6.1f} ms   n={len(got)}"
    if missed:
        line += f" ({missed} not heard)"
    return line + (f"   target {target}" if target else "")


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    with tempfile.TemporaryDirectory() as folder:
        rig = VirtualAudio(Path(folder) / "pulse")
        rig.start()
        ear = Ear(rig)
        kiosk = Kiosk(rig, Path(folder) / "data")
        try:
            kiosk.wait_for("Hear a story")
            time.sleep(3.0)  # the stream is warm; the welcome has started
            kiosk.press("F4")
            time.sleep(1.0)
            idle_rss = kiosk.rss_mb()

            cached, stop = [], []
            while len(stop) < rounds:
                cached.append(ear.first_sound(kiosk.press("F2")))  # repeat: a cached prompt
                time.sleep(random.uniform(0.9, 2.5))
                pressed = kiosk.press("F4")
                silent_at = ear.silence(pressed)
                # Only count a stop that cut real sound (not one landing between two words).
                if ear.loud_before(pressed):
                    stop.append(silent_at)
                time.sleep(0.4)

            kiosk.press("2")
            kiosk.wait_for("letters used")
            time.sleep(0.5)
            kiosk.press("F12")  # typing is quiet unless the visitor asks to hear it (issue 11.6)
            time.sleep(0.5)
            kiosk.press("F4")
            time.sleep(0.5)
            uncached = []
            for _ in range(rounds):
                word = "".join(random.choices(string.ascii_lowercase, k=7))
                kiosk.press(word, literal=True)
                time.sleep(0.2)
                uncached.append(ear.first_sound(kiosk.press(" ", literal=True)))  # the word is said
                time.sleep(1.2)

            espeak_start, espeak_kill = [], []
            env = {**os.environ, **rig.env}
            for _ in range(rounds):
                began = time.perf_counter()
                proc = subprocess.Popen(
                    ["espeak-ng", "Hear a story. Leave a message. Find a group."], env=env
                )
                espeak_start.append(ear.first_sound(began))
                time.sleep(0.6)
                killed = time.perf_counter()
                proc.kill()
                espeak_kill.append(ear.silence(killed))
                proc.wait()
                time.sleep(0.4)
        finally:
            kiosk.close()
            ear.close()
            rig.stop()

    print(f"Speech latency on a virtual speaker (PulseAudio null sink), {rounds} rounds each:")
    print(summary("kiosk: key -> first sound, cached prompt", cached, "p95 < 50 ms"))
    print(summary("kiosk: key -> first sound, uncached (new word)", uncached, "p95 < 100 ms"))
    print(summary("kiosk: key -> silence, interrupting", stop, "< 30 ms"))
    print(summary("baseline: espeak-ng started fresh -> first sound", espeak_start))
    print(summary("baseline: espeak-ng killed -> silence", espeak_kill))
    print(
        f"kiosk resident memory, idle, speech on, no voice model: {idle_rss:.0f} MB (target < 150 MB)"
    )


if __name__ == "__main__":
    main()
