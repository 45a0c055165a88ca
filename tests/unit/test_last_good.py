"""The last good settings are written whole or not at all, and privately (issue 30.5)."""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
from pathlib import Path

import pytest

from kiosk.content import last_good, load_content
from kiosk.content.last_good import FILE, recall, remember

DAY = dt.date(2026, 11, 30)


def test_a_full_disk_leaves_no_empty_partial_file_behind(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    config = load_content(content).config
    remember(config, data, DAY)

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(last_good.os, "fsync", disk_full)
    remember(config, data, DAY + dt.timedelta(days=1))
    assert sorted(p.name for p in data.iterdir()) == [FILE]  # no .partial
    kept = recall(data)
    assert kept is not None and kept[1] == DAY  # the old copy, whole


def test_the_settings_kept_are_this_users_only(content: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    old = os.umask(0o022)
    try:
        remember(load_content(content).config, data, DAY)
    finally:
        os.umask(old)
    assert stat.S_IMODE((data / FILE).stat().st_mode) == 0o600
