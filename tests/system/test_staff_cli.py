"""Staff commands: moderation, export, stats, backups, the PIN."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kiosk.core.clock import SystemClock
from kiosk.core.locale import english
from kiosk.messages.repository import Reason, Status, StoreError, Why
from kiosk.messages.service import MessageService
from kiosk.messages.store import Database, open_sqlite
from kiosk.staff.pin import MAX_TRIES, Attempt, StaffLock, check_hash, hash_pin, valid_pin
from kiosk.staff.wording import attempt_words
from tests.support.waits import generous

DAY = dt.date(2026, 11, 24)


def kiosk(*args: str, data: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The `kiosk` command as staff run it, with the usual umask (files 0644 unless made private)."""
    env = {**os.environ, "KIOSK_DATA": str(data)}
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=generous(60),
        preexec_fn=_usual_umask,
        start_new_session=True,  # no terminal: getpass reads the input given, never /dev/tty
    )


def service_on(data: Path) -> MessageService:
    """The message service on the data folder, as the CLI opens it."""
    stores = open_sqlite(data)
    return MessageService(stores.messages, SystemClock(), backups=stores.database)


def said(attempt: Attempt) -> str:
    """A PIN try as staff read it."""
    return attempt_words(english(), attempt)


def _usual_umask() -> None:
    os.umask(0o022)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def store(data: Path) -> MessageService:
    store = service_on(data)
    kept = store.repository
    kept.add("Keep going, friend", DAY)
    kept.add("Call me on 07700 900123", DAY, reasons=[Reason(Why.IDENTIFYING, ("phone",))])
    kept.add("I hid the pills", DAY, reasons=[Reason(Why.HELD, ("pills",))], held=True)
    kept.add("I can't go on", DAY, reasons=[Reason(Why.URGENT)], urgent=True)
    return store


def test_list_hides_details_and_marks_flags(store: MessageService, data: Path) -> None:
    lines = kiosk("messages", "list", data=data).stdout.splitlines()
    assert lines[1].endswith("pending   flagged Call me on [phone number hidden]")
    assert lines[2].endswith("pending   HELD I hid the pills")
    assert lines[3].endswith("pending   URGENT I can't go on")
    rows = json.loads(kiosk("messages", "list", "--json", data=data).stdout)
    assert rows[1]["text"] == "Call me on 07700 900123" and rows[3]["urgent"] is True


def test_the_queue_puts_urgent_first_then_oldest(store: MessageService) -> None:
    assert [m.id for m in store.queue()] == [4, 1, 2, 3]


def test_show_approve_edit_reject_export(store: MessageService, data: Path, tmp_path: Path) -> None:
    shown = kiosk("messages", "show", "2", data=data).stdout
    assert "! May identify someone: phone number." in shown and "07700 900123" in shown
    edited = kiosk("messages", "approve", "2", "--text", "Call the centre any time", data=data)
    assert edited.returncode == 0, edited.stderr
    refused = kiosk("messages", "approve", "3", data=data)
    assert refused.returncode == 1 and "held for a second look" in refused.stderr
    assert kiosk("messages", "approve", "3", "--read", data=data).returncode == 0
    assert kiosk("messages", "approve", "1", data=data).returncode == 0
    assert kiosk("messages", "reject", "4", data=data).returncode == 0
    assert (
        kiosk("messages", "approve", "99", data=data).stderr.strip()
        == "kiosk: There is no message number 99."
    )
    assert [m.text for m in store.approved()] == [
        "I hid the pills",
        "Call the centre any time",
        "Keep going, friend",
    ]

    out = tmp_path / "wall.csv"
    assert kiosk("messages", "export", "--output", str(out), data=data).returncode == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(out.read_text("utf-8-sig").splitlines()))
    assert rows[0] == {"day": "2026-11-24", "text": "Keep going, friend"}
    assert len(rows) == 3
    as_json = json.loads(kiosk("messages", "export", "--format", "json", data=data).stdout)
    assert {"day", "text"} == set(as_json[0])  # nothing else leaves the kiosk


def test_a_held_message_is_approved_only_once_read_in_full(
    store: MessageService, data: Path
) -> None:
    """The moderation rule the staff screen uses too, worded for the command line."""
    refused = kiosk("messages", "approve", "3", data=data)
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.strip() == (
        "kiosk: message 3 is held for a second look. Read it with `kiosk messages show 3`, "
        "then approve it with --read."
    )
    assert store.get(3).status is Status.PENDING

    approved = kiosk("messages", "approve", "3", "--read", data=data)
    assert approved.returncode == 0, approved.stderr
    assert approved.stdout.strip() == "Message 3 approved: other visitors can now see and hear it."
    assert store.get(3).status is Status.APPROVED

    # Staff who write the words themselves have read them: no --read needed.
    held = store.repository.add("I keep the pills at home", DAY, held=True)
    edited = kiosk("messages", "approve", str(held.id), "--text", "I keep going", data=data)
    assert edited.returncode == 0, edited.stderr
    assert store.get(held.id).text == "I keep going"
    assert store.get(held.id).status is Status.APPROVED


def test_an_urgent_message_is_approved_only_when_confirmed(
    store: MessageService, data: Path
) -> None:
    """Issue 11.9: the rule the staff screen asks about, at the command line."""
    assert (
        "! Urgent: approve only with --urgent" in kiosk("messages", "show", "4", data=data).stdout
    )
    refused = kiosk("messages", "approve", "4", data=data)
    assert refused.returncode == 1 and "message 4 is marked urgent" in refused.stderr
    assert "--urgent" in refused.stderr
    assert store.get(4).status is Status.PENDING
    approved = kiosk("messages", "approve", "4", "--urgent", data=data)
    assert approved.returncode == 0, approved.stderr
    assert store.get(4).status is Status.APPROVED


def test_a_rejection_is_dated_today_for_the_retention_period(
    store: MessageService, data: Path
) -> None:
    assert kiosk("messages", "reject", "4", data=data).returncode == 0
    assert store.get(4).status is Status.REJECTED
    today = dt.date.today()
    assert store.repository.purge_rejected(today) == 0
    assert store.repository.purge_rejected(today + dt.timedelta(days=1)) == 1


def test_rejected_messages_are_deleted_after_the_retention_period(store: MessageService) -> None:
    store.repository.set_status(4, Status.REJECTED, DAY - dt.timedelta(days=40))
    store.repository.set_status(2, Status.REJECTED, DAY - dt.timedelta(days=5))
    assert store.repository.purge_rejected(DAY - dt.timedelta(days=30)) == 1
    assert [m.id for m in store.find(Status.REJECTED)] == [2]


def test_thousands_in_the_queue(data: Path) -> None:
    store = service_on(data)
    for n in range(3000):
        store.repository.add(f"Message {n}", DAY, urgent=n % 1000 == 999)
    queue = store.queue()
    assert len(queue) == 3000 and [m.id for m in queue[:3]] == [1000, 2000, 3000]


def test_stats_per_day_and_csv(data: Path) -> None:
    store = open_sqlite(data).usage
    today = dt.date.today()
    store.count(today, "visits")
    store.count(today, "visits")
    store.count(today, "stories started", "a-story")
    store.count(today - dt.timedelta(days=1), "visits")
    result = kiosk("stats", "--csv", data=data)
    rows = list(csv.reader(result.stdout.splitlines()))
    assert rows[0][:2] == ["day", "visits"]
    assert rows[-1][0] == today.isoformat() and rows[-1][1] == "2" and rows[-1][4] == "1"
    assert len(rows) == 3
    assert "visits" in kiosk("stats", data=data).stdout
    month = list(
        csv.reader(
            kiosk(
                "stats", "--csv", "--month", today.strftime("%Y-%m"), data=data
            ).stdout.splitlines()
        )
    )
    assert month[-1][0] == today.isoformat()
    assert all(row[0].startswith(today.strftime("%Y-%m")) for row in month[1:])
    assert kiosk("stats", "--month", "November", data=data).returncode == 2


def test_backup_while_running_and_restore(
    store: MessageService, data: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "backup.sqlite3"
    # Writes go on while the backup is taken: the copy is consistent either way.
    writer = threading.Thread(
        target=lambda: [store.repository.add(f"during {n}", DAY) for n in range(50)]
    )
    writer.start()
    result = kiosk("backup", str(copy), data=data)
    writer.join()
    assert result.returncode == 0, result.stderr
    saved = Database.check_backup(copy)
    assert 4 <= saved <= 54
    store.repository.add("after the backup", DAY)
    restored = kiosk("restore", str(copy), data=data)
    assert restored.returncode == 0, restored.stderr
    assert len(store.find()) == saved
    assert (data / "kiosk.before-restore").exists()


def test_a_backup_and_the_copy_kept_at_a_restore_are_private(
    store: MessageService, data: Path, tmp_path: Path
) -> None:
    """Issue 30.5: both were 0644: every message, urgent ones too, and the PIN's hash."""
    StaffLock(open_sqlite(data).staff).set_pin("258014")
    copy = tmp_path / "backup.sqlite3"
    assert kiosk("backup", str(copy), data=data).returncode == 0
    assert mode(copy) == 0o600
    old = tmp_path / "old.sqlite3"
    old.write_bytes(b"")
    old.chmod(0o644)
    assert kiosk("backup", str(old), data=data).returncode == 0
    assert mode(old) == 0o600  # a file that was there is made private too
    assert kiosk("restore", str(copy), data=data).returncode == 0
    assert mode(data / "kiosk.before-restore") == 0o600
    export = tmp_path / "approved.csv"
    assert kiosk("messages", "export", "--output", str(export), data=data).returncode == 0
    assert mode(export) == 0o600


def test_set_pin_with_nothing_to_read_says_so_plainly(data: Path) -> None:
    """Issue 30.5: `printf '' | kiosk staff set-pin` ended in an EOFError traceback."""
    result = kiosk("staff", "set-pin", data=data, stdin="")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "no PIN was typed (the input ended), so the PIN was not changed" in result.stderr


def test_restore_refuses_what_is_not_a_backup(data: Path, tmp_path: Path) -> None:
    open_sqlite(data).messages.add("precious", DAY)
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database" * 100)
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)")
    for bad in (junk, other, tmp_path / "missing.sqlite3"):
        result = kiosk("restore", str(bad), data=data)
        assert result.returncode == 1 and result.stderr.startswith("kiosk:"), bad
    assert [m.text for m in open_sqlite(data).messages.find()] == ["precious"]


def test_pin_rules_and_hash() -> None:
    assert valid_pin("12") and valid_pin("abcd") and valid_pin("1111") and valid_pin("1234")
    assert valid_pin("111111") and valid_pin("123456")
    assert valid_pin("2580"), "a new PIN has at least 6 digits (issue 11.5)"
    assert valid_pin("258014") is None
    stored = hash_pin("2580")
    # The PIN is not kept, in any field (a random salt or hash may contain its digits by chance).
    assert "2580" not in stored.split("$") and stored.startswith("scrypt$16384$8$1$")
    assert check_hash("2580", stored) and not check_hash("2581", stored)
    assert hash_pin("2580") != stored  # salted


def test_five_wrong_tries_lock_entry_for_five_minutes(data: Path) -> None:
    now = [1_000_000.0]
    lock = StaffLock(open_sqlite(data).staff, now=lambda: now[0])
    lock.set_pin("2580")
    for n in range(MAX_TRIES - 1):
        assert said(lock.try_pin(f"000{n}")).endswith(
            f"{MAX_TRIES - 1 - n} {'try' if n == 3 else 'tries'} left."
        )
    assert "locked for 5 minutes" in said(lock.try_pin("0000"))
    assert not lock.try_pin("2580").ok  # even the right PIN, while locked
    # A restart does not clear the lock.
    lock = StaffLock(open_sqlite(data).staff, now=lambda: now[0])
    assert lock.locked_for() == 300
    now[0] += 301
    assert lock.try_pin("2580").ok


def test_a_brute_force_attempt_gets_nowhere(data: Path) -> None:
    now = [0.0]
    lock = StaffLock(open_sqlite(data).staff, now=lambda: now[0])
    lock.set_pin("7391")
    tried = 0
    for guess in range(10_000):
        if lock.locked_for():
            break
        tried += 1
        assert not lock.try_pin(f"{guess:04d}").ok or guess == 7391
    assert tried == MAX_TRIES  # then locked: 5 guesses per 5 minutes at most


def test_each_lock_in_a_row_lasts_twice_as_long(
    data: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Issue 11.5: a fixed 5-minute lock let a guesser try about 1,440 PINs a day."""
    now = [0.0]
    lock = StaffLock(open_sqlite(data).staff, now=lambda: now[0])
    lock.set_pin("258014")
    locks = []
    for _ in range(5):
        for _ in range(MAX_TRIES):
            attempt = lock.try_pin("000000")
        locks.append(lock.locked_for())
        assert "locked for" in said(attempt)
        now[0] += lock.locked_for() + 1
    assert locks == [300, 600, 1200, 2400, 4800]
    # In a day, a guesser gets few tries: the locks add up fast, to at most a day each.
    now[0] += 1
    assert lock.try_pin("258014").ok  # the right PIN starts the count again
    for _ in range(MAX_TRIES):
        lock.try_pin("000000")
    assert lock.locked_for() == 300
    # Every wrong try is logged, as a count only: never the digits typed.
    wrong = [r.getMessage() for r in caplog.records if "wrong staff PIN" in r.getMessage()]
    assert len(wrong) == 6 * MAX_TRIES and all("000000" not in m for m in wrong)


def test_an_older_short_pin_still_works_and_says_so(data: Path) -> None:
    lock = StaffLock(open_sqlite(data).staff)
    lock.set_pin("2580")  # set by an older kiosk, before 6 digits were asked for
    attempt = lock.try_pin("2580")
    assert attempt.ok and attempt.short
    lock.set_pin("258014")
    assert not lock.try_pin("258014").short


def test_set_pin_command(data: Path) -> None:
    script = "import getpass, sys; answers = iter(['2580', '258014', '258014']); getpass.getpass = lambda prompt='': next(answers); from kiosk.cli import main; sys.exit(main(['staff', 'set-pin']))"
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "KIOSK_DATA": str(data)},
    )
    assert result.returncode == 0, result.stderr
    assert "6 to 8 digits" in result.stdout and "The staff PIN is set." in result.stdout
    assert StaffLock(open_sqlite(data).staff).try_pin("258014").ok


def test_store_errors_are_plain(data: Path) -> None:
    with pytest.raises(StoreError, match="no message number"):
        service_on(data).get(5)
