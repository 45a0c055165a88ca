"""The ordering rule: every change to a centre's messages takes its `seq` here, and only here.

A kiosk pages through its centre's changes with `seq > since`. That is safe only if, for
one centre, changes become visible in `seq` order: were a transaction to take seq 8 and
commit after another took seq 9 and committed, a kiosk reading in between would move its
cursor to 9 and never see 8. So a writer first locks the centre's row (`FOR NO KEY UPDATE`:
writers of one centre queue behind each other, while a row that merely refers to the centre,
a new kiosk, is held up only when a second writer is already waiting), then takes `nextval()`
of the hub's one sequence. The lock is
held until commit, so the next writer of that centre takes a higher number and commits
later. Readers never lock. Sync requests, staff on the command line and the staff console
all go through `take_seqs` (or `take_seq`).
"""

from __future__ import annotations

from django.db import connection

from hub.models import Centre

SEQUENCE = "hub_change_seq"
"""The PostgreSQL sequence (made in migration 0002)."""


def lock_centre(centre: Centre | int) -> None:
    """Hold `centre`'s write lock until this transaction ends (taking it again is free).

    Writers take it before they read what they will change, so two writers of one centre
    never both decide on what they saw before the other committed.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("the centre's lock needs a transaction: it must last to commit")
    centre_id = centre if isinstance(centre, int) else centre.pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM hub_centre WHERE id = %s FOR NO KEY UPDATE", [centre_id])
        if cursor.fetchone() is None:
            raise Centre.DoesNotExist(f"There is no centre {centre_id}.")


def take_seqs(centre: Centre | int, count: int) -> list[int]:
    """`count` new change numbers for `centre`'s messages, ascending, under its lock."""
    lock_centre(centre)
    if count <= 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(%s) FROM generate_series(1, %s) AS n ORDER BY n", [SEQUENCE, count]
        )
        return sorted(int(row[0]) for row in cursor.fetchall())


def take_seq(centre: Centre | int) -> int:
    """One new change number for `centre`'s messages, under its lock."""
    return take_seqs(centre, 1)[0]
