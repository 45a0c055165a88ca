"""Does the kiosk's memory stay flat over a long day? A soak with random visitor keys.

Starts the real `kiosk run` in tmux (80x24) on the sample content, with a temporary data
folder and a private PulseAudio (so it really speaks and plays stories), then presses random
keys a visitor could press, at a person's pace: digits, arrows, Enter, Escape, Tab, Home,
the function keys, keypad keys, and a few letters when the message box is showing. Every
minute it goes Home, as the next visitor finds it, and reads the kiosk's resident memory
(VmRSS) there: an open story holds its samples (8-10 MB for the sample stories) until the
visitor leaves it, by design, so reading it mid-story would add that much by chance. The
baseline is the kiosk's own memory at minute 5, once what it loads on first use (screens,
the cache of spoken sentences) has been loaded; the figure is how much it grows after that.

    .venv/bin/python -m benchmarks.soak [--minutes N] [--seed S]

The same seed presses the same keys (their effect still depends on timing: speech that is
cut off, a story that finishes).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from tests.support.audio_rig import VirtualAudio
from tests.support.paths import SAMPLE_CONTENT
from tests.support.terminal import KIOSK, Terminal

TARGET_MB = 10.0
"""Growth allowed after minute 5 (issue 11, item 8)."""
BASELINE_MINUTE = 5

# tmux key names, each with a weight: what a visitor presses most comes up most.
KEYS: tuple[tuple[str, int], ...] = (
    *((str(digit), 6) for digit in range(10)),
    *((arrow, 6) for arrow in ("Up", "Down", "Left", "Right")),
    ("Enter", 10),
    ("Escape", 8),
    ("BSpace", 2),
    ("Tab", 2),
    ("Home", 2),
    ("F1", 2),
    *((key, 1) for key in ("F2", "F3", "F4", "F5", "F6", "F7", "F8")),
    *((f"KP{digit}", 1) for digit in range(10)),
    *((key, 1) for key in ("KPEnter", "KP*", "KP/", "KP-", "KP+")),
)
WORDS = ("hello", "you are not alone", "thank you", "keep going", "tea", "ok")
MESSAGE_BOX = "letters used"
"""On the screen while the message box is showing (English pack: "0 of 500 letters used")."""


def rss_mb(pid: int) -> float:
    """Resident memory of `pid` in MB (VmRSS in /proc: psutil is not in the dev lock)."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


class Visitor:
    """Presses seeded random keys; types a few words when the message box shows."""

    def __init__(self, term: Terminal, seed: int) -> None:
        self.term = term
        self.random = random.Random(seed)
        self.keys, self.weights = zip(*KEYS, strict=True)
        self.sent = 0

    def act(self) -> None:
        """One thing a visitor does: a key, or a few letters in the message box."""
        if self.random.random() < 0.3 and MESSAGE_BOX in self.term.screen():
            word = self.random.choice(WORDS)
            for letter in word:
                self.term.type(letter)
                time.sleep(self.random.uniform(0.08, 0.25))
            self.sent += len(word)
            return
        key = self.random.choices(self.keys, self.weights)[0]
        self.term.press(key)  # waits 0.15 s, so Escape is never read as a sequence
        self.sent += 1
        # A person looks, listens a little, presses again: mostly quick, now and then slow.
        time.sleep(self.random.choice((0.1, 0.2, 0.3, 0.5, 0.8, 1.5, 3.0)))


def soak(minutes: int, seed: int) -> list[tuple[int, float, int]]:
    """Run the kiosk for `minutes`; (minute, RSS MB, keys sent) at each minute from 0."""
    with tempfile.TemporaryDirectory(prefix="kiosk-soak-") as folder:
        rig = VirtualAudio(Path(folder) / "rig")
        rig.start()
        data = Path(folder) / "data"
        env = {key: rig.env[key] for key in ("XDG_RUNTIME_DIR", "PULSE_SERVER", "HOME")} | {
            "KIOSK_CONTENT": str(SAMPLE_CONTENT),
            "KIOSK_DATA": str(data),
            "TERM": "xterm-256color",
        }
        term = Terminal(f"exec {KIOSK} run", env)
        try:
            term.wait_for("Hear a story", timeout=30)
            pid = int(term.pane("pane_pid"))
            time.sleep(2.0)  # the welcome is being said; measure the kiosk at rest
            visitor = Visitor(term, seed)
            rows = [(0, rss_mb(pid), 0)]
            print(f"{'minute':>6} {'RSS MB':>8} {'keys sent':>10}", flush=True)
            print(f"{0:>6} {rows[0][1]:>8.1f} {0:>10}", flush=True)
            began = time.monotonic()
            for minute in range(1, minutes + 1):
                while time.monotonic() < began + minute * 60:
                    visitor.act()
                if term.pane("pane_dead") == "1":
                    raise RuntimeError(
                        f"the kiosk stopped at minute {minute}:\n{term.screen()}\n"
                        f"{(data / 'kiosk.log').read_text()[-2000:]}"
                    )
                term.press("Home")  # a story is dropped as the visitor leaves it
                visitor.sent += 1
                time.sleep(1.0)
                rows.append((minute, rss_mb(pid), visitor.sent))
                print(f"{minute:>6} {rows[-1][1]:>8.1f} {visitor.sent:>10}", flush=True)
            return rows
        finally:
            term.close()
            rig.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=int, default=30, help="how long (default 30)")
    parser.add_argument("--seed", type=int, default=1, help="seed for the keys (default 1)")
    args = parser.parse_args()
    if args.minutes <= BASELINE_MINUTE:
        parser.error(f"--minutes must be more than {BASELINE_MINUTE}: that is the baseline")
    print(f"kiosk run, sample content, {args.minutes} minutes, seed {args.seed}", flush=True)
    rows = soak(args.minutes, args.seed)
    baseline = rows[BASELINE_MINUTE][1]
    end = rows[-1][1]
    growth = end - baseline
    print(
        f"resident memory: {rows[0][1]:.1f} MB at start; baseline {baseline:.1f} MB at minute "
        f"{BASELINE_MINUTE}; {end:.1f} MB at minute {rows[-1][0]} after {rows[-1][2]} keys"
    )
    print(
        f"growth from minute {BASELINE_MINUTE} to the end: {growth:+.1f} MB "
        f"(target: under {TARGET_MB:.0f} MB) -> {'met' if growth < TARGET_MB else 'NOT met'}"
    )
    sys.exit(0 if growth < TARGET_MB else 1)


if __name__ == "__main__":
    main()
