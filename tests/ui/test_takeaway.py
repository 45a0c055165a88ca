"""A group's details to take away (issue 34): a QR code a phone reads, and a printed slip.

The code is checked as a phone would meet it: the screen saved as Textual draws it (SVG),
made a PNG by rsvg-convert and read by zbarimg (scripts/setup.sh installs both), at 80x24
and 100x30, in each language.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageFilter

from kiosk.content import Group
from kiosk.core.locale import available, load_pack
from kiosk.listening.listener import State
from kiosk.screens import GroupCodeScreen, GroupDetailScreen
from kiosk.ui.app import KioskApp
from kiosk.ui.navigation import Place
from kiosk.ui.widgets.qr import LEAST_QUIET, QrCode
from tests.support.apps import app_with_settings, build_app
from tests.support.fakes import FakeClock, FakePlayer, FakeSpeaker
from tests.support.pilot import shown, tap, tap_choice
from tests.ui.test_keypad_ui import MODES, Keypad
from tests.ui.test_voice_ui import arrive, speak, voice_app, wait_state

EXTENSION = ("Riverside,01632 960101,", 'Riverside,"01632 960101 ext. 100",')
"""The first sample group's phone, with an extension."""


@pytest.fixture
def extended(content: Path) -> Path:
    """The sample content, its first group's phone with an extension."""
    groups = content / "groups.csv"
    text = groups.read_text(encoding="utf-8")
    assert EXTENSION[0] in text
    groups.write_text(text.replace(*EXTENSION, 1), encoding="utf-8")
    return content


def longest(app: KioskApp) -> Group:
    """The group with the most to say where it meets: the biggest code."""
    return max(app.services.content.groups, key=lambda g: len(g.where_words()))


def decoded(app: KioskApp, folder: Path) -> str:
    """The screen as a phone reads it: saved, made a PNG, read by zbarimg."""
    svg = Path(app.save_screenshot("screen.svg", str(folder)))
    png = folder / "screen.png"
    subprocess.run(["rsvg-convert", str(svg), "-o", str(png)], check=True)
    # The SVG's block glyphs stop two pixels short of the next row, a seam a terminal does not
    # draw (foot draws block elements itself, cell high) and a camera blurs away: as here.
    Image.open(png).convert("L").filter(ImageFilter.GaussianBlur(2)).save(png)
    read = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True)
    assert read.returncode == 0, f"zbarimg read no code in {png}"
    return read.stdout.removesuffix("\n")


def offering(content: Path, code: str) -> None:
    """kiosk.toml offering every language, `code` first."""
    config = content / "kiosk.toml"
    languages = ", ".join(f'"{c}"' for c in [code, *(c for c in available() if c != code)])
    text = re.sub(r"(?m)^languages? = .*$", f"languages = [{languages}]", config.read_text())
    config.write_text(text)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
@pytest.mark.parametrize("code", available())
async def test_a_groups_code_on_the_screen_reads_as_its_details(
    extended: Path, data: Path, clock: FakeClock, tmp_path: Path, size: tuple[int, int], code: str
) -> None:
    offering(extended, code)
    speech = FakeSpeaker()
    app = build_app(extended, data, player=FakePlayer(), speech=speech, clock=clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        groups = app.services.content.groups
        pack = app.services.pack
        for group in (groups[0], longest(app)):
            app.router.open(Place.GROUP_DETAIL, group)
            await pilot.pause()
            await pilot.press("2")  # 1 says the phone number again; 2 shows the code
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, GroupCodeScreen)
            drawn = screen.query_one(QrCode)
            assert drawn.region.bottom <= size[1] and drawn.region.right <= size[0]
            assert drawn.quiet_zone(drawn.size.height) >= LEAST_QUIET
            text = decoded(app, tmp_path)
            assert text == screen.text
            lines = text.splitlines()
            assert lines[0] == group.name
            assert lines[1].startswith(group.days_words(pack))
            assert lines[-1] == group.phone_words(pack)
            heard = speech.said[-1]
            assert heard.startswith(pack.t("group_code.title"))
            assert pack.t("group_code.only") in heard  # it holds nothing about the visitor
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is not screen and isinstance(app.screen, GroupDetailScreen)
            # Back from the code: the name and the choices, not every detail again.
            assert speech.said[-1].startswith(f"{group.name}. ")
            assert pack.t("group_detail.show_code") in speech.said[-1]
            assert pack.t("group_detail.what") not in speech.said[-1]
    assert "ext. 100" not in lines[-1]
    first = groups[0]
    assert first.extension == "100"


async def test_the_code_and_the_slip_are_choices_on_the_groups_details(
    content: Path, data: Path, clock: FakeClock, speech: FakeSpeaker, tmp_path: Path
) -> None:
    slip = tmp_path / "printer"
    app = app_with_settings(
        content,
        data,
        clock,
        ('receipt_printer = ""', f'receipt_printer = "{slip}"'),
        speech=speech,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.router.open(Place.GROUP_DETAIL, app.services.content.groups[0])
        await pilot.pause()
        on_screen = shown(app)
        assert "2  Show a code for your phone" in on_screen
        assert "The code holds only this group's details" in on_screen
        assert "3  Print the details on a slip" in on_screen
        assert (
            "Press 3: Print the details on a slip. Nothing about you is printed."
            in (speech.said[-1])
        )


async def test_without_a_printer_there_is_no_slip_to_offer(
    content: Path, data: Path, clock: FakeClock, speech: FakeSpeaker
) -> None:
    app = build_app(content, data, player=FakePlayer(), speech=speech, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.router.open(Place.GROUP_DETAIL, app.services.content.groups[0])
        await pilot.pause()
        assert "slip" not in shown(app) and "slip" not in speech.said[-1]
        await pilot.press("3")
        assert speech.said[-1] == "3 does nothing here."


async def printed(pilot: object, app: KioskApp) -> None:
    """Until the slip has gone to the printer, or failed to."""
    await app.workers.wait_for_complete()
    for _ in range(40):
        screen = app.screen
        if isinstance(screen, GroupDetailScreen) and screen.printed is not None:
            return
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    raise AssertionError("the slip was never printed nor failed")


async def test_a_slip_prints_the_details_in_the_centres_language(
    extended: Path, data: Path, clock: FakeClock, speech: FakeSpeaker, tmp_path: Path
) -> None:
    """A Korean visitor's slip is in English, as the centre's printer prints it."""
    slip = tmp_path / "printer"  # a device file, as /dev/usb/lp0 is
    offering(extended, "en")
    config = extended / "kiosk.toml"
    config.write_text(
        f'receipt_printer = "{slip}"\n' + config.read_text().replace('receipt_printer = ""', "")
    )
    app = build_app(extended, data, player=FakePlayer(), speech=speech, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.services.use_pack(load_pack("ko"))  # the visitor chose Korean
        app.router.open(Place.GROUP_DETAIL, app.services.content.groups[0])
        await pilot.pause()
        await pilot.press("3")
        await printed(pilot, app)
        pack = app.services.pack
        assert speech.said[-2:] == [pack.t("group_detail.printing"), pack.t("group_detail.printed")]
    written = slip.read_bytes()
    for words in (
        "Monday Evening Peer Circle",
        "When: Mondays, 6:30pm to 8pm",
        "Where: Riverside Drop-in, 3 Quay Street, Wrenford RV5 1QS, Riverside",
        "Phone: 01632 960101, extension 100",
    ):
        assert words.encode() in written
    assert b"\x1dV" in written  # and the paper is cut


async def test_a_printer_that_is_away_is_said_plainly_and_nothing_stops(
    content: Path, data: Path, clock: FakeClock, speech: FakeSpeaker, tmp_path: Path
) -> None:
    away = tmp_path / "unplugged" / "lp0"
    app = app_with_settings(
        content,
        data,
        clock,
        ('receipt_printer = ""', f'receipt_printer = "{away}"'),
        speech=speech,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        group = app.services.content.groups[0]
        app.router.open(Place.GROUP_DETAIL, group)
        await pilot.pause()
        await pilot.press("3")
        await printed(pilot, app)
        assert speech.said[-1] == (
            "Sorry, the printer is not working just now. The details are still here on the screen."
        )
        assert "Sorry, the printer is not working just now." in shown(app)  # row V1
        await pilot.press("1")
        assert speech.said[-1] == "Phone: 0 1 6 3 2, 9 6 0 1 0 1."
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, GroupCodeScreen)


async def test_the_code_is_shown_by_voice_as_by_key(
    content: Path, data: Path, speech: FakeSpeaker
) -> None:
    app, mic, _ = voice_app(content, data, speech, "show a code for your phone")
    async with app.run_test(size=(80, 24)) as pilot:  # type: ignore[attr-defined]
        await wait_state(app, State.READY)
        app.router.open(Place.GROUP_DETAIL, app.services.content.groups[0])  # type: ignore[attr-defined]
        await pilot.pause(0.3)
        await speak(pilot, mic, speech)
        await arrive(pilot, app, GroupCodeScreen)
        assert isinstance(app.screen, GroupCodeScreen)  # type: ignore[attr-defined]
        assert [a.key for a in app.voice.acted] == ["2"]  # type: ignore[attr-defined]


async def test_a_screen_too_short_for_the_code_says_so_and_how_to_see_it(
    content: Path, data: Path, clock: FakeClock, speech: FakeSpeaker
) -> None:
    """Large text on a 720-pixel screen leaves about 16 rows: a code cut short reads as nothing."""
    app = build_app(content, data, player=FakePlayer(), speech=speech, clock=clock)
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.pause()
        app.router.open(Place.GROUP_DETAIL, longest(app))
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, GroupCodeScreen)
        assert not app.screen.query_one(QrCode).display
        words = "The code does not fit on the screen with text this large."
        assert words in shown(app) and words in speech.said[-1]
        assert "Smaller text" in speech.said[-1]


async def test_the_code_and_the_slip_by_touch_alone(
    content: Path, data: Path, clock: FakeClock, speech: FakeSpeaker, tmp_path: Path
) -> None:
    slip = tmp_path / "printer"
    app = app_with_settings(
        content, data, clock, ('receipt_printer = ""', f'receipt_printer = "{slip}"'), speech=speech
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.router.open(Place.GROUP_DETAIL, app.services.content.groups[0])
        await pilot.pause()
        await tap_choice(pilot, 2)
        assert isinstance(app.screen, GroupCodeScreen)
        await tap(pilot, "back")
        assert isinstance(app.screen, GroupDetailScreen)
        await tap_choice(pilot, 3)
        await printed(pilot, app)
    assert b"Monday Evening Peer Circle" in slip.read_bytes()


@pytest.mark.parametrize("mode", MODES.values(), ids=MODES.keys())
async def test_the_code_by_keypad_alone(app: KioskApp, mode: dict[str, str]) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        keys = Keypad(pilot, mode)
        await keys.press("4", "2", "2", "5", "enter")  # Find a group, Day, Monday, the first
        assert isinstance(app.screen, GroupDetailScreen)
        await keys.press("2")
        assert isinstance(app.screen, GroupCodeScreen)
        await keys.press(".")
        assert isinstance(app.screen, GroupDetailScreen)
