"""Language packs: every pack has every word, and no visitor word is left in code."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest

from kiosk.app import KioskApp
from kiosk.audio.fake import FakeSpeaker
from kiosk.content.groups import Group
from kiosk.locale import LOCALES_DIR, available, field_names, load_pack
from kiosk.screens import (
    AskScreen,
    ContentNoteScreen,
    GroupDetailScreen,
    GroupListScreen,
    GroupsScreen,
    HearMessagesScreen,
    HelpScreen,
    HomeScreen,
    KioskScreen,
    LeaveMessageScreen,
    MessagePreviewScreen,
    PickScreen,
    PlayerScreen,
    SearchWordsScreen,
    StillThereScreen,
    StoryListScreen,
    SupportNowScreen,
    ThanksScreen,
)
from kiosk.text import duration_words, time_words
from kiosk.widgets import NumberedMenu

from .conftest import REPO, FakeClock
from .helpers import type_text

SIZE = (80, 24)
HANGUL = re.compile("[\uac00-\ud7a3]")
ENGLISH = re.compile(r"[A-Za-z]{2,} [A-Za-z]{2,}")
"""Two English words in a row: a sentence or phrase, not a key name such as "Esc" or "F1"."""


@pytest.mark.parametrize("code", [c for c in available() if c != "en"])
def test_every_pack_has_exactly_the_english_keys_with_the_same_fields(code: str) -> None:
    english = load_pack("en").strings
    pack = load_pack(code).strings
    assert sorted(set(english) - set(pack)) == [], f"{code}.toml is missing these"
    assert sorted(set(pack) - set(english)) == [], f"{code}.toml has these, en.toml does not"
    different = {
        key: (field_names(english[key]), field_names(pack[key]))
        for key in english
        if field_names(english[key]) != field_names(pack[key])
    }
    assert different == {}, f"{code}.toml fills in other {{fields}} than en.toml"


@pytest.mark.parametrize("code", available())
def test_every_pack_names_itself_and_its_voice(code: str) -> None:
    pack = load_pack(code)
    assert pack.name and pack.name != code
    assert pack.voice
    assert all(text.strip() for text in pack.strings.values())
    # Filling in every string catches a broken {field} before a visitor meets it.
    for text in pack.strings.values():
        assert text.format(**dict.fromkeys(field_names(text), 1))


def test_the_shipped_packs_are_english_and_korean() -> None:
    assert available()[:1] == ["en"]
    assert {"en", "ko"} <= set(available())
    assert {p.stem for p in LOCALES_DIR.glob("*.toml")} == set(available())


# --- no visitor words in code --------------------------------------------------------------

STAFF_SCREENS = {
    "pin",
    "staff_menu",
    "moderation",
    "edit_message",
    "content_problems",
    "usage",
    "sound_check",
}
"""Staff-only screens stay in English, in code."""
VISITOR_CODE = [
    *(
        path
        for path in sorted((REPO / "kiosk" / "screens").glob("*.py"))
        if path.stem not in STAFF_SCREENS | {"__init__"}
    ),
    *sorted((REPO / "kiosk" / "widgets").glob("*.py")),
    REPO / "kiosk" / "app.py",
    REPO / "kiosk" / "controls.py",
    REPO / "kiosk" / "limits.py",
    REPO / "kiosk" / "text.py",
]
STAFF_ONLY = {"Esc: go back"}
"""base.BACK_HINT: staff screens stay in English."""
NOT_WORDS = {"classes", "id"}
"""Keyword arguments that hold style classes and widget ids, never words."""
NOT_WORD_CALLS = {"query", "query_one", "set_class", "add_class", "remove_class"}
LOG_CALLS = {"debug", "info", "warning", "error", "exception"}


def words_in_code(path: Path) -> list[tuple[int, str]]:
    """String literals in `path` that read like English words (docstrings, ids, logs aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    ignored: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):
            for statement in body:  # docstrings, and the notes under constants
                if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
                    ignored.add(id(statement.value))
        if isinstance(node, ast.keyword) and node.arg in NOT_WORDS:
            ignored.update(id(n) for n in ast.walk(node.value))
        calls_ignored = NOT_WORD_CALLS | LOG_CALLS
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) in calls_ignored:
            for argument in node.args:
                ignored.update(id(n) for n in ast.walk(argument))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in ignored
        and ENGLISH.search(node.value)
        and node.value not in STAFF_ONLY
    ]


@pytest.mark.parametrize("path", VISITOR_CODE, ids=lambda p: p.name)
def test_visitor_code_holds_no_words(path: Path) -> None:
    """Every word a visitor sees or hears is in the pack; the code holds only keys."""
    assert words_in_code(path) == []


# --- every visitor screen in Korean ---------------------------------------------------------


def korean(text: str) -> bool:
    """Korean words and no English phrase (single key names such as "Esc" are fine)."""
    return bool(HANGUL.search(text)) and not ENGLISH.search(text)


def check_screen(app: KioskApp, seen: set[str]) -> None:
    screen = app.screen
    assert isinstance(screen, KioskScreen), screen
    name = type(screen).__name__
    seen.add(name)
    # A story's or a group's own title is the centre's words; every other title is the pack's.
    if not isinstance(screen, PlayerScreen | GroupDetailScreen):
        assert korean(screen.title_text), (name, screen.title_text)
    assert korean(screen.hint_text), (name, screen.hint_text)
    assert korean(screen.instruction), (name, screen.instruction)
    assert korean(screen.t("screen.privacy"))
    menus = screen.query(NumberedMenu)
    if menus and not isinstance(screen, StoryListScreen | GroupListScreen | PickScreen):
        for item in menus.first().items:
            assert korean(item.label), (name, item.label)
    status = str(app.screen.query_one("#status").visual)
    assert korean(status), (name, status)


async def test_every_visitor_screen_speaks_korean(
    app: KioskApp, speech: FakeSpeaker, clock: FakeClock
) -> None:
    """With the Korean pack, every screen a visitor can reach shows and says Korean words."""
    app.services.use_pack(load_pack("ko"))
    seen: set[str] = set()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        check_screen(app, seen)
        assert speech.last.startswith("어서 오세요.")
        assert speech.languages[-1] == "ko"
        journeys = [
            ["1"],  # stories
            ["1", "1"],  # a story playing
            ["3"],  # messages (none yet)
            ["4"],  # groups
            ["4", "1"],  # choose a topic
            ["4", "2"],  # choose a day
            ["4", "4"],  # search words
            ["4", "5"],  # the groups that match
            ["4", "5", "1"],  # one group
            ["5"],  # help
        ]
        for keys in journeys:
            await pilot.press(*keys)
            await pilot.pause()
            check_screen(app, seen)
            assert speech.languages[-1] == "ko", keys
            while not isinstance(app.screen, HomeScreen):
                await pilot.press("escape")

        # A story with a content note.
        await pilot.press("1")
        noted = next(i for i, s in enumerate(app.services.content.stories) if s.content_note)
        await pilot.press(str(noted + 1))
        check_screen(app, seen)
        await pilot.press("escape", "escape")

        # Leaving a message: the box, the question on leaving, the preview, the thanks.
        await pilot.press("2")
        check_screen(app, seen)
        await type_text(pilot, "힘내세요 ")
        assert speech.last == "힘내세요"
        await pilot.press("escape")
        check_screen(app, seen)  # "leave without sending?"
        await pilot.press("1", "enter")
        check_screen(app, seen)
        await pilot.press("1")
        await app.workers.wait_for_complete()
        await pilot.pause()
        check_screen(app, seen)
        await pilot.press("escape")

        # Crisis words bring the support screen, gently, in Korean.
        await pilot.press("2")
        await type_text(pilot, "I want to die")
        await pilot.press("enter")
        check_screen(app, seen)
        await pilot.press("2", "escape", "2")  # back to the words; leave without sending
        assert isinstance(app.screen, HomeScreen)

        # The warning before the kiosk starts over.
        await pilot.press("5")
        clock.advance(app.services.content.config.idle_timeout_seconds - 10)
        app.check_walked_away()
        await pilot.pause()
        assert isinstance(app.screen, StillThereScreen)
        assert speech.last.startswith("아직 계세요?")

    expected = {
        screen.__name__
        for screen in (
            AskScreen,
            ContentNoteScreen,
            GroupDetailScreen,
            GroupListScreen,
            GroupsScreen,
            HearMessagesScreen,
            HelpScreen,
            HomeScreen,
            LeaveMessageScreen,
            MessagePreviewScreen,
            PickScreen,
            PlayerScreen,
            SearchWordsScreen,
            StoryListScreen,
            SupportNowScreen,
            ThanksScreen,
        )
    }
    assert expected <= seen


def test_korean_durations_days_and_times() -> None:
    ko = load_pack("ko")
    assert duration_words(20, ko) == "1분 미만"
    assert time_words(65, ko) == "1분 5초"
    group = Group("x", "y", days=(1, 3), start=dt.time(10, 30), end=dt.time(12, 0))
    assert group.when_words(ko) == "매주 화요일, 목요일, 오전 10시 30분부터 낮 12시까지"
    assert group.when_words() == "Tuesdays and Thursdays, 10:30am to midday"
