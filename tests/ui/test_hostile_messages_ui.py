"""Hostile words typed and pasted into the message box (issue 11): shown as text, saved, alive.

The fuzz in tests/unit/test_fuzz.py sends thousands of such strings down the same path
without the screens; here a few go through the real app, key by key, as a visitor's would.
"""

from __future__ import annotations

import pytest
from textual import events

from kiosk.core.text import clean, one_line
from kiosk.screens import LeaveMessageScreen, MessagePreviewScreen, ThanksScreen
from kiosk.ui.app import KioskApp
from kiosk.ui.widgets.message_box import MessageBox
from tests.support.pilot import shown, type_as_a_terminal, workers_done

SIZE = (80, 24)

TYPED = [
    "[bold]loud[/bold] [red on white]x[/] [/] \\[b] [[ ]]",
    "ok 👍🏽 🇬🇧 é (e and an accent) 안녕하세요 ﬁ ß [i]",
]
PASTED = [
    # (pasted, a part the preview must show as it is)
    (
        "\x1b[2J\x1b]0;owned\x07[b]hi[/b]\x9b31m\x00 \u202eevil\u202c \u2066iso\u2069",
        "[2J]0;owned[b]hi[/b]31m evil iso",
    ),
    # "@click" looks like a social media name, so the preview hides it: the rest shows.
    (
        "[@click=app.quit]bye[/] [link=x]y[/link] a\u200db\u200bc\ufeffd " + "\u0301" * 300,
        "=app.quit]bye[/] [link=x]y[/link] a\u200db\u200bc\ufeffd",
    ),
    (
        "👩\u200d👩\u200d👧\u200d👦 e\x00\u0301 \ud800\udfff tab\there\r\nnew line",
        "👩\u200d👩\u200d👧\u200d👦 \u00e9 tab here new line",
    ),
]


async def _send(app: KioskApp, pilot, expected: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("enter")
    assert isinstance(app.screen, MessagePreviewScreen)
    # Shown exactly as written, brackets and all: nothing was read as markup.
    assert expected in shown(app)
    await pilot.press("1")
    await workers_done(pilot)
    await pilot.pause()
    assert isinstance(app.screen, ThanksScreen)
    assert app.is_running and app.return_code is None


@pytest.mark.parametrize("words", TYPED)
async def test_typed_markup_is_shown_as_text_and_saved(app: KioskApp, words: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        assert isinstance(app.screen, LeaveMessageScreen)
        await type_as_a_terminal(pilot, words)
        assert app.screen.query_one(MessageBox).text == words
        await _send(app, pilot, words)
        [saved] = app.services.messages.find()
        assert saved.text == clean(words)


@pytest.mark.parametrize(("words", "part"), PASTED)
async def test_pasted_escapes_and_controls_are_taken_out_and_the_rest_saved(
    app: KioskApp, words: str, part: str
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        app.screen.query_one(MessageBox).post_message(events.Paste(words))
        await pilot.pause()
        draft = one_line(words.replace("\r", " ").replace("\n", " "))
        await _send(app, pilot, part)
        [saved] = app.services.messages.find()
        assert saved.text == draft
        assert "\x1b" not in shown(app) and "\u202e" not in saved.text
