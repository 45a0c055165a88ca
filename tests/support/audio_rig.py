"""A private PulseAudio with a virtual speaker and microphone, for tests with real sound.

Null sinks are paced like real hardware, so PortAudio (through ALSA's pulse plugin) plays
into them at real speed, and `parec` on the speaker's monitor hears exactly what was played.
Nothing here touches the machine's own sound setup: the server lives in a temp folder.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import numpy as np

RATE = 22050
MIC_RATE = 16000


class VirtualAudio:
    """Start with `start()`, stop with `stop()`; `env` points a process at this server."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.runtime = folder / "runtime"
        self.env = {
            **os.environ,
            "XDG_RUNTIME_DIR": str(self.runtime),
            "PULSE_SERVER": f"unix:{self.runtime / 'pulse' / 'native'}",
            "HOME": str(folder),
        }
        self._keepalive: list[subprocess.Popen[bytes]] = []

    def _run(self, *command: str) -> str:
        return subprocess.run(
            command, env=self.env, capture_output=True, text=True, check=True, timeout=20
        ).stdout

    def start(self) -> None:
        """Start the server with speaker `kspk` and microphone `kmic` and make them default."""
        for tool in ("pulseaudio", "pactl", "parec", "pacat"):
            if shutil.which(tool) is None:
                raise RuntimeError(
                    f"{tool} is missing; `make test` installs it (scripts/setup.sh test)"
                )
        self.runtime.mkdir(parents=True, exist_ok=True)
        self.runtime.chmod(0o700)
        (self.folder / ".asoundrc").write_text(
            "pcm.!default { type pulse }\nctl.!default { type pulse }\n"
        )
        self._run(
            "pulseaudio",
            "--daemonize=yes",
            "--exit-idle-time=-1",
            "-n",
            "--use-pid-file=yes",
            "--load=module-native-protocol-unix",
            "--load=module-null-sink sink_name=kspk rate=22050 channels=1",
            "--load=module-null-sink sink_name=kmic rate=16000 channels=1",
        )
        deadline = time.monotonic() + 10
        while subprocess.run(["pactl", "info"], env=self.env, capture_output=True).returncode != 0:
            if time.monotonic() > deadline:
                raise RuntimeError("the private PulseAudio did not start")
            time.sleep(0.05)
        self._run("pactl", "set-default-sink", "kspk")
        self._run("pactl", "set-default-source", "kmic.monitor")
        # A null sink's monitor only runs while something plays: keep a stream of zeros going
        # so recordings have a continuous timeline.
        for sink, rate in (("kspk", RATE), ("kmic", MIC_RATE)):
            self._keepalive.append(
                subprocess.Popen(
                    [
                        "pacat",
                        "-d",
                        sink,
                        "--raw",
                        "--format=s16le",
                        f"--rate={rate}",
                        "--channels=1",
                        "/dev/zero",
                    ],
                    env=self.env,
                )
            )

    def echo(self) -> None:
        """Let the microphone hear the speaker, as it does in a room."""
        self._run(
            "pactl",
            "load-module",
            "module-loopback",
            "source=kspk.monitor",
            "sink=kmic",
            "latency_msec=20",
        )

    def speak(self, wav: Path) -> None:
        """Say a clip into the microphone; returns when it has been played."""
        self._run("paplay", "-d", "kmic", str(wav))

    @staticmethod
    def listen_command(latency_ms: int = 10) -> list[str]:
        """`parec` hearing the speaker, as raw 16-bit mono at RATE on its standard output."""
        return [
            "parec",
            "-d",
            "kspk.monitor",
            "--raw",
            "--format=s16le",
            f"--rate={RATE}",
            "--channels=1",
            f"--latency-msec={latency_ms}",
        ]

    def record(self, path: Path) -> subprocess.Popen[bytes]:
        """Start recording what the speaker plays, as raw 16-bit mono at RATE, into `path`."""
        out = path.open("wb")
        return subprocess.Popen(
            self.listen_command(),
            env=self.env,
            stdout=out,
        )

    def stop(self) -> None:
        """Stop the server and everything started with it, and wait until it has gone.

        `pulseaudio --kill` only sends a signal: a server still writing its folder as it
        exits made removing that folder fail ("Directory not empty: 'pulse'", issue 14).
        """
        for process in self._keepalive:
            process.kill()
            process.wait()
        pid = self._server_pid()
        subprocess.run(["pulseaudio", "--kill"], env=self.env, capture_output=True)
        deadline = time.monotonic() + 10
        while pid is not None and Path(f"/proc/{pid}").exists():
            if time.monotonic() > deadline:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                break
            time.sleep(0.02)

    def _server_pid(self) -> int | None:
        """The private server's process, from its pid file (None if it is not running)."""
        try:
            return int((self.runtime / "pulse" / "pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None


def load_raw(path: Path) -> np.ndarray:
    """A recording made by `record`, as floats in -1..1."""
    return np.frombuffer(path.read_bytes(), dtype="<i2").astype(np.float32) / 32768


def loud_windows(samples: np.ndarray, window: float = 0.05, threshold: float = 0.02) -> np.ndarray:
    """One boolean per `window` seconds: was there sound (peak above `threshold`)?"""
    size = int(RATE * window)
    count = len(samples) // size
    blocks = np.abs(samples[: count * size]).reshape(count, size)
    return blocks.max(axis=1) > threshold
