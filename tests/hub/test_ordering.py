"""The ordering rule (hub/changes.py): a kiosk paging by `seq > since` never skips a change.

Two writers of one centre: the second waits for the first's lock, so it cannot commit a
higher seq before the first commits its lower one. Shown step by step with two transactions
in threads, then under load with several kiosks syncing while another pages.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection, transaction
from django.test import Client

from hub.changes import take_seq
from hub.localdb import LocalPostgres
from hub.models import Centre, HubMessage
from tests.hub.conftest import KioskClient
from tests.support.hubs import message, new_uid, today
from tests.support.waits import generous, until_sync


def _waiting_for_a_lock(db: LocalPostgres) -> int:
    return int(
        db.sql(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = 'hub' AND wait_event_type = 'Lock'"
        )
    )


def test_a_second_writer_waits_so_a_reader_never_skips(
    db: LocalPostgres, centre: Centre, join: Callable[..., KioskClient]
) -> None:
    writer, other, reader = join(centre), join(centre), join(centre)
    holding, release = threading.Event(), threading.Event()
    answers: dict[str, object] = {}

    def slow_writer() -> None:
        try:
            with transaction.atomic():
                seq = take_seq(centre.pk)
                HubMessage.objects.create(
                    uid=new_uid(), centre=centre, kiosk_id=writer.id, number=1, text="slow",
                    day=today(), seq=seq, first_seq=seq,
                )  # fmt: skip
                holding.set()
                release.wait(generous(60))
        finally:
            connection.close()

    def second_writer() -> None:
        try:
            mine = KioskClient(Client(), other.id, other.token)
            answers["second"] = mine.sync(messages=[message("fast")])
        finally:
            connection.close()

    first = threading.Thread(target=slow_writer)
    first.start()
    assert holding.wait(generous(30))
    second = threading.Thread(target=second_writer)
    second.start()
    try:
        until_sync(lambda: _waiting_for_a_lock(db) >= 1, "the second writer waits for the lock")
        # Neither is visible yet: a reader's cursor cannot jump past the slow one's seq.
        assert reader.sync()[1]["changes"] == []
    finally:
        release.set()
        first.join()
        second.join()
    assert answers["second"][0] == 200  # type: ignore[index]
    changes = reader.sync()[1]["changes"]
    assert [c["text"] for c in changes] == ["slow", "fast"]
    assert changes[0]["seq"] < changes[1]["seq"]


def test_many_writers_and_a_paging_reader_miss_nothing(
    centre: Centre, join: Callable[..., KioskClient]
) -> None:
    writers = [join(centre) for _ in range(4)]
    reader = join(centre)
    done = threading.Event()
    seen: dict[str, int] = {}
    failures: list[object] = []

    def write(kiosk: KioskClient) -> None:
        mine = KioskClient(Client(), kiosk.id, kiosk.token)
        try:
            for round_ in range(15):
                status, answer = mine.sync(
                    messages=[message(f"{kiosk.id}-{round_}-{n}", n) for n in range(1, 4)]
                )
                if status != 200:
                    failures.append(answer)
        finally:
            connection.close()

    def read() -> None:
        mine = KioskClient(Client(), reader.id, reader.token)
        try:
            while True:
                finished = done.is_set()
                status, answer = mine.sync()
                if status != 200:
                    failures.append(answer)
                    return
                seen.update({c["uid"]: c["seq"] for c in answer["changes"]})
                if finished and not answer["more"]:
                    return
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(k,)) for k in writers]
    paging = threading.Thread(target=read)
    paging.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    paging.join()
    assert not failures
    assert seen == dict(HubMessage.objects.values_list("uid", "seq"))
    assert len(seen) == 4 * 15 * 3
