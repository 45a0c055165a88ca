"""The SQLite stores: what is kept, what is not, that "sent" means on disk, and migrations."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from ulid import ULID

from kiosk.messages.repository import Reason, Status, StoreError, Why
from kiosk.messages.store import MIGRATIONS, Database, SqliteMessages, open_sqlite

DAY = dt.date(2026, 11, 24)


def messages_in(data: Path) -> SqliteMessages:
    """The messages store on the database in `data`."""
    return open_sqlite(data).messages


def approved(store: SqliteMessages) -> list[str]:
    return [m.text for m in store.find(Status.APPROVED, newest_first=True)]


def test_add_and_find(data: Path) -> None:
    store = messages_in(data)
    first = store.add("You are not alone.", DAY)
    store.add("Keep going.", DAY)
    assert first.status is Status.PENDING
    assert [m.text for m in store.find()] == ["You are not alone.", "Keep going."]
    assert approved(store) == []
    store.set_status(first.id, Status.APPROVED, DAY)
    assert approved(store) == ["You are not alone."]
    assert [m.text for m in store.find(Status.PENDING)] == ["Keep going."]


def test_only_text_day_and_status_are_kept(data: Path) -> None:
    messages_in(data).add("Hello", DAY)
    db = sqlite3.connect(data / "kiosk.sqlite3")
    columns = [row[1] for row in db.execute("PRAGMA table_info(messages)")]
    # The words, the day, and what staff need to moderate it: nothing about the visitor.
    # (uid: an id unique across kiosks, whose time part is the day's midnight. The rest:
    # where the message is in the sync with the centre's hub, and the hub's own state.)
    assert columns == [
        *("id", "text", "day", "status", "reasons", "urgent", "held", "decided", "uid"),
        *("pushed", "from_hub", "version", "acked", "edited", "hub_status", "hub_text"),
    ]
    assert db.execute("SELECT day FROM messages").fetchone() == ("2026-11-24",)


def test_text_is_cleaned_and_empty_refused(data: Path) -> None:
    store = messages_in(data)
    assert store.add("  hi\x1b[2J there  ", DAY).text == "hi[2J there"
    with pytest.raises(StoreError):
        store.add("  \n ", DAY)


def test_wal_and_schema_version(data: Path) -> None:
    store = Database(data)
    assert store.schema_version == len(MIGRATIONS)
    Database(data)  # opening again migrates nothing and loses nothing
    db = sqlite3.connect(data / "kiosk.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_newer_schema_is_refused(data: Path) -> None:
    Database(data)
    db = sqlite3.connect(data / "kiosk.sqlite3")
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(StoreError, match="newer version"):
        Database(data)


def test_not_a_database(data: Path) -> None:
    data.mkdir()
    (data / "kiosk.sqlite3").write_bytes(b"garbage" * 1000)
    with pytest.raises(StoreError, match="cannot be opened"):
        Database(data)


def test_full_disk_raises_a_store_error_and_keeps_earlier_messages(data: Path) -> None:
    database = Database(data)
    store = SqliteMessages(database)
    store.add("kept", DAY)
    db = sqlite3.connect(database.path)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.close()

    real_connect = database.connect

    from contextlib import contextmanager

    @contextmanager
    def tiny_disk():  # type: ignore[no-untyped-def]
        with real_connect() as conn:
            conn.execute(f"PRAGMA max_page_count = {pages}")
            yield conn

    database.connect = tiny_disk  # type: ignore[method-assign]
    with pytest.raises(StoreError, match="could not be saved"):
        store.add("x" * 200_000, DAY)
    assert [m.text for m in messages_in(data).find()] == ["kept"]


def test_a_sent_message_survives_the_process_being_killed(data: Path) -> None:
    """The kiosk says "sent" only after `add` returns; kill -9 right then loses nothing."""
    script = textwrap.dedent(
        f"""
        import datetime, sys, time
        from pathlib import Path
        from kiosk.messages.store import open_sqlite
        store = open_sqlite(Path({str(data)!r})).messages
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
    assert [m.text for m in messages_in(data).find(Status.PENDING)] == ["Survives a hard kill"]


def test_hostile_text_is_stored_harmless_and_whole(data: Path) -> None:
    store = messages_in(data)
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
    store = app.services.messages.repository
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
        store = messages_in(data)
        store.add("Urgent words", DAY, urgent=True)
    finally:
        os.umask(old)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    for file in data.iterdir():  # the database, and SQLite's -wal and -shm beside it
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file.name
    data.chmod(0o755)
    Database(data)  # an existing folder is made private again
    assert stat.S_IMODE(data.stat().st_mode) == 0o700


def test_a_data_folder_deleted_while_running_is_made_again_on_the_next_save(data: Path) -> None:
    """Issue 11.10b: the folder was never made again, so every later message failed."""
    stores = open_sqlite(data)
    store = stores.messages
    store.add("before", DAY)
    shutil.rmtree(data)
    saved = store.add("after", DAY)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE(stores.database.path.stat().st_mode) == 0o600
    assert [m.text for m in messages_in(data).find()] == ["after"]  # on disk, as reported
    assert saved.status is Status.PENDING
    stores.usage.count(DAY, "visits")  # the other tables are there too
    assert stores.usage.counts() == [(DAY, "visits", "", 1)]


def test_a_data_folder_that_cannot_be_made_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    """Issue 11.10c: with must_open False the kiosk runs on, and each save says it failed."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    stores = open_sqlite(blocker / "data", must_open=False)
    store = stores.messages
    assert stores.database.problem is not None and "cannot be used" in stores.database.problem
    with pytest.raises(StoreError, match="cannot be used"):
        store.add("lost?", DAY)
    with pytest.raises(StoreError):
        store.find()
    blocker.unlink()  # put right while the kiosk runs: the next save works
    store.add("kept", DAY)
    assert stores.database.problem is None
    assert [m.text for m in store.find()] == ["kept"]


# --- schema 3: ids unique across kiosks, screening reasons as codes ---------------------------

OLD_REASONS = [
    "URGENT: words suggest the writer may be in crisis.",
    "May identify someone: email address, phone number.",
    'Held for a second look: "pills".',
    'Watched word: "tablets".',
    "Something a person wrote by hand.",
]


def make_schema_2(path: Path) -> None:
    """A database as the kiosk made it before schema 3, with a flagged message and a plain one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    for steps in MIGRATIONS[:2]:
        for step in steps:
            assert isinstance(step, str)
            db.execute(step)
    db.execute("PRAGMA user_version = 2")
    db.execute(
        "INSERT INTO messages (text, day, status, reasons, urgent, held) VALUES (?, ?, ?, ?, ?, ?)",
        ("I hid the pills", "2026-11-02", "pending", json.dumps(OLD_REASONS), 1, 1),
    )
    db.execute(
        "INSERT INTO messages (text, day, status) VALUES (?, ?, ?)",
        ("Keep going", "2026-11-03", "approved"),
    )
    db.close()


def test_schema_3_gives_old_messages_an_id_and_their_reasons_codes(data: Path) -> None:
    make_schema_2(data / "kiosk.sqlite3")
    database = Database(data)
    assert database.schema_version == len(MIGRATIONS)
    flagged, plain = SqliteMessages(database).find()
    assert (flagged.id, flagged.text, flagged.status) == (1, "I hid the pills", Status.PENDING)
    assert flagged.urgent and flagged.held and plain.text == "Keep going"
    assert flagged.reasons == (
        Reason(Why.URGENT),
        Reason(Why.IDENTIFYING, ("email", "phone")),
        Reason(Why.HELD, ("pills",)),
        Reason(Why.WATCHED, ("tablets",)),
        Reason(Why.NOTE, ("Something a person wrote by hand.",)),  # kept whole
    )
    # Each message has its own id across kiosks, a ULID whose time is only its day.
    assert len({flagged.uid, plain.uid}) == 2
    assert ULID.from_str(flagged.uid).datetime == dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
    assert ULID.from_str(plain.uid).datetime == dt.datetime(2026, 11, 3, tzinfo=dt.UTC)
    assert flagged.uid < plain.uid  # sorted by day
    # On disk, the reasons are codes now, not sentences.
    kept = sqlite3.connect(database.path).execute("SELECT reasons FROM messages").fetchone()[0]
    assert "URGENT" not in kept and json.loads(kept)[0] == {"code": "urgent", "details": []}
    with pytest.raises(sqlite3.IntegrityError):  # the id is unique
        sqlite3.connect(database.path).execute("UPDATE messages SET uid = ?", (flagged.uid,))


def test_a_new_message_gets_a_ulid_that_says_only_its_day(data: Path) -> None:
    store = messages_in(data)
    saved = [store.add(f"Message {n}", DAY + dt.timedelta(days=n % 2)) for n in range(20)]
    uids = [m.uid for m in saved]
    assert len(set(uids)) == 20 and [m.uid for m in store.find()] == uids
    midnight = dt.datetime.combine(DAY, dt.time(), tzinfo=dt.UTC)
    assert ULID.from_str(uids[0]).datetime == midnight  # never the time of day
    assert max(uids[0::2]) < min(uids[1::2])  # a later day sorts after


def test_reasons_are_kept_as_codes_and_old_sentences_still_read(data: Path) -> None:
    store = messages_in(data)
    reasons = (Reason(Why.IDENTIFYING, ("phone",)), Reason(Why.HELD, ("pills",)))
    saved = store.add("Call me", DAY, reasons=reasons, held=True)
    assert store.get(saved.id).reasons == reasons
    # A row an older kiosk wrote after the migration ran (a copy put back by hand, say).
    db = sqlite3.connect(data / "kiosk.sqlite3")
    db.execute("UPDATE messages SET reasons = ?", (json.dumps(OLD_REASONS[:1]),))
    db.commit()
    assert store.get(saved.id).reasons == (Reason(Why.URGENT),)
    # A code only a newer kiosk knows is kept for staff to read, not a reason to fail.
    newer = json.dumps([{"code": "sounds_like_spam", "details": ["links"]}])
    db.execute("UPDATE messages SET reasons = ?", (newer,))
    db.commit()
    assert store.get(saved.id).reasons == (Reason(Why.NOTE, ("sounds_like_spam links",)),)


def test_an_older_backup_is_brought_up_to_date_when_restored(data: Path, tmp_path: Path) -> None:
    old = tmp_path / "old-backup.sqlite3"
    make_schema_2(old)
    database = Database(data)
    assert Database.check_backup(old) == 2
    count, safety = database.restore(old)
    assert count == 2 and safety.is_file()
    assert database.schema_version == len(MIGRATIONS)
    assert all(m.uid for m in SqliteMessages(database).find())
