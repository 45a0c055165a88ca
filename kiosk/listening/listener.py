"""The listener: microphone in, commands out, in a thread of its own.

The microphone is read with sounddevice at 16 kHz mono; its callback only copies the block
and queues it. One thread loads the recognizer (in the background, so the kiosk works by
keys at once), then takes blocks from the queue, asks the endpointer (endpoint.py) where
speech starts and ends, and asks the recognizer (recognizers/) what was said.

Listening is shut while the kiosk makes any sound of its own and for a short tail after,
so it never obeys its own voice (`gate`, and endpoint.py for how).
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.audio.microphone import MicProblem, Microphone
from kiosk.core.problems import Code
from kiosk.listening.endpoint import (
    Action,
    Begin,
    Discard,
    Endpointer,
    Feed,
    Judge,
    Report,
    SetState,
    Window,
    WindowEmpty,
)
from kiosk.listening.endpoint import Settings as Settings
from kiosk.listening.endpoint import State as State
from kiosk.listening.grammar import Grammar, Heard
from kiosk.listening.recognizers import Recognizer

log = logging.getLogger(__name__)


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


# --- the listener -----------------------------------------------------------------------


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
        # What the talk key asked since the thread last looked; the endpointer keeps the rest.
        self._window: Window | None = None
        self._endpointer = Endpointer(self.settings)
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

    def restart(self) -> None:
        """Listen afresh, as after the microphone opens (the benchmark, between clips)."""
        self._endpointer.restart(self.settings)

    def open_window(self) -> None:
        """Press to talk: listen for one command (or one message) after the kiosk is quiet."""
        with self._lock:
            self._window = Window.OPEN

    def close_window(self) -> None:
        """Stop listening for the current press."""
        with self._lock:
            self._window = Window.CLOSE

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
        """Take blocks until the microphone is lost or listening stops; do as the endpointer says."""
        self.restart()
        while self._running and not self._mic_lost.is_set() and not self._reload:
            try:
                block = self._blocks.get(timeout=0.1)
            except queue.Empty:
                block = b""  # no block in time: the end of speech is still looked for
            if block is None:
                return
            self.step(time.monotonic(), block, recognizer)

    def step(self, now: float, block: bytes, recognizer: Recognizer) -> None:
        """One microphone block taken at `now`: endpoint it, recognise, report.

        The listening thread calls this for each block; the voice benchmark calls it with
        the blocks of a recorded clip, so what it measures is this decision, not a copy.
        """
        gate = self._gate()
        with self._lock:
            window, self._window = self._window, None
            grammar = self._grammar
            dictation = self._dictating
        actions = self._endpointer.step(now, block, gate=gate, dictation=dictation, window=window)
        for action in actions:
            self._carry_out(action, recognizer, grammar)

    def _carry_out(self, action: Action, recognizer: Recognizer, grammar: Grammar) -> None:
        """Do one thing the endpointer asked, with the grammar of the screen shown now."""
        if isinstance(action, Begin):
            recognizer.begin(None if action.free else grammar.listen_for())
        elif isinstance(action, Feed):
            for block in action.blocks:
                recognizer.accept(block)
        elif isinstance(action, Discard):
            recognizer.finish()  # speech the kiosk's own sound cut off
        elif isinstance(action, SetState):
            self._set(action.state)
        elif isinstance(action, WindowEmpty):
            self._report(NothingSaid())
        else:  # Judge: the speech has ended
            heard = recognizer.finish()
            for verdict in self._endpointer.judged(bool(heard.words)):
                if isinstance(verdict, Report):
                    self._report(_what_was_said(action, heard, grammar))
                else:
                    self._set(verdict.state)


def _what_was_said(judge: Judge, heard: Heard, grammar: Grammar) -> VoiceEvent:
    """A message, a command, or speech that is not one of the things that can be said here."""
    if judge.dictating:
        return Dictated(heard.text, judge.ended_at)
    if judge.too_long:
        return NotUnderstood(heard, judge.ended_at)  # a stream of sound, not a command
    key = grammar.match(heard)
    if key:
        return Understood(key, heard, judge.ended_at)
    return NotUnderstood(heard, judge.ended_at)
