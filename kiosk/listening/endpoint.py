"""End of speech: when to listen, where speech starts and ends, as a pure state machine.

No thread, no clock, no queue, no recognizer: the listener (listener.py) gives the
`Endpointer` each microphone block with the time it took it and what the kiosk is doing,
and carries out the actions it returns, in order.

Listening is shut while the kiosk makes any sound of its own and for a short tail after,
so it never obeys its own voice (the gate). End of speech is found here, from loudness,
rather than by Vosk's own end-pointer, which waits half a second of silence: a visitor
should hear the kiosk act within a third of a second of stopping speaking.
"""

from __future__ import annotations

import enum
from collections import deque
from dataclasses import dataclass

import numpy as np

from kiosk.audio.microphone import BLOCK, RATE
from kiosk.core.config import VoiceMode

BLOCK_SECONDS = BLOCK / RATE


class State(enum.Enum):
    """What the listener is doing; shown on screen and said when it changes."""

    OFF = "off"
    LOADING = "loading"
    READY = "ready"
    LISTENING = "listening"
    THINKING = "thinking"


@dataclass
class Settings:
    """Timing of listening; the defaults suit a kiosk in a quiet room."""

    mode: VoiceMode = VoiceMode.PRESS_TO_TALK
    window: float = 5.0
    """Press to talk: how long to wait for speech to start after the tone."""
    tail: float = 0.5
    """Listening stays shut this long after the kiosk's own sound stops: its echo, and the
    sound still on its way through the sound server, must not be taken for the visitor.
    0.3 s let the talk key's own tone through on the test rig (tests/system/test_voice_live.py)."""
    end_silence: float = 0.2
    """This much quiet after speech ends a command. 0.25 s made the end of speech to the
    decision 260 ms at the 95th percentile (target 250); 0.2 s and 0.15 s decided the same
    on the development half of benchmarks/voice_clips.py."""
    dictation_end_silence: float = 1.2
    """A message is spoken in sentences; a longer pause ends it."""
    longest: float = 6.0
    """Longest command; a longer stream of sound is treated as not a command."""
    longest_dictation: float = 45.0
    min_level: float = 250.0
    """Quietest sound (RMS of 16-bit samples) that counts as speech: about -42 dBFS, a voice
    across the kiosk. 500 missed speech from a distance (benchmarks/voice_clips.py, the
    development half: 2 -> 5 of 55 right far away, and 4 -> 3 wrong overall)."""
    preroll: float = 0.3
    """This much sound from before speech grew loud enough is fed to the recognizer too:
    the first sound of a word (a breath, a soft consonant) is quieter than the rest."""


class Window(enum.Enum):
    """Press to talk: what was asked of the listening window since the last block."""

    OPEN = "open"
    """The talk key: listen for one command (or one message) once the kiosk is quiet."""
    CLOSE = "close"
    """Stop listening for the current press (the next visitor)."""


# --- what the endpointer asks the listener to do ------------------------------------------


@dataclass(frozen=True)
class Begin:
    """Start an utterance: with the screen's grammar, or free speech (`free`, a message)."""

    free: bool = False


@dataclass(frozen=True)
class Feed:
    """Give these blocks to the recognizer, in order."""

    blocks: tuple[bytes, ...]


@dataclass(frozen=True)
class Discard:
    """End the utterance and throw away what the recognizer made of it.

    It was speech the kiosk's own sound cut off, which nothing can be told from.
    """


@dataclass(frozen=True)
class Judge:
    """The speech has ended: end the utterance, then tell `Endpointer.judged` of its words."""

    dictating: bool
    ended_at: float
    """When the speech ended: the end of its last loud block."""
    too_long: bool
    """It ran longer than a command (or a message) can be."""


@dataclass(frozen=True)
class Report:
    """Report what the utterance just judged was: a command, not a command, or a message."""


@dataclass(frozen=True)
class SetState:
    """The listener's state changes."""

    state: State


@dataclass(frozen=True)
class WindowEmpty:
    """A press-to-talk window closed without any speech: say that nothing was said."""


Action = Begin | Feed | Discard | Judge | SetState | WindowEmpty
"""What `Endpointer.step` returns, in the order to carry it out."""
Verdict = Report | SetState
"""What `Endpointer.judged` returns."""


@dataclass(frozen=True)
class _Judging:
    """What `judged` needs to know of the speech that ended."""

    too_long: bool
    if_empty: State


def rms(block: bytes) -> float:
    """How loud a block is: the root mean square of its 16-bit samples."""
    samples = np.frombuffer(block, dtype=np.int16).astype(np.float32)
    return float(np.sqrt(np.mean(samples * samples))) if len(samples) else 0.0


class Endpointer:
    """Decides, block by block, when listening is open and where speech starts and ends."""

    def __init__(self, settings: Settings | None = None) -> None:
        self._window_requested = False
        self._window_until = 0.0
        self.restart(settings or Settings())

    def restart(self, settings: Settings) -> None:
        """Listening starts (again) with `settings`, READY; a talk key press is kept.

        The settings are read as each block comes, so a change to them counts at once.
        """
        self.settings = settings
        self.state = State.READY
        # The room's own noise (RMS), learnt from the blocks that are not speech: in a noisy
        # room only sound well over it counts as speech.
        self.floor = settings.min_level / 3
        self._shut_until = 0.0
        self._preroll: deque[bytes] = deque(maxlen=int(settings.preroll / BLOCK_SECONDS))
        self._speaking = False
        self._dictating = False
        self._started = self._last_voice = 0.0
        self._judging: _Judging | None = None

    @property
    def threshold(self) -> float:
        """How loud a block must be to count as speech: well over the room's noise."""
        return max(self.settings.min_level, self.floor * 3)

    @property
    def speaking(self) -> bool:
        """Whether an utterance of the visitor's is going on."""
        return self._speaking

    def step(
        self,
        now: float,
        block: bytes,
        *,
        gate: bool = False,
        dictation: bool = False,
        window: Window | None = None,
    ) -> list[Action]:
        """One block, or none (b"", when none came in time): what to do now.

        Args:
            now: When the block was taken (time.monotonic()).
            block: 16 kHz mono 16-bit audio, BLOCK samples, or b"".
            gate: The kiosk is making sound of its own.
            dictation: Speech starting now is a message (free speech), not a command.
            window: What the talk key asked since the last step, if anything.

        Returns:
            The actions, in order. A `Judge` is always last: carry it out, then call
            `judged` before the next step.

        """
        if self._judging is not None:
            raise RuntimeError("judged() must answer a Judge before the next step")
        s = self.settings
        if window is Window.OPEN:
            self._window_requested = True
        elif window is Window.CLOSE:
            self._window_requested = False
            self._window_until = 0.0
        if gate:
            return self._shut(now, block)
        actions: list[Action] = []
        if self._window_requested:
            # The window is counted from when the kiosk is quiet: after its tone and the tail.
            self._window_requested = False
            self._window_until = max(now, self._shut_until) + s.window
        if now < self._shut_until:
            self._preroll.clear()
            return actions
        hands_free = s.mode is VoiceMode.HANDS_FREE
        if not (hands_free or now < self._window_until or self._speaking):
            if self.state is State.LISTENING and self._window_until:
                self._window_until = 0.0
                actions += self._enter(State.READY)
                actions.append(WindowEmpty())
            self._preroll.clear()
            return actions
        if not hands_free and self.state is State.READY:
            actions += self._enter(State.LISTENING)
        if not block and not self._speaking:
            return actions

        level = rms(block) if block else 0.0
        voiced = level >= self.threshold
        feed: list[bytes] = []
        if not self._speaking:
            if not voiced:
                self.floor = 0.95 * self.floor + 0.05 * level
                self._preroll.append(block)
                return actions
            self._speaking, self._dictating = True, dictation
            self._started = self._last_voice = now
            actions.append(Begin(free=dictation))
            if hands_free:
                actions += self._enter(State.LISTENING)
            feed += self._preroll
            self._preroll.clear()
        if block:
            feed.append(block)
        if feed:
            actions.append(Feed(tuple(feed)))
        if voiced:
            self._last_voice = now
        quiet = s.dictation_end_silence if self._dictating else s.end_silence
        longest = s.longest_dictation if self._dictating else s.longest
        if now - self._last_voice < quiet and now - self._started < longest:
            return actions
        # The speech has ended (or run too long): what was it?
        self._speaking = False
        too_long = now - self._started >= longest
        back = State.LISTENING if not hands_free and now < self._window_until else State.READY
        self._judging = _Judging(too_long, back)
        actions += self._enter(State.THINKING)
        actions.append(Judge(self._dictating, self._last_voice + BLOCK_SECONDS, too_long))
        return actions

    def judged(self, words: bool) -> list[Verdict]:
        """What to do with the utterance a `Judge` ended; `words` says if any were heard."""
        judging, self._judging = self._judging, None
        if judging is None:
            raise RuntimeError("judged() answers a Judge, and there was none")
        if not words and not judging.too_long:
            # A cough, a door, an echo: no words at all. Say nothing, keep listening.
            return [*self._enter(judging.if_empty)]
        self._window_until = 0.0
        return [Report(), *self._enter(State.READY)]

    def _shut(self, now: float, block: bytes) -> list[Action]:
        # The kiosk is making sound: nothing heard now can be the visitor's alone.
        # Its own voice is not fed to the recognizer: Vosk keeps nothing from one utterance
        # to the next (FinalResult() resets it), so a "warm-up" on it changed no result.
        # Seeded, 77 of 77 clips gave the same words and confidences with and without one.
        self._shut_until = now + self.settings.tail
        actions: list[Action] = []
        if self._speaking:
            self._speaking = False
            actions.append(Discard())
        self._preroll.clear()
        return actions

    def _enter(self, state: State) -> list[SetState]:
        if state is self.state:
            return []
        self.state = state
        return [SetState(state)]
