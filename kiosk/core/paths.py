"""Where the content and the data live, from flags, environment, or defaults."""

from __future__ import annotations

import logging
import os
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import platformdirs

log = logging.getLogger(__name__)

APP_NAME = "mutuality-kiosk"


def on_disk(resource: Traversable) -> Path:
    """A folder the package carries, as a real path (the kiosk is installed unzipped)."""
    if not isinstance(resource, Path):
        raise RuntimeError(f"The kiosk must be installed as plain files, not zipped: {resource}")
    return resource


def _bundled_content() -> Path:
    """The sample content: content/ at the top of a clone, kiosk/sample_content/ in a wheel.

    The wheel carries content/ inside the package (pyproject.toml's force-include), so an
    installed kiosk finds it without the clone.
    """
    packaged = on_disk(files("kiosk") / "sample_content")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "content"


BUNDLED_CONTENT = _bundled_content()


def content_dir(flag: str | None = None) -> Path:
    """The content folder: --content, else $KIOSK_CONTENT, else the bundled samples."""
    chosen = flag or os.environ.get("KIOSK_CONTENT")
    return Path(chosen).expanduser() if chosen else BUNDLED_CONTENT


def make_private(folder: Path) -> Path:
    """Create `folder` if need be, readable by this user only (0700), whatever the umask.

    The data folder holds visitors' messages, urgent ones among them, and the PIN's hash.
    """
    folder.mkdir(parents=True, exist_ok=True)
    _restrict(folder, 0o700)
    return folder


def private_file(path: Path) -> Path:
    """Create `path` if it is not there, readable and writable by this user only (0600)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    _restrict(path, 0o600)
    return path


def _restrict(path: Path, mode: int) -> None:
    try:
        path.chmod(mode)
    except OSError as error:  # not ours to change (another user's folder): say so, go on
        log.warning("cannot make %s private: %s", path, error.strerror)


def data_dir(flag: str | None = None) -> Path:
    """The data folder (messages, log): --data, else $KIOSK_DATA, else the user's data dir."""
    chosen = flag or os.environ.get("KIOSK_DATA")
    return Path(chosen).expanduser() if chosen else Path(platformdirs.user_data_dir(APP_NAME))
