"""Language packs: every pack has every word, and no visitor word is left in code."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest

from kiosk.content.groups import Group
from kiosk.core.locale import LOCALES_DIR, available, field_names, load_pack
from kiosk.core.problems import Code
from kiosk.core.text import duration_words, time_words
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
    LanguageScreen,
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
from kiosk.ui.app import KioskApp
from kiosk.ui.widgets import NumberedMenu
from kiosk.ui.wording import problem_words
from tests.support.apps import build_app
from tests.support.fakes import FakeClock, FakePlayer, FakeSpeaker
from tests.support.paths import REPO
from tests.support.pilot import shown, type_text, workers_done
from tests.support.waits import until

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

VISITOR_CODE = [
    *(
        path
        for path in sorted((REPO / "kiosk" / "ui").rglob("*.py"))
        # Staff screens stay in English, in code.
        if "staff" not in path.parent.parts and path.name != "__init__.py"
    ),
    # Below the UI, problems are codes: these once held visitor sentences, and must not again.
    *(
        REPO / "kiosk" / module
        for module in (
            "audio/player.py",
            "audio/story.py",
            "speech/speaker.py",
            "listening/listener.py",
            "listening/endpoint.py",
            "messages/limits.py",
            "core/text.py",
        )
    ),
]
STAFF_ONLY = {"Escape: go back"}
"""base.BACK_HINT: staff screens stay in English."""
NOT_WORDS = {"classes", "id", "style"}
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
        if isinstance(node, ast.Raise) and node.exc is not None:
            # An exception's words are for the log or for staff; a visitor gets a code.
            ignored.update(id(n) for n in ast.walk(node.exc))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in ignored
        and ENGLISH.search(node.value)
        and node.value not in STAFF_ONLY
    ]


@pytest.mark.parametrize("code", available())
def test_every_problem_code_has_words_in_every_pack(code: str) -> None:
    """A problem crosses the layers as a code; each pack words every one, itself (no English)."""
    pack = load_pack(code)
    for problem in Code:
        assert f"problems.{problem}" in pack.strings, f"{code}.toml has no problems.{problem}"
        words = problem_words(pack, problem)
        assert words.strip()
        if code == "ko":
            assert HANGUL.search(words), words


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
        await pilot.press("f12")  # hear the typing: words are said in Korean
        await type_text(pilot, "힘내세요 ")
        assert speech.last == "힘내세요"
        await pilot.press("escape")
        check_screen(app, seen)  # "leave without sending?"
        await pilot.press("1", "enter")
        check_screen(app, seen)
        await pilot.press("1")
        await workers_done(pilot)
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
        speech.finish()  # the help heard to the end, then nothing
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


# --- choosing a language ---------------------------------------------------------------------


def offer_languages(content: Path, codes: list[str]) -> None:
    config = content / "kiosk.toml"
    setting = "languages = [" + ", ".join(f'"{code}"' for code in codes) + "]"
    text = re.sub(r"(?m)^languages? = .*$", setting, config.read_text(encoding="utf-8"))
    config.write_text(text, encoding="utf-8")


def menu_values(app: KioskApp) -> list[object]:
    return [item.value for item in app.screen.query_one(NumberedMenu).items]


async def test_with_one_language_there_is_no_choice(app: KioskApp) -> None:
    async with app.run_test(size=SIZE):
        assert app.services.content.config.languages == ("en",)
        assert "language" not in menu_values(app)
        assert "Language" not in shown(app)


async def test_choosing_korean_makes_everything_korean_until_the_next_visitor(
    content: Path, data: Path, clock: FakeClock
) -> None:
    """S10: the choice is offered in each language, by ear too; voice follows the screen."""
    offer_languages(content, ["en", "ko"])
    speech = FakeSpeaker()
    app = build_app(content, data, player=FakePlayer(), speech=speech, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # Home offers the choice, shown in both languages, and says how to reach it in both.
        assert "7  Language / 언어" in shown(app)
        assert "English  ·  한국어" in shown(app)
        intro = speech.parts[-1]
        assert intro[0][0].startswith("Welcome.") and intro[0][1] == "en"
        assert "Press 7: Language." in intro[0][0]
        assert intro[-1] == ("언어. 한국어로 보시려면 7번을 누르세요.", "ko")
        await pilot.press("up")  # the menu goes round to its last line: the language choice
        assert speech.parts[-1] == [
            ("Language. English. Choice 7 of 7.", "en"),
            ("언어. 한국어로 보시려면 7번을 누르세요.", "ko"),
        ]

        # The choice: each language by its own name, said in its own voice.
        await pilot.press("7")
        assert isinstance(app.screen, LanguageScreen)
        assert app.screen.title_text == "Language / 언어"
        assert "1  English" in shown(app) and "2  한국어" in shown(app)
        assert speech.parts[-1] == [
            ("Language. Press the number of your language, or Escape to go back.", "en"),
            ("English. Press 1 for English.", "en"),
            ("한국어. 한국어는 2번을 누르세요.", "ko"),
        ]
        await pilot.press("down")
        assert speech.last == "한국어. 한국어는 2번을 누르세요."
        assert speech.languages[-1] == "ko"

        # Choosing Korean: Home again, all in Korean, said in the Korean voice.
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.services.pack.code == "ko" and speech.language == "ko"
        words = shown(app)
        assert "어서 오세요" in words and "1  이야기 듣기" in words
        assert "7  언어 / Language" in words
        assert "Press a number" not in words
        assert speech.last.startswith("어서 오세요.")
        assert speech.languages[-1] == "ko"
        assert speech.parts[-1][-1] == ("Language. For English, press 7.", "en")
        await pilot.press("f8")
        assert speech.last == "크게. 지금 음량은 10단계 중 8단계예요."
        await pilot.press("1")
        assert isinstance(app.screen, StoryListScreen)
        assert app.screen.title_text == "이야기 듣기"
        assert speech.last.startswith("이야기 듣기.")

        # The next visitor starts in the centre's first language.
        speech.finish()
        clock.advance(app.services.content.config.idle_timeout_seconds + 1)
        app.check_walked_away()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.services.pack.code == "en" and speech.language == "en"
        words = shown(app)
        assert "Welcome" in words and "1  Hear a story" in words and "어서 오세요" not in words
        await pilot.press("1")
        # A new visit: what was asked for, at once, then how the kiosk works, in English.
        assert speech.last.startswith("Hear a story.")
        speech.finish()
        await until(pilot, lambda: speech.last.startswith("This kiosk talks."), "orientation")
        assert speech.languages[-1] == "en"


async def test_the_language_can_be_switched_from_anywhere(
    content: Path, data: Path, clock: FakeClock
) -> None:
    """use_language, as a voice command would use it: on Home, or deeper in."""
    offer_languages(content, ["ko", "en"])
    speech = FakeSpeaker()
    app = build_app(content, data, player=FakePlayer(), speech=speech, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert speech.last.startswith("어서 오세요.")  # the first language is where visits start
        assert isinstance(app.screen, HomeScreen)
        app.use_language("en")
        await pilot.pause()
        assert "1  Hear a story" in shown(app)
        assert speech.last.startswith("Welcome.") and speech.languages[-1] == "en"
        await pilot.press("4", "1")
        assert isinstance(app.screen, PickScreen)
        app.use_language("ko")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "1  이야기 듣기" in shown(app)
        assert speech.last.startswith("어서 오세요.") and speech.languages[-1] == "ko"


async def test_staffs_english_words_are_said_in_the_english_voice_for_a_korean_visitor(
    content: Path, data: Path, clock: FakeClock
) -> None:
    """S10: the welcome and the contacts are in the centre's language: a Korean voice
    reading English mangles them, so each piece is said in its own language's voice."""
    offer_languages(content, ["en", "ko"])
    speech = FakeSpeaker()
    app = build_app(content, data, player=FakePlayer(), speech=speech, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("7", "2")
        await pilot.pause()
        assert app.services.pack.code == "ko"
        welcome = app.services.content.config.welcome
        intro = speech.parts[-1]
        assert intro[0][1] == "ko" and intro[0][0].startswith("어서 오세요.")
        # The centre's name and welcome: staff's words, in the voice that can say them.
        name = app.services.content.config.centre_name
        assert (f"{name}. {welcome}", "en") in intro
        assert intro[2][1] == "ko"  # then the choices, in Korean again
        await pilot.press("f1")
        help_parts = speech.parts[-1]
        assert ("Samaritans.", "en") in help_parts
        assert any(words.startswith("전화 1 1 6") and lang == "ko" for words, lang in help_parts)
        assert any(
            w.startswith("Any time, day or night.") and lang == "en" for w, lang in help_parts
        )
        # A group's details: staff's words in English, the headings and the day in Korean.
        await pilot.press("escape", "4", "5", "1")
        group = app.screen.group
        detail = speech.parts[-1]
        assert any(w.startswith(group.what) and lang == "en" for w, lang in detail), detail
        assert any(group.when_words(app.services.pack) in w and lang == "ko" for w, lang in detail)
