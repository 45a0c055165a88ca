"""The kiosk's data in SQLite: one database file in the data folder, small stores on it.

`Database` owns the file: making it private, bringing its schema up to date, backups. On it
stand `SqliteMessages` (a `MessageRepository`), `SqliteUsageCounts` (kiosk/usage's
`UsageCounts`), `SqliteStaffSettings` (kiosk/staff's `StaffSettings`) and `SqliteOutbox` (what
the sync with the centre's hub keeps, kiosk/sync's `Outbox`); a second implementation of those
interfaces (PostgreSQL, through the hub) can stand beside these.
Only wiring and the CLI's factory import this module: screens get the message service.

A message keeps only its words, the day it was left (a date, never a time), its status and
an id unique across kiosks whose time is that day's midnight (so it sorts by day and says no
more than the date does). Nothing about the visitor or the kiosk session is stored with it.
`add` returns only after the message is on disk, so when the screen says "sent", a power cut
cannot take it back.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ulid import ULID

from kiosk.core.paths import make_private, private_file
from kiosk.core.text import clean
from kiosk.messages.repository import Message, Reason, Status, StoreError
from kiosk.messages.synced import Change, Decision, Resolved, Waiting

log = logging.getLogger(__name__)

DB_FILE = "kiosk.sqlite3"


# Each entry moves the schema up one version; never edit one that has shipped, add another.
# A step is SQL, or a function given the connection (for what SQL alone cannot do).
Step = str | Callable[[sqlite3.Connection], None]


def new_uid(day: dt.date) -> str:
    """An id unique across kiosks, sorting by `day`: a ULID whose time is the day's midnight.

    A ULID's time is to the millisecond; the day alone keeps the promise that a message
    says nothing about when in the day it was left.
    """
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    return str(ULID.from_datetime(midnight))


def _give_uids(db: sqlite3.Connection) -> None:
    """Schema 3: each message from before gets its id unique across kiosks."""
    rows = db.execute("SELECT id, day FROM messages WHERE uid IS NULL ORDER BY id").fetchall()
    for number, day in rows:
        db.execute(
            "UPDATE messages SET uid = ? WHERE id = ?",
            (new_uid(dt.date.fromisoformat(day)), number),
        )


def _reasons_as_codes(db: sqlite3.Connection) -> None:
    """Schema 3: reasons kept as English sentences become codes with their details."""
    for number, kept in db.execute("SELECT id, reasons FROM messages").fetchall():
        reasons = [Reason.from_stored(value).stored() for value in json.loads(kept)]
        db.execute(
            "UPDATE messages SET reasons = ? WHERE id = ?",
            (json.dumps(reasons), number),
        )


MIGRATIONS: tuple[tuple[Step, ...], ...] = (
    (
        """
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            text TEXT NOT NULL CHECK (length(text) > 0),
            day TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'approved', 'rejected'))
        )
        """,
        "CREATE INDEX messages_by_status ON messages (status, id)",
    ),
    (
        # Screening results, and the day a message was approved or rejected (for retention).
        "ALTER TABLE messages ADD COLUMN reasons TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE messages ADD COLUMN urgent INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE messages ADD COLUMN held INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE messages ADD COLUMN decided TEXT",
        # Usage counts: per day and per thing, never per visitor, never a time of day.
        """
        CREATE TABLE usage (
            day TEXT NOT NULL,
            name TEXT NOT NULL,
            item TEXT NOT NULL DEFAULT '',
            count INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (day, name, item)
        )
        """,
        # Staff settings: the PIN's hash, and the lock after wrong tries.
        "CREATE TABLE staff (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ),
    (
        # An id unique across kiosks beside the local number, and screening reasons as codes.
        "ALTER TABLE messages ADD COLUMN uid TEXT",
        _give_uids,
        "CREATE UNIQUE INDEX messages_by_uid ON messages (uid)",
        _reasons_as_codes,
    ),
    (
        # Sharing with the centre's hub (issue 35, hub/protocol.md). `pushed`: the hub has
        # this kiosk's message safely. `from_hub`: another kiosk's, taken from the hub.
        # `version` counts decisions and edits made here; `acked` is the version the hub has
        # acknowledged, so a decision made while a request is in flight stays unacknowledged.
        # `edited`: staff changed the words (sent with the decision). `hub_status`/`hub_text`:
        # the hub's latest state, kept while a decision of this kiosk's waits for its answer.
        "ALTER TABLE messages ADD COLUMN pushed INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE messages ADD COLUMN from_hub INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE messages ADD COLUMN version INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE messages ADD COLUMN acked INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE messages ADD COLUMN edited INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE messages ADD COLUMN hub_status TEXT",
        "ALTER TABLE messages ADD COLUMN hub_text TEXT",
        # Decisions made before the hub are decisions the hub has not heard of yet.
        "UPDATE messages SET version = 1 WHERE status != 'pending'",
        "CREATE INDEX messages_to_push ON messages (id) WHERE pushed = 0",
        "CREATE INDEX messages_to_decide ON messages (id) WHERE version > acked",
        # The sync service's own few values: the hub's cursor, the usage watermark, the last
        # sync and the last problem (as codes).
        "CREATE TABLE sync (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ),
)
_COLUMNS = "id, text, day, status, reasons, urgent, held, uid"


class Database:
    """The database file. Each call opens its own connection, so any thread may use it."""

    def __init__(self, data_dir: Path, *, must_open: bool = True) -> None:
        """Open (or make) the database in `data_dir`.

        With `must_open` False, a folder that cannot be used is noted in `problem` instead of
        raised, and each later call tries again: the kiosk runs on without it.
        """
        self.data_dir = data_dir
        self.path = data_dir / DB_FILE
        self.problem: str | None = None
        """Why the database cannot be used just now (plain words for staff), or None."""
        self._opening = threading.Lock()
        try:
            self._open()
        except StoreError as error:
            if must_open:
                raise
            log.warning("%s", error)

    def _open(self) -> None:
        """Make the folder and the database if need be (both private) and bring it up to date."""
        try:
            # SQLite gives its -wal and -shm files the database file's own permissions.
            private_file(make_private(self.data_dir) / DB_FILE)
            with self._connection() as db:
                self._migrate(db)
        except StoreError as error:  # made by a newer kiosk
            self.problem = str(error)
            raise
        except sqlite3.DatabaseError as error:
            self.problem = f"The message store at {self.path} cannot be opened: {error}."
            raise StoreError(self.problem) from error
        except OSError as error:
            self.problem = f"The data folder {self.data_dir} cannot be used: {error.strerror}."
            raise StoreError(self.problem) from error
        self.problem = None

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection to the database, made again first if it was deleted while running."""
        if self.problem is not None or not self.path.exists():
            # Never opened, or deleted while the kiosk runs (the whole folder, even): make it
            # again, so the next message is kept instead of failing until a restart.
            with self._opening:
                if self.problem is None and not self.path.exists():
                    log.warning("the message store %s was gone; making it again", self.path)
                if self.problem is not None or not self.path.exists():
                    self._open()
        with self._connection() as db:
            yield db

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            # FULL: a commit is on disk (fsync) before it returns, even in WAL mode.
            db.execute("PRAGMA synchronous = FULL")
            db.execute("PRAGMA foreign_keys = ON")
            yield db
        finally:
            db.close()

    @staticmethod
    def _migrate(db: sqlite3.Connection) -> None:
        # WAL is kept in the database file, so setting it once here serves every connection.
        db.execute("PRAGMA journal_mode = WAL")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(
                "The message store was made by a newer version of the kiosk; update the kiosk."
            )
        for number, steps in enumerate(MIGRATIONS[version:], version + 1):
            db.execute("BEGIN IMMEDIATE")
            try:
                for step in steps:
                    if isinstance(step, str):
                        db.execute(step)
                    else:
                        step(db)
                db.execute(f"PRAGMA user_version = {number}")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    @property
    def schema_version(self) -> int:
        """The schema version on disk."""
        with self.connect() as db:
            return int(db.execute("PRAGMA user_version").fetchone()[0])

    # --- backups --------------------------------------------------------------------------------

    def backup(self, target: Path) -> int:
        """Write a consistent copy of the database to `target`, even while the kiosk runs.

        The copy is checked; returns how many messages it holds.
        """
        try:
            with self.connect() as db:
                private_file(target)  # every message and the PIN's hash: this user's only
                copy = sqlite3.connect(target)
                try:
                    db.backup(copy)
                finally:
                    copy.close()
        except sqlite3.Error as error:
            raise StoreError(f"The backup could not be written: {error}.") from error
        return self.check_backup(target)

    @staticmethod
    def check_backup(source: Path) -> int:
        """Check a backup file; return how many messages it holds, or raise StoreError."""
        try:
            db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            try:
                if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    raise StoreError(f"{source} is damaged.")
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if not 1 <= version <= len(MIGRATIONS):
                    raise StoreError(f"{source} is not a backup from this kiosk.")
                return int(db.execute("SELECT count(*) FROM messages").fetchone()[0])
            finally:
                db.close()
        except sqlite3.Error as error:
            raise StoreError(f"{source} is not a kiosk backup: {error}.") from error

    def restore(self, source: Path) -> tuple[int, Path]:
        """Replace the database with a checked backup, keeping the one it replaces beside it.

        Returns how many messages the backup holds and where the replaced database was kept.
        """
        count = self.check_backup(source)
        safety = self.path.with_suffix(".before-restore")
        self.backup(safety)
        try:
            backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            try:
                with self.connect() as db:
                    backup.backup(db)
                    self._migrate(db)  # an older backup is brought up to date
            finally:
                backup.close()
        except sqlite3.Error as error:
            raise StoreError(f"The backup could not be restored: {error}.") from error
        return count, safety


class SqliteMessages:
    """Visitors' messages in the database (a `MessageRepository`)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(
        self,
        text: str,
        day: dt.date,
        *,
        reasons: Sequence[Reason] = (),
        urgent: bool = False,
        held: bool = False,
    ) -> Message:
        """Save a visitor's message as pending; it is on disk when this returns."""
        words = clean(text).strip()
        if not words:
            raise StoreError("The message is empty.")
        try:
            with self._db.connect() as db:
                uid = new_uid(day)
                cursor = db.execute(
                    "INSERT INTO messages (text, day, status, reasons, urgent, held, uid) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        words,
                        day.isoformat(),
                        Status.PENDING.value,
                        json.dumps([r.stored() for r in reasons]),
                        urgent,
                        held,
                        uid,
                    ),
                )
                assert cursor.lastrowid is not None
                return Message(
                    cursor.lastrowid, words, day, Status.PENDING, tuple(reasons), urgent, held, uid
                )
        except (sqlite3.Error, UnicodeError) as error:
            # UnicodeError: text that cannot be stored at all; the visitor is told it was not
            # saved (and may try again) rather than the kiosk stopping.
            raise StoreError(f"The message could not be saved: {error}.") from error

    @staticmethod
    def _message(row: Sequence[Any]) -> Message:
        return Message(
            row[0],
            row[1],
            dt.date.fromisoformat(row[2]),
            Status(row[3]),
            # Tolerant of reasons an older kiosk wrote as sentences (a restored backup, say).
            tuple(Reason.from_stored(value) for value in json.loads(row[4])),
            bool(row[5]),
            bool(row[6]),
            row[7] or "",
        )

    def find(self, status: Status | None = None, *, newest_first: bool = False) -> list[Message]:
        """Messages with `status` (all when None), oldest first unless `newest_first`."""
        order = "DESC" if newest_first else "ASC"
        query = f"SELECT {_COLUMNS} FROM messages"
        params: tuple[str, ...] = ()
        if status is not None:
            query += " WHERE status = ?"
            params = (status.value,)
        try:
            with self._db.connect() as db:
                rows = db.execute(f"{query} ORDER BY id {order}", params).fetchall()
        except sqlite3.Error as error:
            raise StoreError(f"The messages could not be read: {error}.") from error
        return [self._message(r) for r in rows]

    def get(self, message_id: int) -> Message:
        """One message by its number."""
        try:
            with self._db.connect() as db:
                row = db.execute(
                    f"SELECT {_COLUMNS} FROM messages WHERE id = ?", (message_id,)
                ).fetchone()
        except sqlite3.Error as error:
            raise StoreError(f"The message could not be read: {error}.") from error
        if row is None:
            raise StoreError(f"There is no message number {message_id}.")
        return self._message(row)

    def edit(self, message_id: int, text: str) -> None:
        """Change a message's words (staff taking out a detail before approving)."""
        words = clean(text).strip()
        if not words:
            raise StoreError("The message would be empty.")
        # A change the hub has not heard of: it goes with the decision (kiosk/sync).
        self._change(
            "UPDATE messages SET text = ?, edited = 1, version = version + 1 WHERE id = ?",
            (words, message_id),
            message_id,
        )

    def _change(self, sql: str, params: Sequence[Any], message_id: int) -> None:
        try:
            with self._db.connect() as db:
                changed = db.execute(sql, params).rowcount
        except sqlite3.Error as error:
            raise StoreError(f"The message could not be changed: {error}.") from error
        if not changed:
            raise StoreError(f"There is no message number {message_id}.")

    def purge_rejected(self, older_than: dt.date) -> int:
        """Delete rejected messages decided before `older_than`; returns how many."""
        try:
            with self._db.connect() as db:
                return db.execute(
                    "DELETE FROM messages WHERE status = 'rejected' AND decided < ?",
                    (older_than.isoformat(),),
                ).rowcount
        except sqlite3.Error as error:
            raise StoreError(f"Old rejected messages could not be deleted: {error}.") from error

    def set_status(self, message_id: int, status: Status, day: dt.date) -> None:
        """Move a message to `status` (staff moderation), noting the day it was decided."""
        decided = day.isoformat()
        self._change(
            "UPDATE messages SET status = ?, decided = ?, version = version + 1 WHERE id = ?",
            (status.value, decided, message_id),
            message_id,
        )


class SqliteUsageCounts:
    """Usage counts in the database (kiosk/usage's `UsageCounts`)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def count(self, day: dt.date, name: str, item: str = "", by: int = 1) -> None:
        """Add `by` to today's count of `name` (and `item`, such as a story)."""
        try:
            with self._db.connect() as db:
                db.execute(
                    "INSERT INTO usage (day, name, item, count) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (day, name, item) DO UPDATE SET count = count + excluded.count",
                    (day.isoformat(), name, item, by),
                )
        except sqlite3.Error as error:
            raise StoreError(f"The usage count could not be saved: {error}.") from error

    def counts(self, since: dt.date | None = None) -> list[tuple[dt.date, str, str, int]]:
        """Counts as (day, name, item, count), oldest day first."""
        query = "SELECT day, name, item, count FROM usage"
        params: tuple[str, ...] = ()
        if since is not None:
            query += " WHERE day >= ?"
            params = (since.isoformat(),)
        try:
            with self._db.connect() as db:
                rows = db.execute(query + " ORDER BY day, name, item", params).fetchall()
        except sqlite3.Error as error:
            raise StoreError(f"The usage counts could not be read: {error}.") from error
        return [(dt.date.fromisoformat(r[0]), r[1], r[2], int(r[3])) for r in rows]


class SqliteStaffSettings:
    """Staff settings in the database (kiosk/staff's `StaffSettings`): the PIN's hash, the lock."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def setting(self, key: str) -> str | None:
        """A staff setting (such as the PIN's hash), or None."""
        try:
            with self._db.connect() as db:
                row = db.execute("SELECT value FROM staff WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as error:
            raise StoreError(f"Staff settings could not be read: {error}.") from error
        return None if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        """Keep a staff setting."""
        try:
            with self._db.connect() as db:
                db.execute(
                    "INSERT INTO staff (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )
        except sqlite3.Error as error:
            raise StoreError(f"Staff settings could not be saved: {error}.") from error


class SqliteOutbox:
    """What the sync service needs of the database (kiosk/sync's `Outbox`).

    Which of this kiosk's messages the hub has, the decisions it has not heard of, the
    messages other kiosks left (taken from the hub), and the sync service's few values.
    Everything an answer from the hub changes is changed in one transaction, so a kiosk
    killed at any moment has either taken the whole answer or none of it (and asks again).
    """

    def __init__(self, db: Database) -> None:
        self._db = db

    def to_push(self, limit: int) -> list[Message]:
        """Messages left here that the hub has not acknowledged, oldest first."""
        rows = self._read(
            f"SELECT {_COLUMNS} FROM messages WHERE pushed = 0 ORDER BY id LIMIT ?", (limit,)
        )
        return [SqliteMessages._message(r) for r in rows]

    def decisions(self, limit: int) -> list[Decision]:
        """Decisions made here that the hub has not acknowledged, oldest message first."""
        rows = self._read(
            "SELECT uid, status, text, edited, coalesce(decided, day), version, pushed "
            "FROM messages WHERE version > acked AND status != 'pending' ORDER BY id LIMIT ?",
            (limit,),
        )
        return [
            Decision(
                uid,
                Status(status),
                text if edited else None,
                dt.date.fromisoformat(day),
                version,
                bool(pushed),
            )
            for uid, status, text, edited, day, version, pushed in rows
        ]

    def waiting(self) -> Waiting:
        """How many messages and decisions the hub has not acknowledged."""
        row = self._read(
            "SELECT (SELECT count(*) FROM messages WHERE pushed = 0), "
            "(SELECT count(*) FROM messages WHERE version > acked AND status != 'pending')",
            (),
        )[0]
        return Waiting(int(row[0]), int(row[1]))

    def usage(self, since: dt.date | None, limit: int) -> list[tuple[dt.date, str, str, int]]:
        """Usage counts as (day, name, item, count) from the day `since` on, oldest first."""
        rows = self._read(
            "SELECT day, name, item, count FROM usage WHERE day >= ? "
            "ORDER BY day, name, item LIMIT ?",
            ((since or dt.date.min).isoformat(), limit),
        )
        return [(dt.date.fromisoformat(r[0]), r[1], r[2], int(r[3])) for r in rows]

    def value(self, key: str) -> str | None:
        """One of the sync service's values (the cursor, say), or None."""
        rows = self._read("SELECT value FROM sync WHERE key = ?", (key,))
        return None if not rows else str(rows[0][0])

    def set_values(self, values: Mapping[str, str]) -> None:
        """Keep some of the sync service's values."""
        try:
            with self._db.connect() as db:
                db.execute("BEGIN IMMEDIATE")
                self._put(db, values)
                db.execute("COMMIT")
        except sqlite3.Error as error:
            raise StoreError(f"The sync state could not be saved: {error}.") from error

    def apply(
        self,
        accepted: Sequence[str],
        resolved: Sequence[Resolved],
        changes: Sequence[Change],
        values: Mapping[str, str],
        today: dt.date,
    ) -> int:
        """Take one answer from the hub, all of it or nothing; returns how many messages are new.

        `accepted`: this kiosk's messages the hub now has. `resolved`: the hub's answers to
        decisions, each settling the row only if no newer decision was made meanwhile.
        `changes`: the centre's messages as the hub has them, applied by uid. `values`: the
        cursor and the like, kept in the same transaction.
        """
        added = 0
        try:
            with self._db.connect() as db:
                db.execute("BEGIN IMMEDIATE")
                try:
                    db.executemany(
                        "UPDATE messages SET pushed = 1 WHERE uid = ?", [(u,) for u in accepted]
                    )
                    for answer in resolved:
                        self._resolve(db, answer, today)
                    for change in changes:
                        added += self._take(db, change, today)
                    self._put(db, values)
                    db.execute("COMMIT")
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
        except sqlite3.Error as error:
            raise StoreError(f"The hub's answer could not be saved: {error}.") from error
        return added

    @staticmethod
    def _resolve(db: sqlite3.Connection, answer: Resolved, today: dt.date) -> None:
        settled = db.execute(
            "UPDATE messages SET acked = version, edited = 0 WHERE uid = ? AND version = ?",
            (answer.uid, answer.version),
        ).rowcount
        if not settled or not answer.overruled:
            return
        # Overruled: the hub had decided first. Take its decision if it already came (kept
        # while ours waited); if not, it comes with these changes or the next ones.
        row = db.execute(
            "SELECT hub_status, hub_text FROM messages WHERE uid = ?", (answer.uid,)
        ).fetchone()
        if row is not None and row[0] in (Status.APPROVED.value, Status.REJECTED.value):
            SqliteOutbox._set_hub_state(db, answer.uid, Status(row[0]), row[1] or "", today)

    @staticmethod
    def _set_hub_state(
        db: sqlite3.Connection, uid: str, status: Status, text: str, today: dt.date
    ) -> None:
        # A rejected message comes without its words: the kiosk keeps its own until the purge.
        db.execute(
            "UPDATE messages SET status = ?, text = CASE WHEN ? = '' THEN text ELSE ? END, "
            "decided = CASE WHEN ? = 'pending' THEN NULL "
            "WHEN status = ? AND decided IS NOT NULL THEN decided ELSE ? END "
            "WHERE uid = ?",
            (status.value, text, text, status.value, status.value, today.isoformat(), uid),
        )

    @staticmethod
    def _take(db: sqlite3.Connection, change: Change, today: dt.date) -> int:
        row = db.execute(
            "SELECT version > acked AND status != 'pending' FROM messages WHERE uid = ?",
            (change.uid,),
        ).fetchone()
        reasons = json.dumps(list(change.reasons))
        if row is None:
            if change.status is Status.REJECTED or not change.text:
                return 0  # never added: a rejected message from elsewhere is nothing to keep
            db.execute(
                "INSERT INTO messages (text, day, status, reasons, urgent, held, uid, decided, "
                "pushed, from_hub, hub_status, hub_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?)",
                (
                    change.text,
                    change.day.isoformat(),
                    change.status.value,
                    reasons,
                    change.urgent,
                    change.held,
                    change.uid,
                    None if change.status is Status.PENDING else today.isoformat(),
                    change.status.value,
                    change.text,
                ),
            )
            return 1
        db.execute(
            "UPDATE messages SET hub_status = ?, hub_text = ?, pushed = 1 WHERE uid = ?",
            (change.status.value, change.text, change.uid),
        )
        if row[0]:
            return 0  # a decision of this kiosk's waits for the hub: its answer settles it
        db.execute(
            "UPDATE messages SET reasons = ?, urgent = ?, held = ?, acked = version, edited = 0 "
            "WHERE uid = ?",
            (reasons, change.urgent, change.held, change.uid),
        )
        SqliteOutbox._set_hub_state(db, change.uid, change.status, change.text, today)
        return 0

    @staticmethod
    def _put(db: sqlite3.Connection, values: Mapping[str, str]) -> None:
        db.executemany(
            "INSERT INTO sync (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            list(values.items()),
        )

    def _read(self, sql: str, params: Sequence[Any]) -> list[Any]:
        try:
            with self._db.connect() as db:
                return db.execute(sql, params).fetchall()
        except sqlite3.Error as error:
            raise StoreError(f"The sync state could not be read: {error}.") from error


@dataclass(frozen=True)
class SqliteStores:
    """The stores on one database file, and the file itself (for backups)."""

    database: Database
    messages: SqliteMessages
    usage: SqliteUsageCounts
    staff: SqliteStaffSettings
    outbox: SqliteOutbox


def open_sqlite(data_dir: Path, *, must_open: bool = True) -> SqliteStores:
    """The stores in `data_dir`'s database (see `Database` for `must_open`)."""
    database = Database(data_dir, must_open=must_open)
    return SqliteStores(
        database,
        SqliteMessages(database),
        SqliteUsageCounts(database),
        SqliteStaffSettings(database),
        SqliteOutbox(database),
    )
