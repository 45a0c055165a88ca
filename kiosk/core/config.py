"""The centre's settings, read from `kiosk.toml` in the content folder.

One frozen object, read once. A setting that is missing or wrong falls back to its default
and is reported, so a typo never stops the kiosk from starting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from kiosk.core.engines import RecognitionEngine, SpeechEngine, names
from kiosk.core.fields import Field, check_table
from kiosk.core.files import FileProblem, key_line, read_toml, suggest
from kiosk.core.locale import available, load_pack, unknown_codes
from kiosk.core.problems import Problem

CONFIG_FILE = "kiosk.toml"
PRINTER_ADDRESS = re.compile(r"usb:0x(?P<vendor>[0-9a-f]{4}):0x(?P<product>[0-9a-f]{4})|/.+", re.I)
"""A receipt printer's place: its USB vendor and product ids, or a device file's path."""


class VoiceMode(StrEnum):
    """How listening starts (kiosk.toml `voice_mode`)."""

    PRESS_TO_TALK = "press-to-talk"
    """The talk key (Tab) opens a short listening window, after a tone."""
    HANDS_FREE = "hands-free"
    """The kiosk listens whenever it is quiet itself."""


class TextSize(StrEnum):
    """How big the words are on the kiosk's screen (kiosk.toml `text_size`).

    The installed kiosk's terminal (foot, under cage) is started with the font size this
    names; see `kiosk.system.files.FONT_SIZES`. A kiosk run in another terminal ignores it.
    """

    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


@dataclass(frozen=True)
class SupportContact:
    """Someone a visitor can talk to, shown on the help screen."""

    name: str
    phone: str = ""
    """As it should be dialled or said, e.g. "116 123"; may be empty."""
    hours: str = ""
    """When they can be reached, in words."""
    about: str = ""
    """One short sentence on what they offer."""


@dataclass(frozen=True)
class KioskConfig:
    """Settings from `kiosk.toml`; every field has a sensible default."""

    centre_name: str = "Mutuality"
    """Shown at the top of every screen."""
    welcome: str = "Welcome. Take your time. Nothing about you is kept."
    """The words on the first screen."""
    languages: tuple[str, ...] = ("en",)
    """Language packs offered to visitors (codes such as "en", "ko"); the first is where every
    visit starts, and with more than one, Home offers a choice."""
    country: str = "GB"
    """Two-letter country code, used to understand phone numbers in groups.csv."""
    idle_timeout_seconds: int = 90
    """After this long with no key pressed, the kiosk starts over for the next person."""
    message_limit: int = 500
    """The most characters a visitor's message may have."""
    messages_per_visit: int = 3
    """The most messages one visitor can leave before the kiosk starts over."""
    messages_per_hour: int = 12
    """The most messages the kiosk takes in an hour, from everyone together."""
    rejected_retention_days: int = 30
    """Rejected messages are deleted this many days after they were rejected."""
    speech_volume: int = 7
    """How loud the kiosk speaks for each new visitor, 1 to 10."""
    speech_rate: int = 175
    """How fast the kiosk speaks for each new visitor, in words per minute (110 to 260)."""
    support: tuple[SupportContact, ...] = field(default_factory=tuple)
    """Contacts shown on the help screen, in order."""
    voice_control: bool = True
    """Whether visitors can speak commands (needs a microphone and a speech model)."""
    voice_mode: VoiceMode = VoiceMode.PRESS_TO_TALK
    """How listening starts: with the talk key, or whenever the kiosk is quiet."""
    voice_model: str = ""
    """A folder holding the speech model for the first language, when it is not in the usual
    places (see README); the other languages look in those."""
    voice_engine: RecognitionEngine | None = None
    """What hears the first language, when not the engine its pack names (a `voice_model`
    is a model for this engine); the other languages keep their packs' engines."""
    speech_engine: SpeechEngine | None = None
    """What speaks, when not the engine the first language's pack names."""
    text_size: TextSize = TextSize.MEDIUM
    """How big the words are on the installed kiosk's screen; used at its next start."""
    touch_screen: bool = True
    """Whether screens show buttons to tap; off leaves more room on a kiosk with a keypad."""
    keypad: bool = False
    """Whether visitors have a numeric keypad instead of a keyboard: hints then name its keys
    ("the dot key", not Escape), and leaving a message starts from kind messages chosen by
    number (kiosk/ui/controls.py names each control on each input)."""
    receipt_printer: str = ""
    """Where a receipt printer is, for visitors to print a group's details on a slip: "usb:"
    and its two USB ids as `lsusb` shows them ("usb:0x04b8:0x0e15"), or a device file
    ("/dev/usb/lp0"); "" for none."""

    @property
    def voice_model_path(self) -> Path | None:
        """`voice_model` as a path (with ~ expanded), or None when it is not set."""
        return Path(self.voice_model).expanduser() if self.voice_model else None

    @property
    def language(self) -> str:
        """The language every visit starts in."""
        return self.languages[0]


_FIELDS = (
    Field("centre_name", "text", max_length=60),
    Field("welcome", "text", max_length=200),
    Field("languages", "list"),
    Field("language", "text", max_length=10),  # before "languages" existed: one code
    Field("country", "text", max_length=2),
    Field("idle_timeout_seconds", "int", minimum=20, maximum=3600),
    Field("message_limit", "int", minimum=50, maximum=2000),
    Field("messages_per_visit", "int", minimum=1, maximum=50),
    Field("messages_per_hour", "int", minimum=1, maximum=1000),
    Field("rejected_retention_days", "int", minimum=0, maximum=3650),
    Field("speech_volume", "int", minimum=1, maximum=10),
    Field("speech_rate", "int", minimum=110, maximum=260),
    Field("voice_control", "bool"),
    Field("voice_mode", "text", max_length=20),
    Field("voice_model", "text", max_length=500),
    Field("voice_engine", "text", max_length=40),
    Field("speech_engine", "text", max_length=40),
    Field("text_size", "text", max_length=20),
    Field("touch_screen", "bool"),
    Field("keypad", "bool"),
    Field("receipt_printer", "text", max_length=200),
    Field("support", "list"),  # checked separately below; listed so it is a known key
)
_SUPPORT_FIELDS = (
    Field("name", "text", required=True, max_length=60),
    Field("phone", "text", max_length=30),
    Field("hours", "text", max_length=80),
    Field("about", "text", max_length=200),
)


UNREAD = "The kiosk cannot use any of it"
"""How a problem says kiosk.toml could not be read at all (see `settings_unread`)."""


def settings_unread(problems: list[Problem] | tuple[Problem, ...]) -> bool:
    """True when kiosk.toml was missing or could not be read at all, so nothing in it is used."""
    return any(p.path.name == CONFIG_FILE and UNREAD in p.message for p in problems)


def load_config(content_dir: Path) -> tuple[KioskConfig, list[Problem]]:
    """Read `kiosk.toml`; return the settings (defaults where needed) and any problems."""
    path = content_dir / CONFIG_FILE
    if not path.exists():
        return KioskConfig(), [Problem(path, None, f"kiosk.toml is missing. {UNREAD}.")]
    try:
        data, text = read_toml(path)
    except FileProblem as problem:
        return KioskConfig(), [Problem(path, problem.line, f"{problem.message} {UNREAD}.")]

    problems: list[Problem] = []
    support_raw = data.pop("support", [])
    values, complaints = check_table(data, text, _FIELDS)
    problems += [Problem(path, c.line, c.message) for c in complaints]
    if "country" in values and not re.fullmatch(r"[A-Za-z]{2}", values["country"]):
        problems.append(Problem(path, None, '"country" should be two letters, like "GB".'))
        del values["country"]
    if "country" in values:
        values["country"] = values["country"].upper()
    if "voice_mode" in values:
        try:
            values["voice_mode"] = VoiceMode(values["voice_mode"])
        except ValueError:
            first, second = VoiceMode
            problems.append(
                Problem(
                    path,
                    key_line(text, "voice_mode"),
                    f'"voice_mode" should be "{first}" or "{second}"; "{first}" is used.',
                )
            )
            del values["voice_mode"]

    if "text_size" in values:
        try:
            values["text_size"] = TextSize(values["text_size"].lower())
        except ValueError:
            sizes = ", ".join(f'"{size}"' for size in TextSize)
            problems.append(
                Problem(
                    path,
                    key_line(text, "text_size"),
                    f'"text_size" should be one of {sizes}; "{TextSize.MEDIUM}" is used.',
                )
            )
            del values["text_size"]

    for key, engines in (("voice_engine", RecognitionEngine), ("speech_engine", SpeechEngine)):
        if key in values:
            try:
                values[key] = engines(values[key].lower())
            except ValueError:
                problems.append(
                    Problem(
                        path,
                        key_line(text, key),
                        f'"{key}" should be one of {names(engines)}; the language pack\'s own '
                        "engine is used.",
                    )
                )
                del values[key]

    _languages(values, text, path, problems)
    printer = values.get("receipt_printer", "")
    if printer and not PRINTER_ADDRESS.fullmatch(printer):
        problems.append(
            Problem(
                path,
                key_line(text, "receipt_printer"),
                '"receipt_printer" should be "usb:" and the printer\'s two ids, like '
                '"usb:0x04b8:0x0e15" (`lsusb` shows them), or a device file such as '
                '"/dev/usb/lp0"; no printer is used.',
            )
        )
        del values["receipt_printer"]
    values["support"] = tuple(_support_contacts(support_raw, text, path, problems))
    return KioskConfig(**values), problems


def _languages(values: dict[str, Any], text: str, path: Path, problems: list[Problem]) -> None:
    """Turn `languages`, or `language` (one code, in older files), into known pack codes."""
    single = values.pop("language", None)
    codes = values.get("languages") or ((single.lower(),) if single else ())
    if not codes:
        values.pop("languages", None)
        return
    unknown = unknown_codes(codes)
    if unknown:
        shipped = ", ".join(f'"{code}" ({load_pack(code).name})' for code in available())
        line = key_line(text, "languages") or key_line(text, "language")
        for code in unknown:
            problems.append(
                Problem(
                    path,
                    line,
                    f'There is no language pack for "{code}", so it is left out. The kiosk has: {shipped}.',
                )
            )
    known = tuple(dict.fromkeys(code for code in codes if code not in unknown))
    if known:
        values["languages"] = known
    else:
        values.pop("languages", None)


def _support_contacts(
    raw: Any, text: str, path: Path, problems: list[Problem]
) -> list[SupportContact]:
    """Read the `[[support]]` blocks, reporting (and leaving out) any that are broken."""
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        problems.append(
            Problem(path, None, "Each support contact should start with a [[support]] line.")
        )
        return []
    starts = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "[[support]]"]
    contacts = []
    top_level = [f.key for f in _FIELDS]
    support_keys = {f.key for f in _SUPPORT_FIELDS}
    for index, table in enumerate(raw):
        start = starts[index] if index < len(starts) else 1
        for key in table:
            if key not in support_keys and (key in top_level or suggest(key, top_level)):
                # A setting added at the end of the file lands inside the last [[support]].
                problems.append(
                    Problem(
                        path,
                        key_line(text, key, start),
                        f'"{key}" is inside a [[support]] block. Settings like this go near the '
                        f"top of kiosk.toml, before the first [[support]] line.{suggest(key, top_level)}",
                    )
                )
        known = {k: v for k, v in table.items() if k in support_keys}
        values, complaints = check_table(known, text, _SUPPORT_FIELDS, start_line=start)
        problems += [Problem(path, c.line or start, c.message) for c in complaints]
        unknown = [
            k
            for k in table
            if k not in support_keys and k not in top_level and not suggest(k, top_level)
        ]
        problems += [
            Problem(
                path,
                key_line(text, key, start),
                f'"{key}" is not a setting a support contact has.{suggest(key, support_keys)}',
            )
            for key in unknown
        ]
        # A contact with a name still shows: a typo elsewhere must not hide a crisis line.
        if "name" in values:
            contacts.append(SupportContact(**values))
    return contacts
