"""The help contacts never vanish (issue 11.4): the last good settings, kept in the data folder.

(a) A curly quote typed into kiosk.toml (a word processor does this), found at the next
restart. (b) The content folder moved, renamed or gone, while the kiosk runs and at a restart.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from kiosk.content import load_content
from kiosk.content.last_good import FILE, with_last_good
from kiosk.content.watch import merge
from kiosk.screens import HelpScreen, SupportNowScreen
from kiosk.ui.app import KioskApp
from kiosk.ui.navigation import Place
from tests.support.apps import build_app
from tests.support.fakes import FakeClock, FakePlayer, FakeSpeaker
from tests.support.pilot import shown

SIZE = (80, 24)
CENTRE = "Riverside Drop-in (sample content)"


def start(content: Path, data: Path) -> KioskApp:
    """The kiosk started (again), as after a restart."""
    return build_app(content, data, player=FakePlayer(), speech=FakeSpeaker(), clock=FakeClock())


def curly_quote(content: Path) -> None:
    toml = content / "kiosk.toml"
    toml.write_text(toml.read_text().replace('"', "”", 1))


async def help_words(app: KioskApp) -> str:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        return shown(app)


async def test_a_curly_quote_in_kiosk_toml_keeps_the_centre_and_its_contacts(
    content: Path, data: Path
) -> None:
    start(content, data)  # read well once: kept
    assert (data / FILE).is_file()
    curly_quote(content)
    app = start(content, data)  # the next restart
    config = app.services.content.config
    assert config.centre_name == CENTRE and [c.name for c in config.support][:1] == ["Samaritans"]
    problems = [p.message for p in app.services.content.problems]
    assert any("IMPORTANT: the kiosk is using the last good settings" in m for m in problems)
    assert "Samaritans. Phone 116 123" in await help_words(app)


async def test_with_no_settings_ever_read_help_points_to_the_staff(
    content: Path, data: Path
) -> None:
    curly_quote(content)
    app = start(content, data)  # never read well on this kiosk
    assert app.services.content.config.support == ()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        assert "Please talk to a member of staff here." in shown(app)
        app.router.open(Place.SUPPORT_NOW)  # as after crisis words in a message
        await pilot.pause()
        assert isinstance(app.screen, SupportNowScreen)
        assert "Please talk to a member of staff here." in shown(app)


def test_a_folder_that_goes_while_running_keeps_everything_until_it_is_back(
    content: Path, data: Path, tmp_path: Path
) -> None:
    clock = FakeClock()
    before = with_last_good(load_content(content), data, clock.today())
    moved = tmp_path / "moved"
    shutil.move(content, moved)  # a network share dropping
    gone = merge(before, with_last_good(load_content(content), data, clock.today()))
    assert gone.config == before.config and gone.stories == before.stories
    assert gone.groups == before.groups
    assert any("does not exist" in p.message for p in gone.problems)
    shutil.move(moved, content)  # back again
    back = merge(gone, with_last_good(load_content(content), data, clock.today()))
    assert back.stories == before.stories and not back.problems


async def test_a_folder_missing_at_a_restart_keeps_the_contacts(
    content: Path, data: Path, tmp_path: Path
) -> None:
    start(content, data)
    shutil.move(content, tmp_path / "elsewhere")
    app = start(content, data)
    assert app.services.content.config.centre_name == CENTRE
    assert "Samaritans. Phone 116 123" in await help_words(app)
