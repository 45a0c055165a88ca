"""`kiosk check`: check a content folder and list every problem."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.cli.common import Commands, add_data_option
from kiosk.core import paths
from kiosk.core.config import KioskConfig

if TYPE_CHECKING:
    from kiosk.content import Story


def add_commands(commands: Commands) -> None:
    """Add `check`."""
    check = commands.add_parser(
        "check",
        help="check a content folder and list every problem",
        description="Check a content folder. Prints each problem as `file:line: what is wrong`, "
        "then a summary. Exits 1 if anything is wrong, 0 if all is well. Notes (a transcript "
        "still in draft) are printed too, but do not count as problems.",
    )
    check.add_argument(
        "folder",
        nargs="?",
        metavar="DIR",
        help="content folder (default: $KIOSK_CONTENT or the bundled samples)",
    )
    add_data_option(
        check,
        "data folder, where installed speech models are (default: $KIOSK_DATA or your user data folder)",
    )


def check(args: argparse.Namespace) -> int:
    """Print each problem in the content folder, then a summary; 1 if there were any."""
    import datetime as dt

    from kiosk.content import load_content
    from kiosk.content.last_good import with_last_good

    logging.disable(logging.WARNING)  # the problems are printed below, not logged twice
    folder = paths.content_dir(args.folder)
    # What the kiosk would use: the last good settings where kiosk.toml cannot be read (said
    # loudly among the problems). Checking only looks; it keeps nothing.
    data = paths.data_dir(args.data)
    content = with_last_good(load_content(folder), data, dt.date.today(), keep=False)
    problems = sorted(content.faults, key=lambda p: p.sort_key)
    notices = sorted(content.notes, key=lambda p: p.sort_key)
    for problem in problems:
        print(problem.format(content.root))
    # Loudness is advice, not a fault: every story still plays, turned to one level, so
    # these lines do not fail the check. Measuring keeps what it measured in the data
    # folder (a saving the kiosk shares, not a change to anything staff made).
    for line in _sound_lines(content.stories, data):
        print(f"Sound: {line}")
    # A draft transcript is shown all the same, and is better than none for following along:
    # said as a note, so staff know to correct it, but it does not fail the check.
    for notice in notices:
        print(f"Note: {notice.format(content.root)}")
    found = f"{len(content.stories)} stories and {len(content.groups)} groups can be shown"
    # Voice is a capability, not content: without a model the kiosk still works by keys, so
    # this is said plainly but does not fail the check.
    for line in _voice_lines(content.config, data):
        print(f"Voice commands: {line}")
    noted = f" ({len(notices)} note{'s' if len(notices) != 1 else ''} above)" if notices else ""
    if problems:
        count = len(problems)
        print(f"{count} problem{'s' if count != 1 else ''} found in {folder}{noted}; {found}.")
        return 1
    print(f"All is well in {folder}{noted}: {found}.")
    return 0


def _sound_lines(stories: Sequence[Story], data: Path) -> list[str]:
    """Plain advice on recordings that are very quiet, or were clipped as they were made."""
    from kiosk.audio.story import loudness_of
    from kiosk.core.loudness import LoudnessCache
    from kiosk.core.recordings import RecordingProblem

    cache = LoudnessCache.in_folder(data)
    new = sum(cache.known(story.audio) is None for story in stories)
    if new:
        # Said on stderr: the lines on stdout stay the same from one check to the next.
        print(
            f"Measuring how loud {new} new recording{'s are' if new != 1 else ' is'} "
            "(once only; it takes a moment)...",
            file=sys.stderr,
            flush=True,
        )
    lines = []
    for story in stories:
        try:
            measured = loudness_of(story.audio, cache)
        except RecordingProblem as problem:
            lines.append(f"story '{story.slug}': {story.audio.name} could not be read: {problem}")
            continue
        except (ValueError, ArithmeticError, MemoryError, ImportError) as error:
            lines.append(f"story '{story.slug}': its loudness could not be measured ({error}).")
            continue
        if measured.is_clipped:
            lines.append(
                f"story '{story.slug}': the recording was too loud as it was made, so parts of "
                "it crackle (it is clipped). It will be played at the usual level, but the "
                "crackle stays: if you can, record it again a little further from the phone."
            )
        elif measured.is_quiet:
            lines.append(
                f"story '{story.slug}': the recording is very quiet; it will be turned up, "
                "but recording closer to the phone sounds better."
            )
    return lines


def _voice_lines(config: KioskConfig, data: Path) -> list[str]:
    from kiosk.core.locale import PackProblem, load_pack
    from kiosk.listening.models import voice_status

    if not config.voice_control:
        return ["off (voice_control = false in kiosk.toml)."]
    lines = []
    for code in config.languages:
        try:
            lines.append(voice_status(config, load_pack(code), data).line)
        except PackProblem as problem:
            lines.append(str(problem))
    return lines
