"""Vosk (Kaldi): the recognizer, and checking and installing its models.

A screen's phrases become Vosk's grammar (a JSON list of phrases), so Vosk only ever picks
among them; a message is heard with no grammar. Installing downloads the official archive
named in the pack, checks its MD5 against the official model list, unpacks it beside the
target and only then moves it into place, so a failed or partial download never leaves a
broken model where the kiosk looks.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.audio.microphone import RATE
from kiosk.core.locale import Pack
from kiosk.listening.grammar import Heard
from kiosk.listening.recognizers import ModelProblem, Progress, Recognizer, Word

log = logging.getLogger(__name__)

MODEL_LIST_URL = "https://alphacephei.com/vosk/models/model-list.json"
"""The official list of Vosk models: name, url, md5 and size of each archive."""

REQUIRED = ("am/final.mdl", "conf/model.conf")
"""Files every Vosk model has; a folder without them is not a model."""
GRAPH = ("graph/HCLG.fst", "graph/HCLr.fst")
"""A model has one of these decoding graphs."""

LOAD_SECONDS = 120.0
"""Longest a model may take to load for `try_loading` (a big one takes a minute on a slow box)."""

_LOAD = "import sys, vosk; vosk.SetLogLevel(-1); vosk.Model(sys.argv[1])"

CHUNK_SAMPLES = 8000
"""Half a second of audio at a time into Vosk when transcribing, as from a microphone."""
_MARK = re.compile(r"\[[^\]]*\]|<[^>]*>")


def heard(result: str) -> Heard:
    """Read a Vosk result (JSON, with SetWords(True))."""
    data = json.loads(result or "{}")
    words = data.get("result")
    if words:
        return Heard(tuple((str(w["word"]), float(w.get("conf", 1.0))) for w in words))
    text = str(data.get("text", ""))
    return Heard(tuple((word, 1.0) for word in text.split()))


class VoskRecognizer:
    """Vosk with a loaded model: one recognizer for commands, one for dictation."""

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

    def begin(self, phrases: Sequence[str] | None) -> None:
        """Start an utterance: among `phrases` (as Vosk's JSON grammar), or free speech."""
        if phrases is None:
            if self._free is None:
                self._free = self._vosk.KaldiRecognizer(self._model, RATE)
                self._free.SetWords(True)
            self._current = self._free
        else:
            self._commands.SetGrammar(json.dumps(list(phrases), ensure_ascii=False))
            self._current = self._commands
        self._current.Reset()
        self._parts = []

    def accept(self, audio: bytes) -> None:
        """Feed audio; keep any piece Vosk has already closed off."""
        if self._current.AcceptWaveform(audio):
            self._parts.append(heard(self._current.Result()))

    def finish(self) -> Heard:
        """Everything heard in the utterance."""
        self._parts.append(heard(self._current.FinalResult()))
        words = tuple(w for part in self._parts for w in part.words)
        self._parts = []
        return Heard(words)


def words_of(result: str) -> list[Word]:
    """The timed words in one Vosk result (JSON, with SetWords(True)).

    Tokens in brackets ("[unk]", and the Korean model's "[4]") are the model's marks for a
    sound it has no word for: nothing staff could keep, so they are left out.
    """
    data: dict[str, Any] = json.loads(result or "{}")
    return [
        Word(str(w["word"]).strip(), float(w["start"]), float(w["end"]))
        for w in data.get("result") or []
        if str(w.get("word", "")).strip() and not _MARK.fullmatch(str(w["word"]).strip())
    ]


class VoskTranscribing:
    """One loaded Vosk model, heard without a grammar and with word timings on."""

    def __init__(self, model_path: Path) -> None:
        import vosk

        vosk.SetLogLevel(-1)  # Kaldi's own chatter is no use to staff
        try:
            self._model = vosk.Model(str(model_path))
        except Exception as error:  # vosk raises a bare Exception for a broken model
            raise ModelProblem(f"the speech model in {model_path} could not be loaded") from error
        self._vosk = vosk

    def words(self, pcm: bytes, progress: Callable[[float], None] | None = None) -> list[Word]:
        """Every word in `pcm`, fed half a second at a time."""
        recognizer = self._vosk.KaldiRecognizer(self._model, RATE)
        recognizer.SetWords(True)
        words: list[Word] = []
        step = CHUNK_SAMPLES * 2  # two bytes a sample
        for offset in range(0, len(pcm), step):
            if recognizer.AcceptWaveform(pcm[offset : offset + step]):
                words += words_of(recognizer.Result())
            if progress is not None:
                progress(min(1.0, (offset + step) / len(pcm)))
        words += words_of(recognizer.FinalResult())
        return words


def check_model(path: Path) -> str | None:
    """What is wrong with the model folder at `path`, or None if it looks whole.

    This checks the files without loading them; loading still copes with a model that
    passes here but will not load.
    """
    if not path.is_dir():
        return f"{path} is not a folder."
    missing = [name for name in REQUIRED if not (path / name).is_file()]
    if missing:
        return f"{path} is not a whole Vosk model: {', '.join(missing)} is missing."
    if not any((path / name).is_file() for name in GRAPH):
        return f"{path} is not a whole Vosk model: it has no graph folder."
    empty = [
        name
        for name in (*REQUIRED, *GRAPH)
        if (path / name).is_file() and not (path / name).stat().st_size
    ]
    if empty:
        return f"{path} is damaged: {', '.join(empty)} is empty."
    return None


def try_loading(path: Path, timeout: float = LOAD_SECONDS) -> str | None:
    """What stops Vosk loading the model at `path`, or None if it loads.

    Files that are all there can still be junk, so staff are told "ready" only once the
    model has loaded as the kiosk will load it. That happens in a child process: a broken
    model can crash Kaldi outright, and its complaints go to the child's stderr, not here.
    """
    try:
        loaded = subprocess.run(
            [sys.executable, "-c", _LOAD, str(path)],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return f"Vosk could not load it within {timeout:.0f} seconds ({path})."
    except OSError as error:
        return f"Vosk could not be started to try it: {error}."
    if loaded.returncode == 0:
        return None
    if b"No module named 'vosk'" in loaded.stderr:
        return "Vosk is not installed, so no model can be used."
    return f"{path} is damaged: Vosk could not load it."


@dataclass(frozen=True)
class Archive:
    """One official model archive."""

    name: str
    url: str
    md5: str


def look_up(name: str, list_url: str = MODEL_LIST_URL, timeout: float = 20) -> Archive:
    """Find `name` in the official model list."""
    try:
        with urllib.request.urlopen(list_url, timeout=timeout) as reply:
            entries = json.load(reply)
    except (OSError, ValueError) as error:
        raise ModelProblem(
            f"The list of models at {list_url} could not be read: {error}"
        ) from error
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and entry.get("name") == name:
            url, md5 = entry.get("url"), entry.get("md5")
            if isinstance(url, str) and isinstance(md5, str):
                return Archive(name, url, md5.lower())
    raise ModelProblem(f"The model {name} is not in the list of models at {list_url}.")


def install(
    pack: Pack,
    target: Path,
    *,
    source: str | None = None,
    progress: Progress | None = None,
    timeout: float = 60,
) -> None:
    """Download, check and unpack `pack`'s model (from the list at `source`) into `target`.

    Nothing at `target` changes unless the new model arrived whole and checks out.
    """
    archive = look_up(pack.model, source or MODEL_LIST_URL, timeout)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".install-{pack.code}-", dir=target.parent) as work:
        download = Path(work) / "model.zip"
        _download(archive, download, progress, timeout)
        unpacked = Path(work) / "unpacked"
        model = _unpack(download, unpacked)
        problem = check_model(model)
        if problem:
            raise ModelProblem(f"The downloaded model is not usable: {problem}")
        old = Path(work) / "old"
        if target.exists():
            target.replace(old)  # same file system: both moves are atomic
        model.replace(target)
        shutil.rmtree(old, ignore_errors=True)
    log.info("installed %s as %s", archive.name, target)


def _download(archive: Archive, into: Path, progress: Progress | None, timeout: float) -> None:
    digest = hashlib.md5(usedforsecurity=False)
    got = 0
    try:
        with urllib.request.urlopen(archive.url, timeout=timeout) as reply, into.open("wb") as out:
            total = int(reply.headers.get("Content-Length") or 0)
            while chunk := reply.read(1 << 16):
                out.write(chunk)
                digest.update(chunk)
                got += len(chunk)
                if progress is not None:
                    progress(got, total)
            out.flush()
            os.fsync(out.fileno())
    except OSError as error:
        raise ModelProblem(f"Downloading {archive.url} failed: {error}") from error
    if total and got != total:
        raise ModelProblem(f"The download of {archive.name} stopped after {got} of {total} bytes.")
    if digest.hexdigest() != archive.md5:
        raise ModelProblem(
            f"The download of {archive.name} is not the official file (its checksum differs), "
            "so it was not installed."
        )


def _unpack(archive: Path, into: Path) -> Path:
    """Unpack a zip archive and return the model folder inside it."""
    try:
        with zipfile.ZipFile(archive) as zipped:
            for member in zipped.namelist():
                # Refuse anything that would land outside the folder ("zip slip").
                if member.startswith("/") or ".." in Path(member).parts:
                    raise ModelProblem(f"The archive has an unsafe path in it: {member}")
            zipped.extractall(into)
    except (zipfile.BadZipFile, OSError) as error:
        raise ModelProblem(f"The downloaded archive cannot be unpacked: {error}") from error
    if (into / REQUIRED[0]).exists():
        return into
    folders = [p for p in into.iterdir() if p.is_dir()]
    if len(folders) == 1:
        return folders[0]
    raise ModelProblem("The downloaded archive does not hold one model folder.")


class Vosk:
    """The Vosk engine, as kiosk/listening/recognizers/__init__.py's `Engine` asks."""

    def load(self, model: Path) -> Recognizer:
        """A Vosk recognizer with the model at `model`."""
        return VoskRecognizer(model)

    def transcriber(self, model: Path) -> VoskTranscribing:
        """The model at `model`, to hear whole recordings."""
        return VoskTranscribing(model)

    def check(self, model: Path) -> str | None:
        """The model's files, whole or not."""
        return check_model(model)

    def try_loading(self, model: Path) -> str | None:
        """The model, loaded by Vosk in a child process."""
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
        """The official archive named in the pack, from Vosk's model list (or `source`'s)."""
        install(pack, target, source=source, progress=progress, timeout=timeout)


ENGINE = Vosk()
"""What kiosk.listening.recognizers.engine("vosk") gives."""
