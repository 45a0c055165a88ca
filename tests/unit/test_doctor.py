"""`kiosk doctor`'s checks with a faked machine, and how the CLI words them."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from kiosk.cli import doctor as cli
from kiosk.core.config import KioskConfig
from kiosk.health import doctor
from kiosk.health.doctor import Host, Ran
from kiosk.health.results import Finding, Mark, Result, StopReason
from tests.support.fakes import FakeMic


def host(replies: dict[str, Ran] | None = None, *, booted: bool = True, free: int = 10**10) -> Host:
    """A machine whose systemctl answers from `replies` (by its second word)."""

    def run(command: Sequence[str]) -> Ran | None:
        if replies is None:
            return None  # no systemctl at all
        return replies.get(command[1], Ran(1, ""))

    return Host(run=run, free_bytes=lambda _path: free, systemd_booted=lambda: booted)


def test_without_systemd_the_service_is_a_note() -> None:
    assert doctor.check_service(host(booted=False)).finding is Finding.NO_SYSTEMD
    assert doctor.check_service(host(None)).mark is Mark.NOTE
    line = cli.lines(doctor.check_service(host(booted=False)))
    assert line == ["NOTE     systemd is not running here, so the service cannot be checked."]


def test_the_service_running_stopped_or_not_installed() -> None:
    active = host({"is-active": Ran(0, "active\n")})
    assert doctor.check_service(active) == Result(Mark.OK, Finding.SERVICE_ACTIVE)
    failed = host({"is-active": Ran(3, "failed\n"), "show": Ran(0, "LoadState=loaded\n")})
    result = doctor.check_service(failed)
    assert (result.mark, result.details) == (Mark.PROBLEM, {"state": "failed"})
    assert "sudo systemctl start mutuality-kiosk`" in cli.words(result)
    assert "journalctl -u mutuality-kiosk`" in cli.words(result)
    missing = host({"is-active": Ran(3, "inactive\n"), "show": Ran(0, "LoadState=not-found\n")})
    assert doctor.check_service(missing).finding is Finding.SERVICE_NOT_INSTALLED


def test_systemd_says_when_and_why_the_service_last_started(tmp_path: Path) -> None:
    shown = "ActiveEnterTimestamp=Mon 2026-03-02 11:20:09 GMT\nNRestarts=2\nResult=exit-code\nExecMainStatus=1\n"
    machine = host({"is-active": Ran(0, "active"), "show": Ran(0, shown)})
    result = doctor.check_restart(machine, doctor.check_service(machine), tmp_path)
    assert result.finding is Finding.RESTART_SYSTEMD
    assert result.details == {
        "since": "Mon 2026-03-02 11:20:09 GMT",
        "restarts": 2,
        "result": "exit-code",
        "status": "1",
    }
    assert "systemd restarted it 2 time(s); last result exit-code" in cli.words(result)


LOG = """\
2026-03-01 08:00:00,001 INFO kiosk: kiosk starting on /srv/content
2026-03-01 18:00:00,002 INFO kiosk: kiosk stopped
2026-03-02 08:00:00,003 INFO kiosk: kiosk starting on /srv/content
2026-03-02 09:00:00,004 WARNING kiosk.ui.app: dropped 3 bytes from the keyboard that were not text
"""


@pytest.mark.parametrize(
    ("more", "why", "stopped"),
    [
        ("", StopReason.STAFF, None),
        (
            "2026-03-02 10:00:00,005 ERROR kiosk.ui.app: the kiosk stopped unexpectedly:\n"
            "Traceback ...\n"
            "2026-03-02 10:00:00,006 ERROR kiosk: kiosk stopped unexpectedly (exit code 1)\n"
            "2026-03-02 10:00:02,007 INFO kiosk: kiosk starting on /srv/content\n",
            StopReason.UNEXPECTED,
            None,
        ),
        (
            "2026-03-02 10:00:02,007 INFO kiosk: kiosk starting on /srv/content\n",
            StopReason.UNLOGGED,
            None,
        ),
        (
            "2026-03-02 17:00:00,008 INFO kiosk.ui.app: the terminal closed; stopping\n",
            StopReason.STAFF,
            StopReason.TERMINAL,
        ),
    ],
)
def test_kiosk_log_says_when_and_why_the_kiosk_last_started(
    tmp_path: Path, more: str, why: StopReason, stopped: StopReason | None
) -> None:
    (tmp_path / "kiosk.log").write_text(LOG + more)
    result = doctor.check_restart(
        host(booted=False), Result(Mark.NOTE, Finding.NO_SYSTEMD), tmp_path
    )
    assert result.finding is Finding.RESTART_LOG
    assert result.details["why"] == why.value
    assert result.details.get("stopped_why") == (stopped.value if stopped else None)
    if why is StopReason.UNEXPECTED:
        assert result.details["exit_code"] == 1
        assert "after it stopped unexpectedly (exit code 1)" in cli.words(result)
    if stopped is StopReason.TERMINAL:
        assert cli.words(result) == (
            "Last start: 2026-03-02 08:00:00, after staff stopped it. "
            "It stopped at 2026-03-02 17:00:00: its terminal closed."
        )


def test_no_log_says_so(tmp_path: Path) -> None:
    result = doctor.last_start(tmp_path / "kiosk.log")
    assert (result.mark, result.finding) == (Mark.NOTE, Finding.RESTART_UNKNOWN)


def test_low_disk_is_a_problem(tmp_path: Path) -> None:
    low = doctor.check_disk(host(free=50 * 1024 * 1024), tmp_path / "not-made-yet")
    assert (low.mark, low.details) == (Mark.PROBLEM, {"free_mb": 50, "needed_mb": 200})
    assert cli.words(low).startswith("Disk space is low: 50 MB free for the data folder")
    assert doctor.check_disk(host(), tmp_path).mark is Mark.OK


def test_low_disk_from_a_faked_statvfs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    class Found:
        f_bavail = 1000
        f_frsize = 4096

    monkeypatch.setattr(doctor.os, "statvfs", lambda _path: Found())
    assert doctor.check_disk(Host(), tmp_path).finding is Finding.DISK_LOW


def test_the_data_folder_must_be_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert doctor.check_private(data).finding is Finding.DATA_NOT_MADE
    data.mkdir(mode=0o700)
    (data / "messages.db").write_text("")
    (data / "messages.db").chmod(0o600)
    assert doctor.check_private(data).mark is Mark.OK
    (data / "kiosk.log").write_text("")
    (data / "kiosk.log").chmod(0o644)
    data.chmod(0o755)
    result = doctor.check_private(data)
    assert (result.mark, result.details["open"]) == (Mark.PROBLEM, "data/, kiosk.log")
    assert f"Run `chmod -R go= {data}`." in cli.words(result)


class TalkedToMic(FakeMic):
    """A microphone someone speaks into as soon as it is opened."""

    def start(self, deliver: Callable[[bytes], None], lost: Callable[[], None]) -> None:
        super().start(deliver, lost)
        self.send(0.1, loud=True)


def test_the_microphone_level_or_why_there_is_none() -> None:
    config = KioskConfig()
    heard = doctor.check_microphone(config, TalkedToMic())
    assert heard == Result(Mark.OK, Finding.MIC_LEVEL, {"percent": 9})
    assert cli.words(heard) == "The microphone hears: a level of 9% in 1 second."
    assert doctor.check_microphone(config, FakeMic(fail=True)).mark is Mark.PROBLEM
    quiet = KioskConfig(voice_control=False)
    assert doctor.check_microphone(quiet, FakeMic(fail=True)).mark is Mark.NOTE


def test_every_finding_has_words_that_fit_the_screen() -> None:
    assert set(cli.WORDS) == set(Finding)
    assert set(cli.WHY) == set(StopReason)


def fake_run(results: list[Result]) -> Iterator[Result]:
    yield from results


def test_the_exit_code_is_1_only_for_a_problem(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = argparse.Namespace(content=None, data=None)
    fine = [
        Result(Mark.NOTE, Finding.NO_SYSTEMD),
        Result(Mark.OK, Finding.DISK_ENOUGH, {"free_mb": 900}),
    ]
    monkeypatch.setattr(doctor, "run_all", lambda *_: fake_run(fine))
    assert cli.doctor(args) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "All is well."
    low = Result(Mark.PROBLEM, Finding.DISK_LOW, {"free_mb": 9, "needed_mb": 200})
    monkeypatch.setattr(doctor, "run_all", lambda *_: fake_run([*fine, low]))
    assert cli.doctor(args) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[-1].startswith("1 problem(s)")
    assert all(len(line) <= 80 for line in out.splitlines())


def test_content_notes_are_notes_by_the_checks_own_rule(tmp_path: Path) -> None:
    """Issue 34: a draft transcript and two groups files passed `kiosk check` with notes, and
    `kiosk doctor` called them problems and exited 1. Both now count `Content.faults`."""
    from kiosk.content import Content
    from kiosk.core.problems import Problem

    draft = Problem(tmp_path / "transcript.vtt", None, "a draft", notice=True)
    both = Problem(tmp_path / "groups.csv", None, "two files", notice=True)
    noted = Content(tmp_path, KioskConfig(), problems=(draft, both))
    assert noted.faults == ()
    assert noted.notes == (draft, both)
    result = doctor.check_content(noted)
    assert result.mark is Mark.NOTE
    assert cli.words(result).startswith("Content checks pass (2 note(s)): 0 stories")
    broken = Problem(tmp_path / "groups.csv", 3, "a bad day")
    wrong = doctor.check_content(Content(tmp_path, KioskConfig(), problems=(draft, broken)))
    assert (wrong.mark, wrong.details["problems"]) == (Mark.PROBLEM, 1)
    assert doctor.check_content(Content(tmp_path, KioskConfig())).mark is Mark.OK
