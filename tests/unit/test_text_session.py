"""`kiosk session` (row I4): foot started again at the size the kiosk's exit asks for."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from kiosk.core.text_switch import HANDOVER, Carried, TextExit, hand_over, larger, take_over
from kiosk.system import files
from kiosk.system.session import run_session
from tests.support.paths import SAMPLE_CONTENT


def test_each_exit_starts_foot_again_at_the_size_it_asks_for(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    foot_ini = tmp_path / "foot.ini"
    statuses = iter([TextExit.LARGE, TextExit.USUAL, TextExit.LARGE, TextExit.RESET, 1])
    started: list[list[str]] = []

    def start(command: Sequence[str]) -> int:
        started.append(list(command))
        assert foot_ini.is_file()  # written before each start, from kiosk.toml
        return int(next(statuses))

    status = run_session(Path("/k/kiosk"), content, tmp_path / "data", foot_ini, start=start)
    assert status == 1  # anything else ends the session: cage ends, systemd restarts it
    assert len(started) == 5
    big = f"--override=main.font={files.font_setting(larger(18))}"
    first, large, usual, large_again, after_reset = started
    assert first[0] == files.FOOT and "--text-switch" in first
    assert "--no-hub-sync" in first  # the kiosk's unit has no network: its sync unit syncs
    assert big not in first and "--large-text" not in first and "--text-chosen" not in first
    assert big in large and "--large-text" in large and "--text-chosen" in large
    assert big not in usual and "--large-text" not in usual and "--text-chosen" in usual
    assert big in large_again
    # The visitor walked away: the usual size, and the next one is greeted as new.
    assert big not in after_reset and "--text-chosen" not in after_reset
    assert "size=18" in foot_ini.read_text()
    assert larger(18) == 27


def test_a_staff_change_to_text_size_shows_at_the_next_start(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    toml = content / "kiosk.toml"
    foot_ini = tmp_path / "foot.ini"
    sizes: list[str] = []

    def start(command: Sequence[str]) -> int:
        sizes.append(foot_ini.read_text())
        toml.write_text(toml.read_text().replace('text_size = "medium"', 'text_size = "large"'))
        return TextExit.LARGE if len(sizes) == 1 else 0

    assert run_session(Path("kiosk"), content, tmp_path / "d", foot_ini, start=start) == 0
    assert "size=18" in sizes[0] and "size=24" in sizes[1]


def test_the_visitors_settings_are_handed_over_once(tmp_path: Path) -> None:
    hand_over(tmp_path, Carried("ko", 9, 1))
    assert (tmp_path / HANDOVER).stat().st_mode & 0o777 == 0o600
    assert take_over(tmp_path) == Carried("ko", 9, 1)
    assert take_over(tmp_path) is None  # read once, then gone


def test_a_torn_handover_is_dropped(tmp_path: Path) -> None:
    for junk in ('{"language": "ko"', "[]", '{"language": "ko", "volume": "x", "rate_index": 1}'):
        (tmp_path / HANDOVER).write_text(junk)
        assert take_over(tmp_path) is None
        assert not (tmp_path / HANDOVER).exists()


def test_no_folder_to_hand_over_to_loses_nothing_else(tmp_path: Path) -> None:
    hand_over(tmp_path / "gone", Carried("en", 7, 3))  # logged, not raised
    assert take_over(tmp_path / "gone") is None
