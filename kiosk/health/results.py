"""What `kiosk doctor`'s checks found, as codes and details: light, for the CLI to word.

Nothing here loads sound, speech or content, so `kiosk` starts quickly (the checks
themselves, kiosk/health/doctor.py, load what they need when they run).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Mark(StrEnum):
    """How a check came out."""

    OK = "OK"
    PROBLEM = "PROBLEM"
    """Something is wrong: `kiosk doctor` exits 1."""
    NOTE = "NOTE"
    """Worth knowing, not wrong (no systemd here, no speech model yet)."""


class Finding(StrEnum):
    """What a check found; the CLI has words for each."""

    SERVICE_ACTIVE = "service_active"
    SERVICE_STOPPED = "service_stopped"  # details: state
    SERVICE_NOT_INSTALLED = "service_not_installed"
    NO_SYSTEMD = "no_systemd"
    SOUND_PLAYED = "sound_played"  # details: seconds
    NO_SOUND = "no_sound"  # details: reason (the device's own words)
    SOUND_STUCK = "sound_stuck"  # details: seconds
    SPEECH_MADE = "speech_made"  # details: languages
    NO_SPEECH = "no_speech"  # details: reason
    NO_VOICE_FOR = "no_voice_for"  # details: languages (espeak-ng has no voice for them)
    MIC_LEVEL = "mic_level"  # details: percent
    MIC_SILENT = "mic_silent"
    MIC_NO_SOUND = "mic_no_sound"
    NO_MICROPHONE = "no_microphone"  # details: voice (whether voice control is on)
    VOICE_OFF = "voice_off"
    MODEL_READY = "model_ready"  # details: language, code, source, path
    NO_MODEL = "no_model"  # details: language, code
    MODEL_BROKEN = "model_broken"  # details: language, code, reason
    NO_PACK = "no_pack"  # details: code, reason
    CONTENT_WELL = "content_well"  # details: stories, groups
    CONTENT_NOTES = "content_notes"  # details: notes, stories, groups, folder
    CONTENT_PROBLEMS = "content_problems"  # details: problems, stories, groups, folder
    DATA_PRIVATE = "data_private"  # details: folder, owner
    DATA_NOT_MADE = "data_not_made"  # details: folder
    DATA_OPEN = "data_open"  # details: folder, open (the names that others can read)
    DATA_NOT_OWNED = "data_not_owned"  # details: folder, owner, user
    DATA_UNREADABLE = "data_unreadable"  # details: folder, reason
    DISK_ENOUGH = "disk_enough"  # details: free_mb
    DISK_LOW = "disk_low"  # details: free_mb, needed_mb
    RESTART_SYSTEMD = "restart_systemd"  # details: since, restarts, result, status
    RESTART_LOG = "restart_log"  # details: since, why, exit_code, stopped, stopped_why
    RESTART_UNKNOWN = "restart_unknown"  # details: log


class StopReason(StrEnum):
    """Why the kiosk stopped, as kiosk.log tells it (kiosk/cli/run.py, kiosk/ui/app.py)."""

    STAFF = "staff"
    """`kiosk stopped`: staff stopped it (SIGTERM, systemctl stop)."""
    UNEXPECTED = "unexpected"
    """`kiosk stopped unexpectedly`: it failed (a service manager restarts it)."""
    TERMINAL = "terminal"
    """`the terminal closed; stopping`."""
    UNLOGGED = "unlogged"
    """A start with no stop before it: a power cut, a kill -9 or a hard crash."""
    FIRST = "first"
    """The first start this log holds: what came before is not known."""


Detail = str | int | float | bool


@dataclass(frozen=True)
class Result:
    """One check's outcome."""

    mark: Mark
    finding: Finding
    details: Mapping[str, Detail] = field(default_factory=dict)
