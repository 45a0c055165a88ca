"""`kiosk doctor`: one screenful for staff on whether the kiosk machine is well.

The checks live in kiosk/health/doctor.py and come back as codes with details; this module
words each one for staff (English, like every staff screen) and says what to do.
"""

from __future__ import annotations

import argparse
import logging
import re
import textwrap
from pathlib import Path

from kiosk.cli.common import Commands, add_data_option
from kiosk.core import paths
from kiosk.health.results import Finding, Mark, Result, StopReason

WIDTH = 80
"""One screenful is 80 columns; a long line wraps under its words, not under its mark."""
INDENT = 9

WORDS: dict[Finding, tuple[str, str]] = {
    # Finding: (what is so, what to do about it; "" when there is nothing to do)
    Finding.SERVICE_ACTIVE: ("The kiosk service is running.", ""),
    Finding.SERVICE_STOPPED: (
        "The kiosk service is not running (systemd says {state}).",
        "Start it with `sudo systemctl start mutuality-kiosk`; `journalctl -u mutuality-kiosk` says why.",
    ),
    Finding.SERVICE_NOT_INSTALLED: (
        "The kiosk service is not installed, so nothing starts the kiosk at boot.",
        "`kiosk install` sets it up.",
    ),
    Finding.NO_SYSTEMD: ("systemd is not running here, so the service cannot be checked.", ""),
    Finding.SOUND_PLAYED: ("Sound works: the speaker played a test sentence.", ""),
    Finding.NO_SOUND: (
        "No sound: the speaker could not be used ({reason}).",
        "Check the speaker is plugged in and on; see `kiosk devices`.",
    ),
    Finding.SOUND_STUCK: (
        "The sound device took the test sentence but had not played it in {seconds:.0f} s.",
        "Unplug the speaker and plug it in again, or restart the machine.",
    ),
    Finding.SPEECH_MADE: ("Speech works: espeak-ng makes words in {languages}.", ""),
    Finding.NO_SPEECH: (
        "Speech does not work: {reason}.",
        "Install espeak-ng: `make setup-run` (or `sudo apt-get install espeak-ng`).",
    ),
    Finding.NO_VOICE_FOR: (
        "espeak-ng has no voice for {languages}, so an English voice says it.",
        "Install `espeak-ng-data`.",
    ),
    Finding.MIC_LEVEL: ("The microphone hears: a level of {percent}% in 1 second.", ""),
    Finding.MIC_SILENT: (
        "The microphone is there but heard only silence in 1 second.",
        "Check it is not muted, then speak near it and try again.",
    ),
    Finding.MIC_NO_SOUND: (
        "The microphone opened but sent no sound in {seconds:.0f} seconds.",
        "Unplug it and plug it in again; see `kiosk devices`.",
    ),
    Finding.NO_MICROPHONE: (
        "No microphone, so voice commands cannot work (the keys still do).",
        "Plug one in; see `kiosk devices`.",
    ),
    Finding.VOICE_OFF: ("Voice commands are off (voice_control = false in kiosk.toml).", ""),
    Finding.MODEL_READY: ("The {language} speech model loads (from {source}).", ""),
    Finding.NO_MODEL: (
        "No {language} speech model: voice commands in {language} are off.",
        "Run `kiosk models install {code}`.",
    ),
    Finding.MODEL_BROKEN: (
        "The {language} speech model does not load: {reason}",
        "Install it again: `kiosk models install {code}`.",
    ),
    Finding.NO_PACK: ("{reason}", "Correct `languages` in kiosk.toml."),
    Finding.CONTENT_WELL: (
        "Content checks pass: {stories} stories and {groups} groups can be shown.",
        "",
    ),
    Finding.CONTENT_NOTES: (
        "Content checks pass ({notes} note(s)): {stories} stories and {groups} groups show.",
        "Read them: `kiosk check {folder}`.",
    ),
    Finding.CONTENT_PROBLEMS: (
        "Content has {problems} problem(s); {stories} stories and {groups} groups show.",
        "See each one: `kiosk check {folder}`.",
    ),
    Finding.DATA_PRIVATE: ("The data folder is private: only {owner} can read it.", ""),
    Finding.DATA_NOT_MADE: (
        "The data folder {folder} is not made yet; the kiosk makes it private.",
        "",
    ),
    Finding.DATA_OPEN: (
        "Others can read the data folder ({open}): visitors' messages are in it.",
        "Run `chmod -R go= {folder}`.",
    ),
    Finding.DATA_NOT_OWNED: (
        "The data folder belongs to {owner}, not to you ({user}).",
        "Run this as the kiosk's user: `sudo -u {owner} kiosk doctor`.",
    ),
    Finding.DATA_UNREADABLE: (
        "The data folder {folder} cannot be read: {reason}.",
        "Run this as the kiosk's user, with --data naming its folder.",
    ),
    Finding.DISK_ENOUGH: ("Disk space is enough: {free_mb} MB free for the data folder.", ""),
    Finding.DISK_LOW: (
        "Disk space is low: {free_mb} MB free for the data folder; {needed_mb} MB is the least.",
        "Free some space (old backups, big files), or messages may not be saved.",
    ),
    Finding.RESTART_SYSTEMD: (
        "Last start: {since}. systemd restarted it {restarts} time(s); "
        "last result {result}, exit status {status}.",
        "",
    ),
    Finding.RESTART_LOG: ("Last start: {since}, {why}.{since_then}", ""),
    Finding.RESTART_UNKNOWN: ("No start of the kiosk is recorded in {log}.", ""),
}
"""Each finding's words; `{name}` fields come from the result's details."""

WHY: dict[StopReason, str] = {
    StopReason.STAFF: "staff stopped it",
    StopReason.UNEXPECTED: "it stopped unexpectedly (exit code {exit_code})",
    StopReason.TERMINAL: "its terminal closed",
    StopReason.UNLOGGED: "a stop the log does not record (a power cut or a kill)",
    StopReason.FIRST: "",
}
"""Why a run ended, as kiosk.log says (FIRST: nothing before the first start it holds)."""


def add_commands(commands: Commands) -> None:
    """Add `doctor`."""
    doctor = commands.add_parser(
        "doctor",
        help="check the whole kiosk machine, one line per check",
        description="Check the service, sound, speech, the microphone, each language's speech "
        "model, the content, the data folder, disk space and the last restart, and say "
        "plainly what is wrong and what to do. Exits 1 if anything is a PROBLEM.",
    )
    doctor.add_argument(
        "--content",
        metavar="DIR",
        help="content folder (default: $KIOSK_CONTENT or the bundled samples)",
    )
    add_data_option(
        doctor, "the kiosk's data folder (default: $KIOSK_DATA or your user data folder)"
    )


def doctor(args: argparse.Namespace) -> int:
    """Print one line (wrapped to 80 columns) per check as it is done; 1 if any is a PROBLEM."""
    from kiosk.health.doctor import run_all

    logging.disable(logging.WARNING)  # what is wrong is said below, not logged over it
    problems = 0
    for result in run_all(paths.content_dir(args.content), paths.data_dir(args.data)):
        print("\n".join(lines(result)), flush=True)
        problems += result.mark is Mark.PROBLEM
    if problems:
        print(f"{problems} problem(s): do what each PROBLEM line says, then run this again.")
        return 1
    print("All is well.")
    return 0


def words(result: Result) -> str:
    """The result in plain words for staff, with what to do when it is a problem."""
    details = {key: _shown(value) for key, value in result.details.items()}
    if result.finding is Finding.RESTART_LOG:
        why = StopReason(str(details["why"]))
        details["why"] = (
            f"after {WHY[why]}" if why is not StopReason.FIRST else "the first in kiosk.log"
        ).format(**details)
        stopped = details.get("stopped_why")
        details["since_then"] = (
            f" It stopped at {details['stopped']}: {WHY[StopReason(str(stopped))]}."
            if stopped
            else ""
        ).format(**details)
    said, fix = WORDS[result.finding]
    text = said.format(**details)
    if fix and result.mark is not Mark.OK:
        text += " " + fix.format(**details)
    return text


def lines(result: Result) -> list[str]:
    """The result's mark and words, wrapped to WIDTH under the words.

    A command in `backquotes` is never split across lines, nor a long path: staff type it
    as one (so a command naming a very long path may run past WIDTH).
    """
    whole = _COMMAND.sub(lambda found: found.group().replace(" ", _KEEP), words(result))
    wrapped = textwrap.wrap(
        whole,
        WIDTH,
        initial_indent=f"{result.mark.value:<{INDENT}}",
        subsequent_indent=" " * INDENT,
        break_on_hyphens=False,
        break_long_words=False,
    )
    return [line.replace(_KEEP, " ") for line in wrapped]


_COMMAND = re.compile(r"`[^`]*`")
_KEEP = "\N{NO-BREAK SPACE}"  # textwrap breaks only at ASCII white space


def _shown(value: str | int | float | bool) -> str | int | float | bool:
    """Paths under the home folder are shown from ~, to keep lines short."""
    if isinstance(value, str):
        home = str(Path.home())
        if home != "/" and value.startswith(home + "/"):
            return "~" + value[len(home) :]
    return value
