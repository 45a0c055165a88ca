"""Where the content and the data live, from flags, environment, or defaults."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "mutuality-kiosk"
# The sample content sits beside the package in the source tree (the README's set-up).
BUNDLED_CONTENT = Path(__file__).resolve().parents[2] / "content"


def content_dir(flag: str | None = None) -> Path:
    """The content folder: --content, else $KIOSK_CONTENT, else the bundled samples."""
    chosen = flag or os.environ.get("KIOSK_CONTENT")
    return Path(chosen).expanduser() if chosen else BUNDLED_CONTENT


def data_dir(flag: str | None = None) -> Path:
    """The data folder (messages, log): --data, else $KIOSK_DATA, else the user's data dir."""
    chosen = flag or os.environ.get("KIOSK_DATA")
    return Path(chosen).expanduser() if chosen else Path(platformdirs.user_data_dir(APP_NAME))
