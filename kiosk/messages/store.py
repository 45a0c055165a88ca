"""Visitors' messages, kept in SQLite in the data folder.

A message keeps only its words, the day it was left (a date, never a time) and its status.
Nothing about the visitor or the kiosk session is stored with it. `add` returns only after
the message is on disk, so when the screen says "sent", a power cut cannot take it back.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from kiosk.core.paths import make_private, private_file
from kiosk.core.text import clean

log = logging.getLogger(__name__)

DB_FILE = "kiosk.sqlite3"


class Status(StrEnum):
    """Where a message is in moderation: only approved ones reach other visitors."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Message:
    """One visitor's message."""

    id: int
    text: str
    day: dt.date
    status: Status
    reasons: tuple[str, ...] = ()
    """Why screening wants staff to look closely (plain words); empty when nothing was found."""
    urgent: bool = False
    """Words suggest the writer may be in crisis."""
    held: bool = False
    """A watched word asked for a second look: approve only after reading it in full."""


class StoreError(Exception):
    """The store could not do what was asked; the message says why in plain words."""


# Each entry moves the schema up one version; never edit one that has shipped, add another.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
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
)
_COLUMNS = "id, text, day, status, reasons, urgent, held"


class MessageStore:
    """The messages database. Each call opens its own connection, so any thread may use it."""

    def __init__(self, data_dir: Path, *, must_open: bool = True) -> None:
        """Open (or make) the store in `data_dir`.

        With `must_open` False, a folder that cannot be used is noted in `problem` instead of
        raised, and each later call tries again: the kiosk runs on without it.
        """
        self.data_dir = data_dir
        self.path = data_dir / DB_FILE
        self.problem: str | None = None
        """Why the store cannot be used just now (plain words for staff), or None."""
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
    def _connect(self) -> Iterator[sqlite3.Connection]:
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
                    db.execute(step)
                db.execute(f"PRAGMA user_version = {number}")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    @property
    def schema_version(self) -> int:
        """The schema version on disk."""
        with self._connect() as db:
            return int(db.execute("PRAGMA user_version").fetchone()[0])

    def add(
        self,
        text: str,
        day: dt.date,
        *,
        reasons: Sequence[str] = (),
        urgent: bool = False,
        held: bool = False,
    ) -> Message:
        """Save a visitor's message as pending; it is on disk when this returns."""
        words = clean(text).strip()
        if not words:
            raise StoreError("The message is empty.")
        try:
            with self._connect() as db:
                cursor = db.execute(
                    "INSERT INTO messages (text, day, status, reasons, urgent, held) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        words,
                        day.isoformat(),
                        Status.PENDING.value,
                        json.dumps(list(reasons)),
                        urgent,
                        held,
                    ),
                )
                assert cursor.lastrowid is not None
                return Message(
                    cursor.lastrowid, words, day, Status.PENDING, tuple(reasons), urgent, held
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
            tuple(json.loads(row[4])),
            bool(row[5]),
            bool(row[6]),
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
            with self._connect() as db:
                rows = db.execute(f"{query} ORDER BY id {order}", params).fetchall()
        except sqlite3.Error as error:
            raise StoreError(f"The messages could not be read: {error}.") from error
        return [self._message(r) for r in rows]

    def queue(self) -> list[Message]:
        """Pending messages for staff: urgent ones first, then oldest first."""
        return sorted(self.find(Status.PENDING), key=lambda m: (not m.urgent, m.id))

    def get(self, message_id: int) -> Message:
        """One message by its number."""
        try:
            with self._connect() as db:
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
        self._change("UPDATE messages SET text = ? WHERE id = ?", (words, message_id), message_id)

    def _change(self, sql: str, params: Sequence[Any], message_id: int) -> None:
        try:
            with self._connect() as db:
                changed = db.execute(sql, params).rowcount
        except sqlite3.Error as error:
            raise StoreError(f"The message could not be changed: {error}.") from error
        if not changed:
            raise StoreError(f"There is no message number {message_id}.")

    def purge_rejected(self, older_than: dt.date) -> int:
        """Delete rejected messages decided before `older_than`; returns how many."""
        try:
            with self._connect() as db:
                return db.execute(
                    "DELETE FROM messages WHERE status = 'rejected' AND decided < ?",
                    (older_than.isoformat(),),
                ).rowcount
        except sqlite3.Error as error:
            raise StoreError(f"Old rejected messages could not be deleted: {error}.") from error

    # --- usage counts -----------------------------------------------------------------------

    def count(self, day: dt.date, name: str, item: str = "", by: int = 1) -> None:
        """Add `by` to today's count of `name` (and `item`, such as a story)."""
        try:
            with self._connect() as db:
                db.execute(
                    "INSERT INTO usage (day, name, item, count) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (day, name, item) DO UPDATE SET count = count + excluded.count",
                    (day.isoformat(), name, item, by),
                )
        except sqlite3.Error as error:
            raise StoreError(f"The usage count could not be saved: {error}.") from error

    def usage(self, since: dt.date | None = None) -> list[tuple[dt.date, str, str, int]]:
        """Counts as (day, name, item, count), oldest day first."""
        query = "SELECT day, name, item, count FROM usage"
        params: tuple[str, ...] = ()
        if since is not None:
            query += " WHERE day >= ?"
            params = (since.isoformat(),)
        try:
            with self._connect() as db:
                rows = db.execute(query + " ORDER BY day, name, item", params).fetchall()
        except sqlite3.Error as error:
            raise StoreError(f"The usage counts could not be read: {error}.") from error
        return [(dt.date.fromisoformat(r[0]), r[1], r[2], int(r[3])) for r in rows]

    # --- staff settings -----------------------------------------------------------------------

    def setting(self, key: str) -> str | None:
        """A staff setting (such as the PIN's hash), or None."""
        try:
            with self._connect() as db:
                row = db.execute("SELECT value FROM staff WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as error:
            raise StoreError(f"Staff settings could not be read: {error}.") from error
        return None if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        """Keep a staff setting."""
        try:
            with self._connect() as db:
                db.execute(
                    "INSERT INTO staff (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )
        except sqlite3.Error as error:
            raise StoreError(f"Staff settings could not be saved: {error}.") from error

    # --- backups --------------------------------------------------------------------------------

    def backup(self, target: Path) -> None:
        """Write a consistent copy of the database to `target`, even while the kiosk runs."""
        try:
            with self._connect() as db:
                private_file(target)  # every message and the PIN's hash: this user's only
                copy = sqlite3.connect(target)
                try:
                    db.backup(copy)
                finally:
                    copy.close()
        except sqlite3.Error as error:
            raise StoreError(f"The backup could not be written: {error}.") from error

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

    def restore(self, source: Path) -> int:
        """Replace the database with a checked backup; returns how many messages it holds."""
        count = self.check_backup(source)
        try:
            backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            try:
                with self._connect() as db:
                    backup.backup(db)
                    self._migrate(db)  # an older backup is brought up to date
            finally:
                backup.close()
        except sqlite3.Error as error:
            raise StoreError(f"The backup could not be restored: {error}.") from error
        return count

    def approved(self) -> list[Message]:
        """The messages other visitors may see and hear, newest first."""
        return self.find(Status.APPROVED, newest_first=True)

    def set_status(self, message_id: int, status: Status, day: dt.date | None = None) -> None:
        """Move a message to `status` (staff moderation), noting the day it was decided."""
        decided = (day or dt.date.today()).isoformat()
        self._change(
            "UPDATE messages SET status = ?, decided = ? WHERE id = ?",
            (status.value, decided, message_id),
            message_id,
        )
