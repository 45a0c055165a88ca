"""Visitors' messages, kept in SQLite in the data folder.

A message keeps only its words, the day it was left (a date, never a time) and its status.
Nothing about the visitor or the kiosk session is stored with it. `add` returns only after
the message is on disk, so when the screen says "sent", a power cut cannot take it back.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kiosk.text import clean

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
)


class MessageStore:
    """The messages database. Each call opens its own connection, so any thread may use it."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / DB_FILE
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                self._migrate(db)
        except sqlite3.DatabaseError as error:
            raise StoreError(
                f"The message store at {self.path} cannot be opened: {error}."
            ) from error
        except OSError as error:
            raise StoreError(
                f"The data folder {data_dir} cannot be used: {error.strerror}."
            ) from error

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode = WAL")
            # FULL: a commit is on disk (fsync) before it returns, even in WAL mode.
            db.execute("PRAGMA synchronous = FULL")
            db.execute("PRAGMA foreign_keys = ON")
            yield db
        finally:
            db.close()

    @staticmethod
    def _migrate(db: sqlite3.Connection) -> None:
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

    def add(self, text: str, day: dt.date) -> Message:
        """Save a visitor's message as pending; it is on disk when this returns."""
        words = clean(text).strip()
        if not words:
            raise StoreError("The message is empty.")
        try:
            with self._connect() as db:
                cursor = db.execute(
                    "INSERT INTO messages (text, day, status) VALUES (?, ?, ?)",
                    (words, day.isoformat(), Status.PENDING.value),
                )
                assert cursor.lastrowid is not None
                return Message(cursor.lastrowid, words, day, Status.PENDING)
        except sqlite3.Error as error:
            raise StoreError(f"The message could not be saved: {error}.") from error

    def find(self, status: Status | None = None, *, newest_first: bool = False) -> list[Message]:
        """Messages with `status` (all when None), oldest first unless `newest_first`."""
        order = "DESC" if newest_first else "ASC"
        query = "SELECT id, text, day, status FROM messages"
        params: tuple[str, ...] = ()
        if status is not None:
            query += " WHERE status = ?"
            params = (status.value,)
        try:
            with self._connect() as db:
                rows = db.execute(f"{query} ORDER BY id {order}", params).fetchall()
        except sqlite3.Error as error:
            raise StoreError(f"The messages could not be read: {error}.") from error
        return [Message(r[0], r[1], dt.date.fromisoformat(r[2]), Status(r[3])) for r in rows]

    def approved(self) -> list[Message]:
        """The messages other visitors may see and hear, newest first."""
        return self.find(Status.APPROVED, newest_first=True)

    def set_status(self, message_id: int, status: Status) -> None:
        """Move a message to `status` (staff moderation)."""
        try:
            with self._connect() as db:
                changed = db.execute(
                    "UPDATE messages SET status = ? WHERE id = ?", (status.value, message_id)
                ).rowcount
        except sqlite3.Error as error:
            raise StoreError(f"The message could not be changed: {error}.") from error
        if not changed:
            raise StoreError(f"There is no message number {message_id}.")
