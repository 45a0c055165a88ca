"""`kiosk session`: the service's program inside cage. It starts foot with the kiosk in it.

Again and again at the text size asked for: the kiosk exits with a `TextExit` to be started
again at the other size (large text, row I4), and with anything else to end the session, so
that cage ends and systemd restarts the service after a failure as before.
"""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

from kiosk.core.config import load_config
from kiosk.core.text_switch import TextExit, larger
from kiosk.system import files
from kiosk.system.installer import write_terminal_config

log = logging.getLogger("kiosk.session")

Start = Callable[[Sequence[str]], int]
"""Run a command to its end and give its exit status (subprocess.call; a test's stand-in)."""


def run_session(
    kiosk: Path,
    content: Path,
    data: Path,
    foot_ini: Path,
    *,
    terminal: str = files.FOOT,
    start: Start = subprocess.call,
) -> int:
    """Run the kiosk in foot until it exits for a reason other than the text size."""
    large = chosen = False
    while True:
        command = [
            terminal,
            f"--config={foot_ini}",
            *font_override(content, foot_ini, large=large),
            "--",
            str(kiosk),
            "run",
            f"--content={content}",
            f"--data={data}",
            "--text-switch",
            # This unit has no network: mutuality-kiosk-sync.service syncs with the hub.
            "--no-hub-sync",
            *(["--large-text"] if large else []),
            *(["--text-chosen"] if chosen else []),
        ]
        status = start(command)
        if status == TextExit.LARGE:
            large, chosen = True, True
        elif status == TextExit.USUAL:
            large, chosen = False, True
        elif status == TextExit.RESET:
            large, chosen = False, False
        else:
            return status
        log.info("starting the kiosk again with %s text", "large" if large else "the usual")


def font_override(content: Path, foot_ini: Path, *, large: bool) -> list[str]:
    """foot.ini written again from kiosk.toml's text size; foot's option for large text.

    Written at every start, so a text_size staff changed shows from the next one on.
    """
    try:
        size = write_terminal_config(content, foot_ini)
    except OSError as error:
        # A full disk: foot starts with the foot.ini it had, the size staff set before.
        log.error("could not write %s (%s); the last one is used", foot_ini, error.strerror)
        size = load_config(content)[0].text_size
    if not large:
        return []
    return [f"--override=main.font={files.font_setting(larger(files.FONT_SIZES[size]))}"]
