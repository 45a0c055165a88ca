"""The listener: microphone in, commands out, in a thread of its own.

The microphone is read with sounddevice at 16 kHz mono; its callback only copies the block
and queues it. One thread loads the Vosk model (in the background, so the kiosk works by
keys at once), then takes blocks from the queue, finds where speech starts and ends, and
asks Vosk what was said.

Listening is shut while the kiosk makes any sound of its own and for a short tail after,
so it never obeys its own voice (`gate`). End of speech is found here, from loudness,
rather than by Vosk's own end-pointer, which waits half a second of silence: a visitor
should hear the kiosk act within a third of a second of stopping speaking.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from kiosk.audio.microphone import BLOCK, RATE, MicProblem, Microphone
from kiosk.core.problems import Code
from kiosk.listening.grammar import Grammar, Heard
from kiosk.listening.models import ModelProblem

log = logging.getLogger(__name__)

BLOCK_SECONDS = BLOCK / RATE


class State(enum.Enum):
    """What the listener is doing; shown on screen and said when it changes."""

    OFF = "off"
    LOADING = "loading"
    READY = "ready"
    LISTENING = "listening"
    THINKING = "thinking"


class Mode(enum.Enum):
    """How listening starts (kiosk.toml `voice_mode`)."""

    PRESS_TO_TALK = "press-to-talk"
    HANDS_FREE = "hands-free"


# --- what the listener reports ----------------------------------------------------------


@dataclass(frozen=True)
class StateChanged:
    """The listener's state changed; `problem` says why it is off."""

    state: State
    problem: Code | None = None


@dataclass(frozen=True)
class Understood:
    """A command was heard clearly: press `key`."""

    key: str
    heard: Heard
    speech_ended: float
    """time.monotonic() when the speech ended (for measuring how quickly the kiosk acts)."""


@dataclass(frozen=True)
class NotUnderstood:
    """Speech that is not clearly one of the things that can be said here."""

    heard: Heard
    speech_ended: float


@dataclass(frozen=True)
class Dictated:
    """Free speech turned into text, for a message."""

    text: str
    speech_ended: float


@dataclass(frozen=True)
class NothingSaid:
    """A listening window closed without any speech."""


VoiceEvent = StateChanged | Understood | NotUnderstood | Dictated | NothingSaid


# --- the parts, behind small interfaces ---------------------------------------------------


class Recognizer(Protocol):
    """Speech to words: Vosk, or a fake in unit tests."""

    def known(self, word: str) -> bool:
        """Whether the model has `word` in its vocabulary."""

    def begin(self, grammar: str | None) -> None:
        """Start an utterance with a grammar (JSON list of phrases) or none (free speech)."""

    def accept(self, audio: bytes) -> None:
        """Feed audio."""

    def finish(self) -> Heard:
        """The words of the utterance so far, and end it."""


class VoskRecognizer:
    """Vosk (Kaldi) with a loaded model: one recognizer for commands, one for dictation."""

    def __init__(self, model_path: Path) -> None:
        import vosk

        vosk.SetLogLevel(-2)  # errors only; those go to native.log, never the screen
        try:
            self._model = vosk.Model(str(model_path))
        except Exception as error:  # vosk raises a bare Exception for a broken model
            raise ModelProblem(f"the speech model in {model_path} could not be loaded") from error
        self._vosk = vosk
        self._free: Any = None
        # Made without a grammar and given one per utterance: Vosk crashes outright when a
        # recognizer is created with an empty grammar, which a screen can have.
        self._commands = vosk.KaldiRecognizer(self._model, RATE)
        self._commands.SetWords(True)
        self._current: Any = self._commands
        self._parts: list[Heard] = []

    def known(self, word: str) -> bool:
        """Whether the model knows the word (a phrase with unknown words is left out)."""
        return bool(self._model.vosk_model_find_word(word) >= 0)

    def begin(self, grammar: str | None) -> None:
        """Start an utterance."""
        if grammar is None:
            if self._free is None:
                self._free = self._vosk.KaldiRecognizer(self._model, RATE)
                self._free.SetWords(True)
            self._current = self._free
        else:
            self._commands.SetGrammar(grammar)
            self._current = self._commands
        self._current.Reset()
        self._parts = []

    def accept(self, audio: bytes) -> None:
        """Feed audio; keep any piece Vosk has already closed off."""
        if self._current.AcceptWaveform(audio):
            self._parts.append(Heard.from_vosk(self._current.Result()))

    def finish(self) -> Heard:
        """Everything heard in the utterance."""
        self._parts.append(Heard.from_vosk(self._current.FinalResult()))
        words = tuple(w for part in self._parts for w in part.words)
        self._parts = []
        return Heard(words)


# --- the listener -----------------------------------------------------------------------


@dataclass
class Settings:
    """Timing of listening; the defaults suit a kiosk in a quiet room."""

    mode: Mode = Mode.PRESS_TO_TALK
    window: float = 5.0
    """Press to talk: how long to wait for speech to start after the tone."""
    tail: float = 0.5
    """Listening stays shut this long after the kiosk's own sound stops: its echo, and the
    sound still on its way through the sound server, must not be taken for the visitor.
    0.3 s let the talk key's own tone through on the test rig (tests/test_voice_live.py)."""
    end_silence: float = 0.25
    """This much quiet after speech ends a command."""
    dictation_end_silence: float = 1.2
    """A message is spoken in sentences; a longer pause ends it."""
    longest: float = 6.0
    """Longest command; a longer stream of sound is treated as not a command."""
    longest_dictation: float = 45.0
    min_level: float = 500.0
    """Quietest sound (RMS of 16-bit samples) that counts as speech."""


class Listener:
    """Loads the model, reads the microphone and reports what was said."""

    def __init__(
        self,
        load: Callable[[], Recognizer],
        microphone: Microphone,
        report: Callable[[VoiceEvent], None],
        *,
        gate: Callable[[], bool] = lambda: False,
        settings: Settings | None = None,
    ) -> None:
        self._load = load
        self._mic = microphone
        self._report = report
        self._gate = gate
        self.settings = settings or Settings()
        self._blocks: queue.Queue[bytes | None] = queue.Queue(maxsize=500)
        self._lock = threading.Lock()
        self._grammar = Grammar()
        self._dictating = False
        self._window_until = 0.0
        self._window_requested = False
        self._running = False
        self._reload = False
        self._mic_lost = threading.Event()
        self.state = State.OFF
        self.problem: Code | None = None
        self.recognizer: Recognizer | None = None
        self._thread: threading.Thread | None = None

    # --- control, from any thread -------------------------------------------------------

    def start(self) -> None:
        """Load the model and start listening, in the background."""
        self._running = True
        self._thread = threading.Thread(target=self._run, name="listener", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop listening and close the microphone."""
        self._running = False
        with contextlib.suppress(queue.Full):
            self._blocks.put_nowait(None)
        if self._thread is not None:
            self._thread.join(timeout=2)
        self._mic.stop()

    def set_grammar(self, grammar: Grammar) -> None:
        """What can be said from now on (the screen shown changed)."""
        with self._lock:
            self._grammar = grammar

    @property
    def grammar(self) -> Grammar:
        """What can be said now."""
        return self._grammar

    def dictate(self, on: bool) -> None:
        """Listen for free speech (a message) instead of commands."""
        with self._lock:
            self._dictating = on

    def open_window(self) -> None:
        """Press to talk: listen for one command (or one message) after the kiosk is quiet."""
        with self._lock:
            self._window_requested = True

    def close_window(self) -> None:
        """Stop listening for the current press."""
        with self._lock:
            self._window_requested = False
            self._window_until = 0.0

    def wait_until(self, states: set[State], timeout: float = 30) -> bool:
        """Wait until the listener is in one of `states` (for tests and benchmarks)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.state in states:
                return True
            time.sleep(0.02)
        return False

    # --- the thread ---------------------------------------------------------------------

    def _set(self, state: State, problem: Code | None = None) -> None:
        if state != self.state or problem != self.problem:
            self.state, self.problem = state, problem
            self._report(StateChanged(state, problem))

    def _deliver(self, block: bytes) -> None:
        with contextlib.suppress(queue.Full):  # a stalled thread must not stall PortAudio
            self._blocks.put_nowait(block)

    def reload(self, load: Callable[[], Recognizer]) -> None:
        """Use another model from now on (the visitor chose another language)."""
        with self._lock:
            self._load = load
            self._reload = True
        with contextlib.suppress(queue.Full):
            self._blocks.put_nowait(b"")  # wake the thread

    def _load_model(self) -> bool:
        self._set(State.LOADING)
        with self._lock:
            load, self._reload = self._load, False
        self.recognizer = None
        try:
            self.recognizer = load()
        except Exception as error:  # a corrupt model must never take the kiosk down
            log.warning("voice off: %s", error)
            self._set(State.OFF, Code.MODEL)
            return False
        return True

    def _run(self) -> None:
        loaded = self._load_model()
        while self._running:
            if self._reload:
                loaded = self._load_model()
            if not loaded or self.recognizer is None:
                time.sleep(0.1)  # off until another model is asked for
                continue
            try:
                self._mic_lost.clear()
                self._mic.start(self._deliver, self._mic_lost.set)
            except MicProblem as error:
                log.info("no microphone: %s", error)
                self._set(State.OFF, error.code)
                # A microphone may be plugged in later: try again now and then.
                for _ in range(50):
                    if not self._running:
                        return
                    time.sleep(0.1)
                continue
            self._set(State.READY)
            self._listen(self.recognizer)
            self._mic.stop()
            if self._running and not self._reload:
                self._set(State.OFF, Code.MICROPHONE_LOST)

    def _listen(self, recognizer: Recognizer) -> None:
        """Take blocks until the microphone is lost or listening stops."""
        s = self.settings
        floor = s.min_level / 3
        shut_until = 0.0
        preroll: deque[bytes] = deque(maxlen=int(0.3 / BLOCK_SECONDS))
        speaking = False
        warming = False
        dictating = False
        started = last_voice = 0.0
        while self._running and not self._mic_lost.is_set() and not self._reload:
            try:
                block = self._blocks.get(timeout=0.1)
            except queue.Empty:
                block = b""
            if block is None:
                return
            now = time.monotonic()
            if self._gate():
                # The kiosk is making sound: nothing heard now can be the visitor's alone.
                shut_until = now + s.tail
                if speaking:
                    speaking = False
                    recognizer.finish()
                if not warming:
                    warming = True
                    recognizer.begin(self._grammar.for_vosk())
                if block:
                    # Its own voice, as this microphone in this room hears it, is fed to the
                    # recognizer and the result thrown away: the recognizer adapts to the
                    # room and the microphone, and the visitor's first command is heard
                    # better (tests/test_voice_live.py missed first commands without it).
                    recognizer.accept(block)
                preroll.clear()
                continue
            if warming:
                warming = False
                recognizer.finish()
            with self._lock:
                if self._window_requested:
                    self._window_requested = False
                    self._window_until = max(now, shut_until) + s.window
                window = self._window_until
                grammar = self._grammar
                dictation = self._dictating
            if now < shut_until:
                preroll.clear()
                continue
            hands_free = s.mode is Mode.HANDS_FREE
            open_now = hands_free or now < window or speaking
            if not open_now:
                if self.state is State.LISTENING and window:
                    with self._lock:
                        self._window_until = 0.0
                    self._set(State.READY)
                    self._report(NothingSaid())
                preroll.clear()
                continue
            if not hands_free and self.state is State.READY:
                self._set(State.LISTENING)
            if not block and not speaking:
                continue

            level = _rms(block) if block else 0.0
            voiced = level >= max(s.min_level, floor * 3)
            if not speaking:
                if not voiced:
                    floor = 0.95 * floor + 0.05 * level if block else floor
                    preroll.append(block)
                    continue
                speaking, dictating = True, dictation
                started = last_voice = now
                recognizer.begin(None if dictating else grammar.for_vosk())
                if hands_free:
                    self._set(State.LISTENING)
                for earlier in preroll:
                    recognizer.accept(earlier)
                preroll.clear()
            if block:
                recognizer.accept(block)
            if voiced:
                last_voice = now
            quiet = s.dictation_end_silence if dictating else s.end_silence
            longest = s.longest_dictation if dictating else s.longest
            if now - last_voice < quiet and now - started < longest:
                continue
            # The speech has ended (or run too long): what was it?
            speaking = False
            ended = last_voice + BLOCK_SECONDS
            self._set(State.THINKING)
            heard = recognizer.finish()
            if not heard.words and now - started < longest:
                # A cough, a door, an echo: no words at all. Say nothing, keep listening.
                self._set(State.LISTENING if not hands_free and now < window else State.READY)
                continue
            with self._lock:
                self._window_until = 0.0
            if dictating:
                self._report(Dictated(heard.text, ended))
            elif now - started >= longest:
                self._report(NotUnderstood(heard, ended))
            else:
                key = grammar.match(heard)
                self._report(Understood(key, heard, ended) if key else NotUnderstood(heard, ended))
            self._set(State.READY)


def _rms(block: bytes) -> float:
    samples = np.frombuffer(block, dtype=np.int16).astype(np.float32)
    return float(np.sqrt(np.mean(samples * samples))) if len(samples) else 0.0
