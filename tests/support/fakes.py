"""Fakes for tests: a clock, a player, a voice, an output device, a message store in memory."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from kiosk.audio.engine import AudioUnavailable, Samples
from kiosk.audio.microphone import BLOCK, MicProblem
from kiosk.audio.player import PlayerState
from kiosk.core import recordings
from kiosk.core.clock import Clock
from kiosk.core.problems import Code
from kiosk.listening.grammar import Heard
from kiosk.messages.repository import Message, Reason, Status, StoreError
from kiosk.speech.speaker import SpeechBase, SpeechDefaults


class FakeClock:
    """A clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.date = dt.date(2026, 11, 24)

    def monotonic(self) -> float:
        return self.now

    def today(self) -> dt.date:
        return self.date

    def local_time(self) -> dt.datetime:
        """Midnight of `date`, plus the monotonic seconds: moves exactly as the test says."""
        return dt.datetime.combine(self.date, dt.time()) + dt.timedelta(seconds=self.now % 86400)

    def advance(self, seconds: float) -> None:
        self.now += seconds


class DeliberatePresses:
    """The key gate's clock for tests about anything but the gate: each look is a second on.

    So every key a test presses is a deliberate press, well apart from the one before, and
    no test has to wait out the debounce (row I5) between two presses of one key. Tests of
    the gate itself give it the test's own FakeClock (the `timed_app` fixture).
    """

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._looks = 0

    def monotonic(self) -> float:
        self._looks += 1
        return self._clock.monotonic() + self._looks

    def today(self) -> dt.date:
        return self._clock.today()

    def local_time(self) -> dt.datetime:
        return self._clock.local_time()


class FakePlayer:
    """Keeps a player's state like the real one; `advance` moves its clock."""

    def __init__(self, *, problem: Code | None = None) -> None:
        self._state = PlayerState.EMPTY
        self._position = 0.0
        self._duration = 0.0
        self._fixed_problem = problem
        self._problem: Code | None = None
        self.opened: list[Path] = []

    @property
    def state(self) -> PlayerState:
        """What the player is doing."""
        return self._state

    @property
    def position(self) -> float:
        """Seconds into the recording."""
        return self._position

    @property
    def duration(self) -> float:
        """Length of the recording."""
        return self._duration

    @property
    def problem(self) -> Code | None:
        """Why sound is not playing."""
        return self._problem

    def open(self, path: Path, *, play: bool = True) -> None:
        """Read the file's length (for real) and start, or fail like the real one."""
        self.opened.append(path)
        self._position = 0.0
        if self._fixed_problem:
            self._state, self._problem = PlayerState.FAILED, self._fixed_problem
            return
        try:
            self._duration = recordings.length(path)  # what the real player reads, phones too
        except recordings.RecordingProblem:
            self._state, self._problem = PlayerState.FAILED, Code.BAD_FILE
            return
        self._problem = None
        self._state = PlayerState.PLAYING if play else PlayerState.PAUSED

    def play(self) -> None:
        """Play from here (or from the start when finished)."""
        if self._state is PlayerState.FINISHED:
            self._position = 0.0
        if self._state in (PlayerState.PAUSED, PlayerState.FINISHED):
            self._state = PlayerState.PLAYING

    def pause(self) -> None:
        """Pause."""
        if self._state is PlayerState.PLAYING:
            self._state = PlayerState.PAUSED

    def seek(self, seconds: float) -> None:
        """Jump within the recording."""
        if self._state in (PlayerState.PLAYING, PlayerState.PAUSED, PlayerState.FINISHED):
            self._position = min(max(0.0, seconds), self._duration)
            if self._state is PlayerState.FINISHED and self._position < self._duration:
                self._state = PlayerState.PAUSED

    def stop(self) -> None:
        """Stop and forget the recording."""
        self._state = PlayerState.EMPTY
        self._position = 0.0
        self._duration = 0.0
        self._problem = None

    def close(self) -> None:
        """Same as stop."""
        self.stop()

    def advance(self, seconds: float) -> None:
        """Let `seconds` of playing time pass."""
        if self._state is PlayerState.PLAYING:
            self._position = min(self._position + seconds, self._duration)
            if self._position >= self._duration:
                self._state = PlayerState.FINISHED


class FakeSpeaker(SpeechBase):
    """A voice for tests: records what would be said; `finish()` ends the current utterance."""

    def __init__(self, language: str = "en", defaults: SpeechDefaults | None = None) -> None:
        super().__init__(language, defaults or SpeechDefaults())
        self.said: list[str] = []
        self.languages: list[str] = []
        """The language of each utterance in `said` (its first piece's, when it has several)."""
        self.parts: list[list[tuple[str, str]]] = []
        """Each utterance in `said`, piece by piece with the language of each."""
        self.stops = 0
        self._speaking = False
        self.prepared: list[str] = []
        self.tones: list[bool] = []
        """Each tone played: True for rising (listening), False for falling."""

    @property
    def speaking(self) -> bool:
        """True until the test calls `finish` or something stops it."""
        return self._speaking

    @property
    def last(self) -> str:
        """The last utterance recorded (empty if none)."""
        return self.said[-1] if self.said else ""

    def _speak(self, words: str, language: str) -> None:
        self._speak_parts([(words, language)])

    def _speak_parts(self, parts: Sequence[tuple[str, str]]) -> None:
        self.said.append(" ".join(words for words, _ in parts))
        self.languages.append(parts[0][1])
        self.parts.append(list(parts))
        self._speaking = True

    def _stop(self) -> None:
        self.stops += 1
        self._speaking = False

    def _tone(self, rising: bool) -> None:
        self.tones.append(rising)
        self._speaking = False  # a tone is over at once, as far as tests are concerned

    def _pause(self, paused: bool) -> None:
        pass

    def prepare(self, texts: Sequence[str], *, language: str | None = None) -> None:
        """Remember what was prepared."""
        self.prepared.extend(texts)

    def finish(self) -> None:
        """The current utterance has been said to the end."""
        self._speaking = False

    def clear(self) -> None:
        """Forget what was recorded so far."""
        self.said.clear()
        self.languages.clear()
        self.parts.clear()


class FakeOutput:
    """An output device for engine tests: nothing plays until `pull` asks for samples."""

    def __init__(self, *, works: bool = True) -> None:
        self.works = works
        self._fill: Callable[[Samples], None] | None = None
        self._lost: Callable[[], None] | None = None
        self.starts = 0
        self.rests = 0

    @property
    def active(self) -> bool:
        """True once started (and not stopped or lost)."""
        return self._fill is not None

    def start(self, fill: Callable[[Samples], None], lost: Callable[[], None]) -> None:
        """Start, or fail like a machine with no sound device."""
        if not self.works:
            raise AudioUnavailable("no output device (fake)")
        self.starts += 1
        self._fill, self._lost = fill, lost

    def rest(self) -> None:
        """Stop asking for blocks until started again."""
        self._fill = None
        self.rests += 1

    def stop(self) -> None:
        """Stop."""
        self._fill = None

    def pull(self, frames: int) -> Samples:
        """Take `frames` samples from the engine, as the sound card's thread would."""
        out = np.zeros(frames, dtype=np.float32)
        if self._fill is not None:
            self._fill(out)
        return out

    def unplug(self) -> None:
        """The device goes away."""
        lost, self._fill = self._lost, None
        if lost is not None:
            lost()


# --- voice -----------------------------------------------------------------------------


def heard(text: str, conf: float = 1.0) -> Heard:
    """What a recognizer reports for `text`, each word with confidence `conf`."""
    return Heard(tuple((w, conf) for w in text.split()))


class FakeMic:
    """Blocks are pushed by the test."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.deliver: Callable[[bytes], None] | None = None
        self.lost: Callable[[], None] | None = None

    def start(self, deliver: Callable[[bytes], None], lost: Callable[[], None]) -> None:
        if self.fail:
            raise MicProblem(Code.NO_MICROPHONE)
        self.deliver, self.lost = deliver, lost

    def stop(self) -> None:
        self.deliver = None

    def send(self, seconds: float, loud: bool) -> None:
        level = 3000 if loud else 0
        block = (np.full(BLOCK, level, dtype=np.int16)).tobytes()
        for _ in range(round(seconds / (BLOCK / 16000))):
            assert self.deliver is not None
            self.deliver(block)
            time.sleep(0.002)


class FakeRecognizer:
    """Hears `answer` whenever there was loud audio."""

    def __init__(self, answer: str = "two") -> None:
        self.answer = answer
        self.grammars: list[list[str] | None] = []
        """The phrases each utterance was begun with (None: free speech)."""
        self.fed = 0

    def known(self, word: str) -> bool:
        return True

    def begin(self, phrases: Sequence[str] | None) -> None:
        self.grammars.append(None if phrases is None else list(phrases))
        self.fed = 0

    def accept(self, audio: bytes) -> None:
        self.fed += len(audio)

    def finish(self) -> Heard:
        return heard(self.answer) if self.fed else Heard(())


def make_model(folder: Path) -> Path:
    """A folder with the files of a speech model for either engine (Vosk's, then Whisper's)."""
    vosk = ("am/final.mdl", "conf/model.conf", "graph/HCLr.fst", "graph/Gr.fst")
    for name in (*vosk, "model.bin", "config.json", "tokenizer.json"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(b"model data")
    return folder


class FakeSpeechCheck:
    """Says every utterance held `voice` seconds of a voice (Silero in the kiosk)."""

    def __init__(self, voice: float) -> None:
        self.voice = voice
        self.fed = 0
        self.resets = 0

    def reset(self) -> None:
        self.resets += 1
        self.fed = 0

    def feed(self, block: bytes) -> None:
        self.fed += len(block)

    @property
    def voice_seconds(self) -> float:
        return self.voice if self.fed else 0.0


class MemoryMessages:
    """A `MessageRepository` in memory: the second implementation, beside SQLite's.

    `broken` makes every call fail as a store that cannot be used would.
    """

    def __init__(self) -> None:
        self.messages: dict[int, Message] = {}
        self.decided: dict[int, dt.date] = {}
        self.broken = False

    def _check(self) -> None:
        if self.broken:
            raise StoreError("The memory store is broken (a test asked).")

    def add(
        self,
        text: str,
        day: dt.date,
        *,
        reasons: Sequence[Reason] = (),
        urgent: bool = False,
        held: bool = False,
    ) -> Message:
        self._check()
        if not text.strip():
            raise StoreError("The message is empty.")
        number = len(self.messages) + 1
        message = Message(
            number, text.strip(), day, Status.PENDING, tuple(reasons), urgent, held, f"m{number}"
        )
        self.messages[number] = message
        return message

    def find(self, status: Status | None = None, *, newest_first: bool = False) -> list[Message]:
        self._check()
        found = [m for m in self.messages.values() if status is None or m.status is status]
        return sorted(found, key=lambda m: m.id, reverse=newest_first)

    def get(self, message_id: int) -> Message:
        self._check()
        if message_id not in self.messages:
            raise StoreError(f"There is no message number {message_id}.")
        return self.messages[message_id]

    def edit(self, message_id: int, text: str) -> None:
        self.messages[message_id] = dataclasses.replace(self.get(message_id), text=text)

    def set_status(self, message_id: int, status: Status, day: dt.date) -> None:
        self.messages[message_id] = dataclasses.replace(self.get(message_id), status=status)
        self.decided[message_id] = day

    def purge_rejected(self, older_than: dt.date) -> int:
        self._check()
        gone = [
            n
            for n, m in self.messages.items()
            if m.status is Status.REJECTED and self.decided[n] < older_than
        ]
        for number in gone:
            del self.messages[number]
        return len(gone)


class CountedEvents:
    """`MessageEvents` that only count what they were told."""

    def __init__(self) -> None:
        self.left = 0
        self.heard = 0

    def message_left(self) -> None:
        self.left += 1

    def message_heard(self) -> None:
        self.heard += 1
