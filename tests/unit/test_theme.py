"""Colours: every text/background pair passes WCAG 1.4.3 (accessibility row V2)."""

from __future__ import annotations

import re

import pytest

from kiosk.ui.theme import PAIRS, PALETTE, contrast
from tests.support.paths import REPO

STYLESHEET = (REPO / "kiosk" / "ui" / "kiosk.tcss").read_text()


@pytest.mark.parametrize("text, background", PAIRS)
def test_contrast_is_at_least_4_5_to_1(text: str, background: str) -> None:
    assert contrast(PALETTE[text], PALETTE[background]) >= 4.5


def test_contrast_formula() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_the_stylesheet_uses_only_the_checked_palette() -> None:
    assert not re.search(r"#[0-9a-fA-F]{3,6}\b", STYLESHEET), "use $kiosk-... colours, not literals"
    used = set(re.findall(r"\$(kiosk-[a-z-]+)", STYLESHEET))
    assert used <= set(PALETTE)
    for name in ("color", "background"):
        for value in re.findall(rf"\b{name}:\s*\$([a-z-]+)", STYLESHEET):
            assert value.startswith("kiosk-"), value
