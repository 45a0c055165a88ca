"""A real terminal for tests and benchmarks: one tmux session on a private server."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from kiosk.core.debounce import SAME_KEY_SECONDS, TWO_AT_ONCE_SECONDS
from tests.support.waits import generous, limit

KIOSK = Path(sys.executable).parent / "kiosk"
"""The installed `kiosk` command beside this Python."""


class Terminal:
    """One tmux session on a private server (80x24 unless asked), running a command."""

    def __init__(
        self, command: str, env: dict[str, str], width: int = 80, height: int = 24
    ) -> None:
        if shutil.which("tmux") is None:
            raise RuntimeError(
                "tmux is not installed; `make test` installs it (scripts/setup.sh test)"
            )
        self.socket = f"kiosk-test-{uuid.uuid4().hex[:8]}"
        self.tmux(
            "new-session",
            "-d",
            "-s",
            "k",
            "-x",
            str(width),
            "-y",
            str(height),
            *[f"-e{k}={v}" for k, v in env.items()],
            command,
        )
        self.tmux("set-option", "-t", "k", "remain-on-exit", "on")
        self._last_key = ""
        self._last_at = 0.0

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            timeout=generous(30),
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "k")

    def press(self, *keys: str) -> None:
        """Press keys at a person's pace, which the kiosk's debounce (row I5) takes as presses.

        The pause after each also lets Textual tell Escape from the start of a sequence.
        """
        for key in keys:
            if key == self._last_key:
                # The same key again: a second press, not a bounce.
                time.sleep(max(0.0, self._last_at + SAME_KEY_SECONDS + 0.1 - time.monotonic()))
            self.tmux("send-keys", "-t", "k", key)
            self._last_key, self._last_at = key, time.monotonic()
            time.sleep(max(0.15, TWO_AT_ONCE_SECONDS + 0.1))  # another key: not two at once

    def send_bytes(self, *hex_bytes: str) -> None:
        """Send raw bytes, as a keyboard set to 8-bit or a broken sequence would."""
        self.tmux("send-keys", "-t", "k", "-H", *hex_bytes)
        time.sleep(0.15)

    def tap(self, words: str) -> None:
        """Touch the screen on `words` (the lowest place they show: buttons are at the bottom).

        Sent as the terminal sends a touch: an SGR mouse press and release at that cell.
        """
        found = re.compile(rf"(?<!\S){re.escape(words)}(?!\S)")
        lines = self.screen().splitlines()
        for row in range(len(lines) - 1, -1, -1):
            match = found.search(lines[row])
            if match:
                x, y = match.start() + 1, row + 1  # the terminal counts from 1
                self.tmux("send-keys", "-t", "k", "-l", f"\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m")
                time.sleep(max(0.15, SAME_KEY_SECONDS + 0.1))  # a deliberate tap, not a bounce
                return
        raise AssertionError(f"{words!r} is not on the screen to tap:\n{self.screen()}")

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "k", "-l", text)

    def wait_for(self, words: str, timeout: float = 30) -> str:
        """The screen once it shows `words`; the limit (scaled, tests/support/waits.py) is
        only for a kiosk that never gets there, so it is generous: a busy machine is slow."""
        deadline = limit(timeout)
        while time.monotonic() < deadline:
            screen = self.screen()
            if words in screen:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{words!r} never appeared. The screen shows:\n{self.screen()}")

    def wait_until(self, test: Callable[[str], bool], what: str, timeout: float = 30) -> str:
        """The screen once `test` holds for it (`what` says what was awaited, for the failure)."""
        deadline = limit(timeout)
        while time.monotonic() < deadline:
            screen = self.screen()
            if test(screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{what} never happened. The screen shows:\n{self.screen()}")

    def wait_for_file_text(self, path: Path, words: str, timeout: float = 30) -> str:
        """The text of `path` once it holds `words` (a log the kiosk writes as it goes)."""
        deadline = limit(timeout)
        while time.monotonic() < deadline:
            text = path.read_text(encoding="utf-8") if path.exists() else ""
            if words in text:
                return text
            time.sleep(0.05)
        raise AssertionError(f"{words!r} never appeared in {path}")

    def children(self) -> list[int]:
        """The processes the pane's shell started (the kiosk, when run as `sh -c '...'`)."""
        shell = self.pane("pane_pid")
        found = subprocess.run(["pgrep", "-P", shell], capture_output=True, text=True)
        return [int(pid) for pid in found.stdout.split()]

    def pane(self, field: str) -> str:
        return self.tmux("display-message", "-p", "-t", "k", f"#{{{field}}}").strip()

    def close(self) -> None:
        """Close the terminal, as a person closing the window would (the kiosk gets SIGHUP)."""
        pid = self.pane("pane_pid")
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)
        # The kiosk must leave by itself when its terminal goes; never leave one behind.
        deadline = limit(15)
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        if Path(f"/proc/{pid}").exists():
            os.kill(int(pid), signal.SIGKILL)
            raise AssertionError("the kiosk did not stop when its terminal closed")
