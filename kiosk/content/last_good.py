"""The last good settings, kept in the data folder, for when kiosk.toml cannot be used.

A curly quote typed into kiosk.toml by a word processor, or a content folder on a network
share that drops, used to leave the kiosk on its default settings: the centre's name gone,
and Help and the crisis screen with no support contacts (issue 11.4). Each time kiosk.toml
is read well, its settings are written to `last-good-settings.json` in the data folder; when
it cannot be read, or the folder is not there, those are used instead, at start and while
running, and a problem says so for staff (`kiosk check`, staff mode).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import logging
import os
from pathlib import Path
from typing import Any

from kiosk.content import Content
from kiosk.core.config import CONFIG_FILE, KioskConfig, SupportContact, VoiceMode, settings_unread
from kiosk.core.paths import private_file
from kiosk.core.problems import Problem

log = logging.getLogger(__name__)

FILE = "last-good-settings.json"


def remember(
    config: KioskConfig, data_dir: Path, today: dt.date, folder: Path | None = None
) -> None:
    """Keep `config` as the last good settings (written whole, or not at all).

    `folder` is the content folder they were read from: a folder missing when the kiosk
    starts is one that dropped (go on with these) only if it is the one named here.
    """
    record: dict[str, Any] = {"saved": today.isoformat(), "settings": dataclasses.asdict(config)}
    if folder is not None:
        record["folder"] = str(folder.absolute())
    target = data_dir / FILE
    partial = data_dir / f".{FILE}.partial"
    try:
        private_file(partial)
        with partial.open("w", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False, indent=1))
            out.flush()
            os.fsync(out.fileno())
        partial.replace(target)  # a power cut leaves the old copy or the new, never half
    except OSError as error:
        log.warning("cannot keep the last good settings: %s", error)
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)  # a disk full left it empty: nothing to keep


def recall(data_dir: Path) -> tuple[KioskConfig, dt.date] | None:
    """The last good settings and the day they were kept, or None if there are none."""
    try:
        record = json.loads((data_dir / FILE).read_text(encoding="utf-8"))
        return _config(record["settings"]), dt.date.fromisoformat(record["saved"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as error:
        log.warning("the last good settings cannot be read: %s", error)
        return None


def kept_from(data_dir: Path, folder: Path) -> bool:
    """Whether the last good settings in `data_dir` were kept from `folder`.

    Settings kept by an older kiosk, which did not note their folder, count as kept from it.
    """
    try:
        record = json.loads((data_dir / FILE).read_text(encoding="utf-8"))
        kept = record.get("folder")
    except FileNotFoundError:
        return False
    except (OSError, ValueError, AttributeError) as error:
        log.warning("the last good settings cannot be read: %s", error)
        return False
    return kept is None or Path(str(kept)) == folder.absolute()


def _config(values: dict[str, Any]) -> KioskConfig:
    known = {f.name for f in dataclasses.fields(KioskConfig)}
    values = {k: v for k, v in values.items() if k in known}  # from an older or newer kiosk
    values["languages"] = tuple(values.get("languages", ("en",)))
    values["support"] = tuple(SupportContact(**contact) for contact in values.get("support", ()))
    values["voice_mode"] = VoiceMode(values.get("voice_mode", VoiceMode.PRESS_TO_TALK))
    return KioskConfig(**values)


def with_last_good(
    content: Content, data_dir: Path, today: dt.date, *, keep: bool = True
) -> Content:
    """`content`, with the last good settings where kiosk.toml (or the folder) cannot be used.

    When the settings were read well, they become the last good ones (unless `keep` is
    False, as for `kiosk check`, which only looks).
    """
    missing = not content.root.is_dir()
    if not missing and not settings_unread(content.problems):
        if keep:
            remember(content.config, data_dir, today, content.root)
        return content
    recalled = recall(data_dir)
    if recalled is None:
        return content  # never read well here: the screens point to the staff instead
    config, saved = recalled
    where = content.root if missing else content.root / CONFIG_FILE
    problem = Problem(
        where,
        None,
        f"IMPORTANT: the kiosk is using the last good settings, kept on {saved:%d %B %Y}, "
        "with their support contacts, until this is put right.",
    )
    return dataclasses.replace(content, config=config, problems=(*content.problems, problem))
