"""Language packs: every word a visitor sees or hears, and every voice command word.

One TOML file per language in `kiosk/core/locales/` (`en.toml`, `ko.toml`). A pack names the
engines that speak it and hear it (kiosk/core/engines.py), its voice and its speech model. Screens never hold visitor words in code: they ask the
current pack, `pack.t("home.title")`, so a translator edits one file and nothing else.

A key missing from a pack falls back to English, so a half-finished translation still works;
`tests/ui/test_locales.py` makes sure the shipped packs have every key.
"""

from __future__ import annotations

import logging
import string
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any, TypeVar

from kiosk.core.engines import RecognitionEngine, SpeechEngine, names
from kiosk.core.paths import on_disk

log = logging.getLogger(__name__)

LOCALES_DIR = on_disk(files("kiosk.core") / "locales")
FALLBACK = "en"
E = TypeVar("E", RecognitionEngine, SpeechEngine)


class PackProblem(Exception):
    """A language pack that cannot be read, in plain words."""


@dataclass(frozen=True)
class Pack:
    """One language: its words, its voice, its speech-recognition model."""

    code: str
    """Language code, such as "en" or "ko"; also the pack's file name."""
    name: str
    """The language's own name for itself, such as "한국어"."""
    voice: str
    """The voice that speaks it (an espeak-ng voice, for the espeak-ng engine)."""
    model: str
    """The official speech model for it (for Vosk, a name from the Vosk model list), or ""."""
    model_package: str
    """A Python package that carries a speech model in its `model/` folder, or ""."""
    strings: Mapping[str, str]
    """Every word shown or said, by dotted key: "home.title"."""
    commands: Mapping[str, tuple[str, ...]]
    """Voice command words, by command name: "back" -> ("back", "go back")."""
    numbers: tuple[tuple[str, ...], ...]
    """Words said for the option numbers 1 to 9, in order."""
    fillers: tuple[str, ...] = ()
    """Everyday words that are not commands: they give speech that is not a command
    somewhere to land, so it is not forced onto the nearest command."""
    engine: RecognitionEngine = RecognitionEngine.VOSK
    """What hears it (`[voice] engine`); kiosk.toml's `voice_engine` may name another."""
    speech_engine: SpeechEngine = SpeechEngine.ESPEAK_NG
    """What speaks it (`[pack] speech_engine`); kiosk.toml's `speech_engine` may name another."""
    fallback: Pack | None = field(default=None, repr=False)

    def t(self, key: str, /, **values: Any) -> str:
        """The words for `key`, with `{name}` fields filled in from `values`."""
        text = self.strings.get(key)
        if text is None:
            if self.fallback is not None:
                log.warning("pack %s has no %r; using %s", self.code, key, self.fallback.code)
                return self.fallback.t(key, **values)
            raise KeyError(key)
        return text.format(**values) if values else text

    def count(self, key: str, count: int, /, **values: Any) -> str:
        """Words for a number of things: `key.one` for 1, else `key.other`; `{count}` is filled.

        Two forms cover the languages shipped (Korean uses the same words for both).
        """
        form = "one" if count == 1 else "other"
        return self.t(f"{key}.{form}", count=count, **values)

    def has(self, key: str) -> bool:
        """Whether this pack (or its fallback) has `key`."""
        return key in self.strings or (self.fallback is not None and self.fallback.has(key))

    def words_for(self, command: str) -> tuple[str, ...]:
        """The words that say `command` (its English words if this pack has none)."""
        words = self.commands.get(command)
        if not words and self.fallback is not None:
            return self.fallback.words_for(command)
        return words or ()


def english() -> Pack:
    """The English pack: staff screens, and the fallback for every other pack."""
    return load_pack(FALLBACK)


def unknown_codes(codes: Iterable[str]) -> list[str]:
    """The codes in `codes` that have no language pack."""
    shipped = set(available())
    return [code for code in codes if code not in shipped]


def available() -> list[str]:
    """Codes of the packs shipped with the kiosk, English first."""
    codes = sorted(p.stem for p in LOCALES_DIR.glob("*.toml"))
    return sorted(codes, key=lambda code: code != FALLBACK)


@cache
def load_pack(code: str) -> Pack:
    """Read the pack for `code`; PackProblem says what is wrong with it in plain words."""
    path = LOCALES_DIR / f"{code}.toml"
    if not path.is_file():
        raise PackProblem(
            f'There is no language pack for "{code}". The kiosk has: {", ".join(available())}.'
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise PackProblem(f"The language pack {path.name} cannot be read: {error}") from error
    about = data.get("pack", {})
    voice_info = data.get("voice", {})
    fallback = None if code == FALLBACK else load_pack(FALLBACK)
    strings = _flatten(data.get("words", {}))
    for key, text in strings.items():
        _check_fields(path.name, key, text)
    return Pack(
        code=code,
        name=str(about.get("name", code)),
        voice=str(about.get("voice", code)),
        model=str(voice_info.get("model", "")),
        model_package=str(voice_info.get("model_package", "")),
        strings=strings,
        commands={
            name: tuple(str(w) for w in words)
            for name, words in voice_info.get("commands", {}).items()
        },
        numbers=tuple(tuple(str(w) for w in n) for n in voice_info.get("numbers", [])),
        fillers=tuple(str(w) for w in voice_info.get("fillers", [])),
        engine=_engine(path.name, "[voice] engine", RecognitionEngine, voice_info),
        speech_engine=_engine(path.name, "[pack] speech_engine", SpeechEngine, about),
        fallback=fallback,
    )


def _engine(file: str, where: str, engines: type[E], table: Mapping[str, Any]) -> E:
    """The engine a pack names (`table`'s "engine" or "speech_engine"), or the first there is."""
    key = where.rsplit(" ", 1)[-1]
    name = table.get(key)
    if name is None:
        return next(iter(engines))
    try:
        return engines(name)
    except ValueError:
        raise PackProblem(
            f"{file}: {where} is {name!r}, which the kiosk does not have; it has {names(engines)}."
        ) from None


def field_names(text: str) -> set[str]:
    """The `{name}` fields a string expects."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _check_fields(file: str, key: str, text: str) -> None:
    try:
        field_names(text)
    except ValueError as error:
        raise PackProblem(f"{file}: {key} has a broken {{field}}: {error}") from error


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """{"home": {"title": "Welcome"}} -> {"home.title": "Welcome"}."""
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = str(value)
    return flat
