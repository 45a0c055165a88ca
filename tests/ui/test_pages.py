"""What a screen shows and what it says come from one description (kiosk/ui/pages.py), row S1.

Every visitor screen is opened, in each language: every line drawn in its page, and every
choice with its second line, must also be heard, on arrival or as the highlight moves onto
it. Only a visitor's own words (marked private: row S7) are shown and not said unasked.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from kiosk.core.locale import Pack, available
from kiosk.messages.repository import Status
from kiosk.messages.screening import screen as screen_message
from kiosk.screens import SCREENS, KioskScreen
from kiosk.ui.app import KioskApp
from kiosk.ui.navigation import Place
from kiosk.ui.widgets import MenuItem, NumberedMenu
from kiosk.ui.wording import address_for_speech
from tests.support.apps import build_app
from tests.support.fakes import FakeClock, FakePlayer, FakeSpeaker

SIZE = (80, 24)
STAFF = {
    place for place, screen in SCREENS.items() if ".staff." in getattr(screen, "__module__", "")
}
VISITOR = set(SCREENS) - STAFF


def arguments(app: KioskApp) -> dict[Place, tuple[Any, ...]]:
    """What each visitor screen is opened with, chosen to show all it can (a note, a phone)."""
    content = app.services.content
    noted = next(s for s in content.stories if s.content_note)
    phoned = next(g for g in content.groups if g.phone)
    words = "Ring me on 07700 900123. You are not alone."
    found = screen_message(words, content.rules, content.config.country)
    return {
        Place.HOME: (),
        Place.STORIES: (),
        Place.CONTENT_NOTE: (noted,),
        Place.PLAYER: (noted,),
        Place.LEAVE_MESSAGE: (),
        Place.KIND_MESSAGES: (),
        Place.DICTATION: ("you are not alone",),
        Place.SUPPORT_NOW: (),
        Place.MESSAGE_PREVIEW: (words, found),
        Place.THANKS: (True,),  # after crisis words: the contacts too
        Place.HEAR_MESSAGES: (),
        Place.GROUPS: (),
        Place.SEARCH_WORDS: ("walking",),
        Place.GROUP_LIST: (content.groups[:5],),
        Place.GROUP_DETAIL: (phoned,),
        Place.GROUP_CODE: (phoned,),
        Place.HELP: (),
        Place.TALK_NOW: (),
        Place.LANGUAGE: (),
        Place.ASK: (
            app.services.pack.t("leave_message.leave_title"),
            app.services.pack.t("leave_message.leave_words"),
            MenuItem(app.services.pack.t("leave_message.keep_writing"), "stay"),
            MenuItem(app.services.pack.t("leave_message.leave"), "leave"),
        ),
        Place.PICK: (
            app.services.pack.t("groups.choose_day"),
            app.services.pack.t("groups.any_day_choice"),
            [MenuItem("Monday", 0), MenuItem("Tuesday", 1)],
        ),
        Place.STILL_THERE: (20,),
    }


def plain(text: str) -> str:
    """Letters and digits only, in one case: how a phone number or a "*" is said does not matter."""
    return re.sub(r"[\W_]+", "", text.casefold())


def words(text: str) -> list[str]:
    """The words of a text, in one case."""
    return re.findall(r"[^\W_]+", text.casefold())


def said_in(piece: str, heard: str) -> bool:
    """True when `piece` is heard: as it is (numbers digit by digit), or word by word in order
    with a few words more ("F2 or *" said "F2, or star")."""
    if plain(piece) in plain(heard):
        return True
    wanted, pool = words(piece), words(heard)
    for start, word in enumerate(pool):
        if word != wanted[0]:
            continue
        at = 0
        for candidate in pool[start : start + 2 * len(wanted) + 2]:
            if at < len(wanted) and candidate == wanted[at]:
                at += 1
        if at == len(wanted):
            return True
    return False


def as_an_address_is_said(piece: str, pack: Pack) -> str:
    """An email or web address in `piece` as it is said: mark by mark, no "https://"."""
    return re.sub(r"\S+(?:://|@)\S+", lambda m: address_for_speech(m.group(0), pack), piece)


def pieces(text: str) -> list[str]:
    """A drawn text in the pieces that are said, each perhaps in its own voice."""
    return [p for p in re.split(r"\n| / |·", text) if plain(p)]


def drawn(app: KioskApp) -> list[str]:
    """The page's lines as drawn (never a private one), and each choice with its second line."""
    screen = app.screen
    if not isinstance(screen, KioskScreen):  # "are you still there?" draws only its words
        return [str(w.visual) for w in screen.query(Static)]
    private = {line.text for line in screen.shown_page.lines if line.private}
    texts = [str(w.visual) for w in screen.query(".lines > Static")]
    texts = [text for text in texts if text not in private]
    for menu in screen.query(NumberedMenu):
        texts += [str(option.prompt).split("  ", 1)[-1] for option in menu.options]
    return texts


@pytest.mark.parametrize("code", available())
async def test_every_visitor_screen_says_all_it_shows(
    content: Path, data: Path, clock: FakeClock, code: str
) -> None:
    assert VISITOR, "the table of screens names the visitor screens"
    config = content / "kiosk.toml"
    languages = [code, *(c for c in available() if c != code)]
    setting = "languages = [" + ", ".join(f'"{c}"' for c in languages) + "]"
    config.write_text(re.sub(r"(?m)^languages? = .*$", setting, config.read_text()))
    app = build_app(
        content, data, player=FakePlayer(), speech=(speech := FakeSpeaker()), clock=clock
    )
    store = app.services.messages.repository
    store.set_status(
        store.add("Hold on", clock.today()).id, Status.APPROVED, clock.today()
    )  # one to hear
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        opened = arguments(app)
        assert set(opened) == VISITOR, "a new visitor screen needs a line here"
        for place in sorted(VISITOR):
            app.router.home()
            await pilot.pause()
            heard_from = len(speech.parts)
            if place is Place.HOME:
                app.screen.arrived()  # Home is already showing: say its arrival again
            else:
                app.router.open(place, *opened[place])
            await pilot.pause()
            menus = app.screen.query(NumberedMenu)
            if menus:
                menu = menus.first()
                for _ in menu.page_items():
                    menu.action_cursor_down()
                    await pilot.pause()
            heard = " ".join(text for parts in speech.parts[heard_from:] for text, _ in parts)
            for text in drawn(app):
                for piece in pieces(text):
                    piece = as_an_address_is_said(piece, app.screen.pack)
                    assert said_in(piece, heard), (code, place, piece)
