"""A bounded fuzz of the sync payload: any JSON gives no 500, and no change unless 200.

Bodies are arbitrary JSON, or a good request with one field (at the top, or in a message,
decision or usage row) swapped for arbitrary JSON or dropped. Each answer must be one the
protocol names; a refusal must leave the database exactly as it was.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub.models import Centre, HubMessage
from tests.hub.conftest import KioskClient
from tests.hub.test_sync import state
from tests.support.hubs import decision, message, new_uid, sync_body, today

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from(["", "approved", "rejected", "2026-12-07", "01J00000000000000000000000"])
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
_TOP = ["protocol", "request", "kiosk_today", "since", "messages", "decisions", "usage", "doctor"]
_PARTS = {
    "messages": ["uid", "number", "text", "day", "reasons", "urgent", "held"],
    "decisions": ["uid", "status", "text", "day"],
    "usage": ["day", "name", "item", "count"],
}
_MISSING = object()


@st.composite
def payloads(draw: st.DrawFn, known: str) -> Any:
    """A body: arbitrary JSON, or a good request with one field changed or dropped."""
    if draw(st.integers(0, 3)) == 0:
        return draw(_JSON)
    good = sync_body(
        messages=[message("fuzzed words", 1)],
        decisions=[decision(known, "approved")],
        usage=[{"day": today(), "name": "story_heard", "item": "", "count": 2}],
        doctor={"ok": True},
    )
    value = draw(_JSON | st.just(_MISSING))
    part = draw(st.sampled_from(["top", *_PARTS]))
    target = good if part == "top" else good[part][0]
    field = draw(st.sampled_from(_TOP if part == "top" else _PARTS[part]))
    if value is _MISSING:
        target.pop(field, None)
    else:
        target[field] = value
    return good


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_json_is_answered_and_refusals_change_nothing(
    centre: Centre, join: Callable[..., KioskClient], data: st.DataObject
) -> None:
    kiosk = _kiosk(centre, join)
    body = data.draw(payloads(_known_uid(kiosk)))
    before = state()
    status, answer = kiosk.post("/api/v1/sync", raw=json.dumps(body).encode())
    assert status in (200, 400, 403, 409, 413), (status, answer)
    if status == 200:
        assert set(answer) == {"accepted", "decisions", "changes", "cursor", "more"}
    else:
        assert set(answer) == {"error", "detail"} and answer["detail"]
        assert state() == before


_KIOSKS: dict[int, KioskClient] = {}
"""The kiosk of each run, by its `join` fixture (made once per test, not per example)."""


def _kiosk(centre: Centre, join: Callable[..., KioskClient]) -> KioskClient:
    """One kiosk for the whole run of examples (the fixtures are made once per test)."""
    if id(join) not in _KIOSKS:
        _KIOSKS.clear()
        _KIOSKS[id(join)] = join(centre)
    return _KIOSKS[id(join)]


def _known_uid(kiosk: KioskClient) -> str:
    """A uid the hub holds for this kiosk, for decisions that can be applied."""
    found = HubMessage.objects.filter(kiosk_id=kiosk.id).values_list("uid", flat=True).first()
    if found:
        return found
    uid = new_uid()
    assert kiosk.sync(messages=[message("known", 1, uid=uid)])[0] == 200
    return uid
