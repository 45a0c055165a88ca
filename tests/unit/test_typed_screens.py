"""Screens take and return typed values: mypy catches a wrong answer or a wrong argument.

Each place carries what its screen is given and what it answers with
(kiosk/ui/navigation.py), each screen names its answer type, and answers are enums or bools
(kiosk/ui/answers.py), not strings compared by hand. Here mypy (strict, the project's own
settings) checks a small module of calls: every line marked "wrong" must be an error, and
no other line.
"""

from __future__ import annotations

from pathlib import Path

from mypy import api

from kiosk.screens import SCREENS
from kiosk.ui.navigation import Place
from tests.support.paths import REPO

CALLS = """
from kiosk.messages.screening import Screening
from kiosk.screens import HomeScreen, MessagePreviewScreen
from kiosk.ui.answers import DictationAnswer, PreviewAnswer, SupportAnswer
from kiosk.ui.navigation import Place, Router, route
from kiosk.ui.screen import KioskScreen
from kiosk.ui.widgets import MenuItem


def after_preview(answer: PreviewAnswer | None) -> None: ...
def after_words(answer: str | None) -> None: ...
def after_support(answer: SupportAnswer | None) -> None: ...


class Preview(KioskScreen[PreviewAnswer]):
    def send(self) -> None:
        self.dismiss(PreviewAnswer.SENT)
    def send_as_before(self) -> None:
        self.dismiss("sent")  # wrong: an answer is an enum now


def journeys(router: Router, stay: MenuItem, leave: MenuItem) -> None:
    router.open(Place.HOME)
    router.open(Place.MESSAGE_PREVIEW, "Hold on", Screening(), then=after_preview)
    router.open(Place.MESSAGE_PREVIEW, "Hold on", Screening(), then=after_words)  # wrong: str
    router.open(Place.MESSAGE_PREVIEW, "Hold on", Screening(), then=after_support)  # wrong
    router.open(Place.MESSAGE_PREVIEW, "Hold on", then=after_preview)  # wrong: no screening
    router.open(Place.MESSAGE_PREVIEW, Screening(), "Hold on")  # wrong: the order
    router.open(Place.HOME, "Hold on")  # wrong: Home takes nothing
    router.open(Place.SUPPORT_NOW, then=after_support)
    router.open(Place.DICTATION, "hold on", then=lambda a: print(a is DictationAnswer.KEEP))
    router.open(Place.DICTATION, "hold on", then=lambda a: print(a == "keep"))  # wrong
    router.open(Place.ASK, "Leave?", "Your words go.", stay, leave, then=lambda yes: print(yes))
    router.open(Place.ASK, "Leave?", "Your words go.", [stay, leave])  # wrong: two answers
    router.open(Place.ASK, "Leave?", "", stay, leave, then=lambda a: print(a == "leave"))  # wrong
    router.open(Place.READ_IN_FULL, "Hold on", then=lambda whole: print(whole is True))
    router.open(Place.STILL_THERE, "20")  # wrong: seconds are a number


TABLE = [
    route(Place.HOME, HomeScreen),
    route(Place.MESSAGE_PREVIEW, MessagePreviewScreen),
    route(Place.HOME, MessagePreviewScreen),  # wrong: the preview needs the words
    route(Place.MESSAGE_PREVIEW, HomeScreen),  # wrong: Home answers nothing
]
"""


def test_mypy_catches_a_wrong_answer_or_argument_and_passes_the_right_ones(
    tmp_path: Path,
) -> None:
    module = tmp_path / "journeys.py"
    module.write_text(CALLS)
    report, errors, _status = api.run(
        [
            "--config-file",
            str(REPO / "pyproject.toml"),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--no-error-summary",
            str(module),
        ]
    )
    assert not errors
    lines = CALLS.splitlines()
    wrong = {n for n, line in enumerate(lines, 1) if "# wrong" in line}
    found = {
        int(line.split(":")[1])
        for line in report.splitlines()
        if line.startswith(str(module)) and ": error:" in line
    }
    assert len(wrong) == 12
    assert found == wrong, report


def test_every_place_declared_is_made_and_has_its_screen() -> None:
    declared = [name for name in vars(Place)["__annotations__"] if name.isupper()]
    assert len(declared) == 30  # with GROUP_CODE, KIND_MESSAGES and TALK_NOW (issue 34)
    assert sorted(place.name for place in SCREENS) == sorted(declared)
    assert {getattr(Place, name).value for name in declared} == {n.lower() for n in declared}
