"""The message store: what is kept, what is not, and that "sent" means on disk."""

from __future__ import annotations

import datetime as dt
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kiosk.messages.store import MIGRATIONS, MessageStore, Status, StoreError

DAY = dt.date(2026, 11, 24)


def test_add_and_find(data: Path) -> None:
    store = MessageStore(data)
    first = store.add("You are not alone.", DAY)
    store.add("Keep going.", DAY)
    assert first.status is Status.PENDING
    assert [m.text for m in store.find()] == ["You are not alone.", "Keep going."]
    assert store.approved() == []
    store.set_status(first.id, Status.APPROVED)
    assert [m.text for m in store.approved()] == ["You are not alone."]
    assert [m.text for m in store.find(Status.PENDING)] == ["Keep going."]


def test_only_text_day_and_status_are_kept(data: Path) -> None:
    MessageStore(data).add("Hello", DAY)
    db = sqlite3.connect(data / "kiosk.sqlite3")
    columns = [row[1] for row in db.execute("PRAGMA table_info(messages)")]
    # The words, the day, and what staff need to moderate it: nothing about the visitor.
    assert columns == ["id", "text", "day", "status", "reasons", "urgent", "held", "decided"]
    assert db.execute("SELECT day FROM messages").fetchone() == ("2026-11-24",)


def test_text_is_cleaned_and_empty_refused(data: Path) -> None:
    store = MessageStore(data)
    assert store.add("  hi\x1b[2J there  ", DAY).text == "hi[2J there"
    with pytest.raises(StoreError):
        store.add("  \n ", DAY)


def test_wal_and_schema_version(data: Path) -> None:
    store = MessageStore(data)
    assert store.schema_version == len(MIGRATIONS)
    MessageStore(data)  # opening again migrates nothing and loses nothing
    db = sqlite3.connect(data / "kiosk.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_newer_schema_is_refused(data: Path) -> None:
    MessageStore(data)
    db = sqlite3.connect(data / "kiosk.sqlite3")
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(StoreError, match="newer version"):
        MessageStore(data)


def test_not_a_database(data: Path) -> None:
    data.mkdir()
    (data / "kiosk.sqlite3").write_bytes(b"garbage" * 1000)
    with pytest.raises(StoreError, match="cannot be opened"):
        MessageStore(data)


def test_full_disk_raises_a_store_error_and_keeps_earlier_messages(data: Path) -> None:
    store = MessageStore(data)
    store.add("kept", DAY)
    db = sqlite3.connect(store.path)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.close()

    real_connect = store._connect

    from contextlib import contextmanager

    @contextmanager
    def tiny_disk():  # type: ignore[no-untyped-def]
        with real_connect() as conn:
            conn.execute(f"PRAGMA max_page_count = {pages}")
            yield conn

    store._connect = tiny_disk  # type: ignore[method-assign]
    with pytest.raises(StoreError, match="could not be saved"):
        store.add("x" * 200_000, DAY)
    assert [m.text for m in MessageStore(data).find()] == ["kept"]


def test_a_sent_message_survives_the_process_being_killed(data: Path) -> None:
    """The kiosk says "sent" only after `add` returns; kill -9 right then loses nothing."""
    script = textwrap.dedent(
        f"""
        import datetime, sys, time
        from pathlib import Path
        from kiosk.messages.store import MessageStore
        store = MessageStore(Path({str(data)!r}))
        store.add("Survives a hard kill", datetime.date(2026, 11, 24))
        print("sent", flush=True)
        time.sleep(60)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "sent"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    assert [m.text for m in MessageStore(data).find(Status.PENDING)] == ["Survives a hard kill"]


def test_hostile_text_is_stored_harmless_and_whole(data: Path) -> None:
    store = MessageStore(data)
    long = "You matter. " * 400
    for text, expected in [
        (long, long.strip()),
        ("🙂" * 300, "🙂" * 300),
        ("Привет 你好 مرحبا hello", "Привет 你好 مرحبا hello"),
        ("zero\u200bwidth", "zero\u200bwidth"),
        ("\u202eevil\u202c text", "evil text"),
        ("[bold]x[/bold]\x1b]0;title\x07", "[bold]x[/bold]]0;title"),
    ]:
        assert store.add(text, DAY).text == expected
    assert len(store.find()) == 6


async def test_old_rejected_messages_go_while_the_kiosk_runs(data: Path) -> None:
    from kiosk.wiring import build_app
    from tests.support.fakes import FakeClock, FakePlayer, FakeSpeaker
    from tests.support.paths import SAMPLE_CONTENT

    clock = FakeClock()
    app = build_app(SAMPLE_CONTENT, data, player=FakePlayer(), speech=FakeSpeaker(), clock=clock)
    store = app.services.store
    message = store.add("gone soon", clock.today())
    store.set_status(message.id, Status.REJECTED, clock.today())
    clock.date += dt.timedelta(days=31)
    app.services.purge_rejected()
    assert store.find() == []


def test_the_data_folder_and_database_are_private_whatever_the_umask(tmp_path: Path) -> None:
    """Issue 11.5: the folder was 0755 and kiosk.sqlite3 (messages, the PIN's hash) 0644."""
    import os
    import stat

    data = tmp_path / "data"
    old = os.umask(0o022)
    try:
        store = MessageStore(data)
        store.add("Urgent words", DAY, urgent=True)
    finally:
        os.umask(old)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    for file in data.iterdir():  # the database, and SQLite's -wal and -shm beside it
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file.name
    data.chmod(0o755)
    MessageStore(data)  # an existing folder is made private again
    assert stat.S_IMODE(data.stat().st_mode) == 0o700


def test_a_data_folder_deleted_while_running_is_made_again_on_the_next_save(data: Path) -> None:
    """Issue 11.10b: the folder was never made again, so every later message failed."""
    store = MessageStore(data)
    store.add("before", DAY)
    shutil.rmtree(data)
    saved = store.add("after", DAY)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert [m.text for m in MessageStore(data).find()] == ["after"]  # on disk, as reported
    assert saved.status is Status.PENDING
    store.count(DAY, "visits")  # the other tables are there too
    assert store.usage() == [(DAY, "visits", "", 1)]


def test_a_data_folder_that_cannot_be_made_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    """Issue 11.10c: with must_open False the kiosk runs on, and each save says it failed."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    store = MessageStore(blocker / "data", must_open=False)
    assert store.problem is not None and "cannot be used" in store.problem
    with pytest.raises(StoreError, match="cannot be used"):
        store.add("lost?", DAY)
    with pytest.raises(StoreError):
        store.find()
    blocker.unlink()  # put right while the kiosk runs: the next save works
    store.add("kept", DAY)
    assert store.problem is None
    assert [m.text for m in store.find()] == ["kept"]
