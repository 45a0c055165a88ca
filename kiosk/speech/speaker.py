"""The kiosk's voice: how loud and fast, and saying words through the engine at once.

`SpeechBase` holds the visitor's speech settings and the rules every voice follows (the
last thing said can be repeated; nothing is said while speech is off; settings go back to
the centre's defaults for the next visitor). `Speaker` is the real voice: pyttsx3 renders
sentences in its own thread, the first sentence plays while the rest are made, and
recurring prompts are cached. Tests use `FakeSpeaker` (tests.support.fakes), which records.

A voice says what it is given now, cutting off what plays. When to say what (after the
current words, only in quiet) is the speech manager's (kiosk/speech/manager.py), which
everything else talks to.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from kiosk.audio.engine import RATE as ENGINE_RATE
from kiosk.audio.engine import AudioEngine, Event, Pcm, Segment
from kiosk.core.problems import Code
from kiosk.speech.log import SpeechLog
from kiosk.speech.synthesis import EspeakSynthesizer, SpeechUnavailable, Synthesizer
from kiosk.speech.words import sentences, speakable

log = logging.getLogger(__name__)

VOLUME_STEPS = 10
RATES = (110, 130, 150, 175, 200, 230, 260)
"""Speech speeds a visitor can step through, in words per minute."""

CACHE_BYTES = 12_000_000
"""The most the cache of rendered sentences holds (the oldest used goes first): 12 MB of
16-bit samples at 22,050 a second is about 4.5 minutes of speech, room for every screen's
prompts at a few speeds. It is bounded by design and fills in the first minutes of use
(the soak, benchmarks/soak.py, finds it full within about 200 keys), so it is part of the
kiosk's steady memory, never growth."""

_NOTHING: Pcm = np.zeros(0, dtype=np.int16)
"""An empty piece: marks the end of a sentence whose pieces were queued as they were made."""


def tone_samples(rising: bool, seconds: float = 0.15) -> Pcm:
    """Two short notes a fifth apart, softened at the edges so they do not click."""
    notes = (660.0, 990.0) if rising else (990.0, 660.0)
    half = int(ENGINE_RATE * seconds / 2)
    t = np.arange(half, dtype=np.float32) / ENGINE_RATE
    ramp = np.minimum(1.0, np.minimum(t, t[::-1]) / 0.01).astype(np.float32)
    parts = [0.4 * np.sin(2 * np.pi * f * t).astype(np.float32) * ramp for f in notes]
    return (np.concatenate(parts) * 32767).astype(np.int16)


def volume_gain(step: int) -> float:
    """Loudness for a volume step: 3 dB per step, step 10 is full volume."""
    return float(10 ** ((min(max(step, 1), VOLUME_STEPS) - VOLUME_STEPS) * 3 / 20))


def nearest_rate(words_per_minute: int) -> int:
    """The index in RATES closest to `words_per_minute`."""
    return min(range(len(RATES)), key=lambda i: abs(RATES[i] - words_per_minute))


@dataclass(frozen=True)
class SpeechDefaults:
    """Where speech starts for every visitor (from kiosk.toml)."""

    volume: int = 7
    """1 to 10."""
    rate: int = 175
    """Words per minute."""


class Speech(Protocol):
    """A voice: its settings, and words said at once (the speech manager decides when)."""

    enabled: bool
    volume: int
    rate_index: int
    last_text: str
    language: str
    """The voice for anything said without a language of its own (the screen's language)."""

    @property
    def problem(self) -> Code | None:
        """Why the voice is not working (the UI words it), or None."""

    @property
    def speaking(self) -> bool:
        """True while something is being said."""
        ...

    @property
    def paused(self) -> bool:
        """True while speech is paused in its place."""
        ...

    def say(self, text: str, *, language: str | None = None) -> None:
        """Say `text` now, cutting off anything being said."""
        ...

    def say_parts(self, parts: Sequence[tuple[str, str | None]]) -> None:
        """Say several pieces as one utterance, each in its own language (None: `language`)."""
        ...

    def repeat(self) -> None:
        """Say the last thing again."""
        ...

    def stop(self) -> None:
        """Stop talking at once."""
        ...

    def toggle_pause(self) -> bool:
        """Pause or carry on; returns True if now paused."""
        ...

    def change_volume(self, steps: int) -> int:
        """Louder (+1) or quieter (-1); returns the new step."""
        ...

    def change_rate(self, steps: int) -> int:
        """Faster (+1) or slower (-1); returns the new index into RATES."""
        ...

    def set_enabled(self, enabled: bool, announcement: str) -> None:
        """Turn speech on or off, saying `announcement` either way."""
        ...

    def prepare(self, texts: Sequence[str], *, language: str | None = None) -> None:
        """Make recurring prompts ready in advance, so they sound at once later."""
        ...

    def reset(self) -> None:
        """Stop, and put volume, speed and speech on/off back to the defaults."""
        ...

    def tone(self, rising: bool) -> None:
        """A short tone: rising when the kiosk starts listening, falling when it stops."""
        ...

    def close(self) -> None:
        """Stop for good."""
        ...


class SpeechBase:
    """The rules every voice keeps; subclasses make the sound (or record it)."""

    def __init__(self, language: str, defaults: SpeechDefaults) -> None:
        self.language = language
        self.defaults = defaults
        self.volume = defaults.volume
        self.rate_index = nearest_rate(defaults.rate)
        self.enabled = True
        self.last_text = ""
        self.last_language: str | None = None
        self.last_parts: list[tuple[str, str]] = []
        """The last utterance, piece by piece, with the language each was said in."""
        self._speech_problem: Code | None = None
        """espeak-ng failed (the voice itself, not the sound device)."""
        self._paused = False

    @property
    def rate(self) -> int:
        """Words per minute now."""
        return RATES[self.rate_index]

    @property
    def paused(self) -> bool:
        """True while speech is paused in its place."""
        return self._paused

    @property
    def problem(self) -> Code | None:
        """Why the voice is not working (the UI words it), or None."""
        return self._speech_problem

    @property
    def speaking(self) -> bool:
        """True while something is being said."""
        raise NotImplementedError

    def say(self, text: str, *, language: str | None = None) -> None:
        """Say `text` now (decoration removed), cutting off anything being said."""
        self.say_parts([(text, language)])

    def say_parts(self, parts: Sequence[tuple[str, str | None]]) -> None:
        """Say several pieces as one utterance, each in its own language (None: `language`).

        The language is settled now, so a repeat sounds the same after the screen's
        language has changed. Nothing to say (decoration only) cuts nothing off.
        """
        spoken = [
            (words, language or self.language)
            for text, language in parts
            if (words := speakable(text))
        ]
        if spoken:
            self.last_parts = spoken
            self.last_text = " ".join(words for words, _ in spoken)
            self.last_language = spoken[0][1]
            self._say_now()

    def repeat(self) -> None:
        """Say the last thing again."""
        if self.last_parts:
            self._say_now()

    def _say_now(self) -> None:
        if not self.enabled:
            return
        self._paused = False
        if len(self.last_parts) == 1:
            self._speak(*self.last_parts[0])
        else:
            self._speak_parts(self.last_parts)

    def stop(self) -> None:
        """Stop talking at once."""
        self._paused = False
        self._stop()

    def toggle_pause(self) -> bool:
        """Pause what is being said, keeping the place, or carry on."""
        if not self.speaking:
            self._paused = False
            return False
        self._paused = not self._paused
        self._pause(self._paused)
        return self._paused

    def change_volume(self, steps: int) -> int:
        """Step the volume within 1..10."""
        self.volume = min(max(self.volume + steps, 1), VOLUME_STEPS)
        self._apply()
        return self.volume

    def change_rate(self, steps: int) -> int:
        """Step the speed within RATES."""
        self.rate_index = min(max(self.rate_index + steps, 0), len(RATES) - 1)
        return self.rate_index

    def set_enabled(self, enabled: bool, announcement: str) -> None:
        """Turn speech on or off; the change is said either way (row I4)."""
        if enabled:
            self.enabled = True
            self.say(announcement)
        else:
            self.say(announcement)  # said in full, then nothing more until it is back on
            self.enabled = False

    def prepare(self, texts: Sequence[str], *, language: str | None = None) -> None:
        """Nothing to prepare unless the voice caches."""

    def reset(self) -> None:
        """Back to the defaults for the next visitor (rows S9, S12)."""
        self.stop()
        self.volume = self.defaults.volume
        self.rate_index = nearest_rate(self.defaults.rate)
        self.enabled = True
        self.last_text, self.last_language, self.last_parts = "", None, []
        self._apply()

    def close(self) -> None:
        """Stop for good."""
        self.stop()

    def tone(self, rising: bool) -> None:
        """A short tone (cuts off speech; plays even with the voice turned off)."""
        self._tone(rising)

    # What subclasses do.
    def _tone(self, rising: bool) -> None:
        raise NotImplementedError

    def _speak(self, words: str, language: str) -> None:
        raise NotImplementedError

    def _speak_parts(self, parts: Sequence[tuple[str, str]]) -> None:
        """Say pieces in several languages.

        A voice with one language at a time says them all in the first piece's language.
        """
        self._speak(" ".join(words for words, _ in parts), parts[0][1])

    def _stop(self) -> None:
        raise NotImplementedError

    def _pause(self, paused: bool) -> None:
        raise NotImplementedError

    def _apply(self) -> None:
        """Apply the volume to the sound."""


@dataclass
class _Job:
    utterance: int
    sentences: list[tuple[str, str]]
    """Each sentence with the language it is said in."""
    rate: int
    warm: bool = False
    done: Callable[[], None] | None = field(default=None, repr=False)


class Speaker(SpeechBase):
    """The real voice: pyttsx3 in its own thread, played through the audio engine."""

    def __init__(
        self,
        engine: AudioEngine,
        language: str,
        defaults: SpeechDefaults,
        *,
        synthesizer: Callable[[], Synthesizer] = EspeakSynthesizer,
        speech_log: SpeechLog | None = None,
        cache_bytes: int = CACHE_BYTES,
    ) -> None:
        super().__init__(language, defaults)
        self.engine = engine
        self._make_synthesizer = synthesizer
        self._log = speech_log
        self._cache: OrderedDict[tuple[str, str, int], Pcm] = OrderedDict()
        self._cache_bytes = 0
        self._cache_limit = cache_bytes
        self._cache_lock = threading.Lock()
        """The screen's thread reads the cache; the speech thread fills it."""
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._lock = threading.Lock()
        self._next = 0
        self._current = 0
        self._texts: dict[int, str] = {}
        self._apply()
        self._tts = threading.Thread(target=self._run_tts, name="speech", daemon=True)
        self._tts.start()
        self._events = threading.Thread(target=self._run_events, name="speech-log", daemon=True)
        self._events.start()

    @property
    def problem(self) -> Code | None:
        """Why the voice cannot be heard: espeak-ng failed, or there is no sound device.

        Without a device the words are still made, so only the engine knows nothing is heard:
        the sound check and the top bar must not say the voice is working (issue 11.9, 11.10).
        """
        if self._speech_problem is None and self.engine.problem is not None:
            return Code.SOUND
        return self._speech_problem

    @property
    def speaking(self) -> bool:
        """True while an utterance is being said or made ready."""
        return self.engine.speaking

    def _speak(self, words: str, language: str) -> None:
        self._speak_parts([(words, language)])

    def _tone(self, rising: bool) -> None:
        with self._lock:
            self._next += 1
            utterance = self._current = self._next
            self._texts[utterance] = "(tone)"
        cut = self.engine.begin_utterance(utterance)
        if cut:
            self.engine.events.put(Event("interrupted", cut))
        self.engine.add_speech(Segment(utterance, tone_samples(rising), last=True))

    def _speak_parts(self, parts: Sequence[tuple[str, str]]) -> None:
        with self._lock:
            self._next += 1
            utterance = self._current = self._next
            self._texts[utterance] = " ".join(words for words, _ in parts)
        cut = self.engine.begin_utterance(utterance)
        if cut:
            self.engine.events.put(Event("interrupted", cut))
        chunks = [
            (sentence, language) for words, language in parts for sentence in sentences(words)
        ]
        if chunks:
            ready = self._cached(*chunks[0], self.rate)
            if ready is not None:
                # Made before: queued from this thread, at once. Handed to the speech thread,
                # it waited for the interpreter's lock behind the screen's own work.
                self.engine.add_speech(Segment(utterance, ready, last=len(chunks) == 1))
                chunks = chunks[1:]
                if not chunks:
                    return
        self._jobs.put(_Job(utterance, chunks, self.rate))

    def _stop(self) -> None:
        self._current = 0
        cut = self.engine.stop_speech()
        if cut:
            self.engine.events.put(Event("interrupted", cut))

    def _pause(self, paused: bool) -> None:
        self.engine.pause_speech(paused)

    def _apply(self) -> None:
        self.engine.gain = volume_gain(self.volume)

    def prepare(self, texts: Sequence[str], *, language: str | None = None) -> None:
        """Render prompts into the cache when the voice is otherwise idle."""
        lang = language or self.language
        chunks = [(s, lang) for text in texts for s in sentences(speakable(text))]
        self._jobs.put(_Job(0, chunks, self.rate, warm=True))

    def wait_until_ready(self, timeout: float = 10) -> None:
        """Wait until every queued job has been rendered (for tests and benchmarks)."""
        done = threading.Event()
        self._jobs.put(_Job(0, [], self.rate, warm=True, done=done.set))
        done.wait(timeout)

    def close(self) -> None:
        """Stop talking, end the voice's threads, and close the engine (the voice owns it)."""
        self.stop()
        self._jobs.put(None)
        self.engine.events.put(Event("closed"))
        self.engine.close()
        # pyttsx3 hands every caller in the process the same espeak engine while one lives:
        # wait until this voice's thread has let go of it, so the next user has it alone.
        self._tts.join(timeout=5)

    # --- the speech thread ----------------------------------------------------------------

    def _run_tts(self) -> None:
        # Open the output now, off the screen's thread: a sound server can take a second to
        # start a stream, and the first prompt should not wait for that.
        self.engine.ensure_running()
        try:
            synth = self._make_synthesizer()
        except SpeechUnavailable as error:
            log.warning("no speech: %s", error)
            self._speech_problem = Code.SPEECH
            synth = None
        while (job := self._jobs.get()) is not None:
            if synth is None:
                self._give_up(job.utterance)
            elif job.warm:
                self._warm(synth, job)
            else:
                self._render(synth, job)
            if job.done:
                job.done()

    def _warm(self, synth: Synthesizer, job: _Job) -> None:
        for index, (text, language) in enumerate(job.sentences):
            if not self._jobs.empty():
                # A visitor is waiting for speech: that comes first; finish warming later.
                self._jobs.put(_Job(0, job.sentences[index:], job.rate, warm=True))
                return
            try:
                if (text, language, job.rate) not in self._cache:
                    self._make(synth, text, language, job.rate)
            except Exception as error:
                log.warning("could not prepare speech: %s", error)
                return

    def _render(self, synth: Synthesizer, job: _Job) -> None:
        count = len(job.sentences)
        for index, (sentence, language) in enumerate(job.sentences):
            if job.utterance != self._current:
                return  # cut off by something newer: don't waste time on it
            last = index == count - 1
            cached = self._cached(sentence, language, job.rate)
            if cached is not None:
                self.engine.add_speech(Segment(job.utterance, cached, last))
                continue
            try:
                samples = self._make(synth, sentence, language, job.rate, job.utterance)
            except Exception as error:  # espeak failing mid-way must not stop the kiosk
                log.warning("speech failed: %s", error)
                self._speech_problem = Code.SPEECH
                self._give_up(job.utterance)
                return
            if samples is None:
                return  # cut off while it was being made
            self._speech_problem = None
            # Its pieces are queued already (or, from a synthesizer that hands over no
            # pieces, the whole is queued now); this marks where the sentence ends.
            self.engine.add_speech(Segment(job.utterance, _NOTHING, last))
        if not count:
            self._give_up(job.utterance)

    def _give_up(self, utterance: int) -> None:
        """End an utterance that will make no sound, and forget its words.

        The engine will never say it ended, so nothing else would: kept, they would pile up
        for as long as the voice is broken, one entry for every key.
        """
        self.engine.end_utterance(utterance)
        self._texts.pop(utterance, None)

    def _cached(self, text: str, language: str, rate: int) -> Pcm | None:
        """A sentence made before, if the cache still has it (from any thread)."""
        key = (text, language, rate)
        with self._cache_lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
        return cached

    def _make(
        self, synth: Synthesizer, text: str, language: str, rate: int, utterance: int = 0
    ) -> Pcm | None:
        """Render a sentence into the cache; for `utterance`, queue each piece as it is made.

        The first piece is heard while espeak-ng makes the rest (issue 14: a 40-word
        sentence starts as soon as a short one). Returns None if the utterance was cut off
        meanwhile: what was made is not kept, since it is not the whole sentence.
        """
        queued = 0

        def piece(samples: Pcm) -> bool:
            nonlocal queued
            if utterance != self._current:
                return False
            self.engine.add_speech(Segment(utterance, samples, last=False))
            queued += len(samples)
            return True

        samples = synth.synthesize(text, language, rate, pieces=piece if utterance else None)
        if samples is None:
            return None
        if utterance and not queued:
            self.engine.add_speech(Segment(utterance, samples, last=False))
        with self._cache_lock:
            self._cache[(text, language, rate)] = samples
            self._cache_bytes += samples.nbytes
            while self._cache_bytes > self._cache_limit and len(self._cache) > 1:
                _, dropped = self._cache.popitem(last=False)
                self._cache_bytes -= dropped.nbytes
        return samples

    def is_cached(self, text: str, *, language: str | None = None) -> bool:
        """True when every sentence of `text` is ready to play at the current speed."""
        lang = language or self.language
        return all((s, lang, self.rate) in self._cache for s in sentences(speakable(text)))

    # --- the log thread -------------------------------------------------------------------

    def _run_events(self) -> None:
        while (event := self.engine.events.get()).kind != "closed":
            if event.kind in ("spoken", "interrupted"):
                text = self._texts.pop(event.utterance, None)
                if text is not None and self._log is not None:
                    self._log.write(text, "finished" if event.kind == "spoken" else "interrupted")
            elif event.kind == "device-lost":
                log.warning("the sound device went away")
