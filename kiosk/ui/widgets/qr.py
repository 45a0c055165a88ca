"""A QR code drawn in the terminal with half blocks, for a phone's camera to read.

Each character cell shows two modules, one above the other ("▀", "▄", "█" or a space), so a
module is one column wide and half a row high: square on a terminal's tall cells. Dark
modules are black on white whatever the theme, as a camera expects, and the whole widget is
white, so the quiet zone around the code (four modules where the screen has room, never
less than two) runs on into white to the widget's edges.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import segno
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

QUIET = 4
"""The quiet zone the QR standard asks for, in modules, where the screen has room."""
LEAST_QUIET = 2
"""The least quiet zone drawn: a phone and zbar still read it, and 80x24 has room for it."""
_INK = Style(color="#000000", bgcolor="#ffffff")
_PAPER = Style(color="#ffffff", bgcolor="#ffffff")
_RUNS = re.compile(r" +|[^ ]+")
_BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def half_block_rows(code: segno.QRCode, quiet: int) -> list[str]:
    """The code as lines of half blocks, with `quiet` light modules round it."""
    rows = [[bool(dark) for dark in row] for row in code.matrix_iter(scale=1, border=quiet)]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))  # the last half row: light, part of the quiet zone
    return [
        "".join(_BLOCKS[top, bottom] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(rows[::2], rows[1::2], strict=True)
    ]


class QrCode(Widget):
    """A QR code, centred in white, as big a quiet zone as the widget's height allows."""

    DEFAULT_CSS = """
    QrCode {
        background: #ffffff;
        color: #000000;
        width: auto;
        height: 1fr;
    }
    """

    def __init__(self, code: segno.QRCode, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.code = code
        self.modules = int(code.symbol_size(scale=1, border=0)[0])
        """How many modules a side the code has, without its quiet zone."""
        self._drawn: tuple[int, list[str]] = (-1, [])

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """As wide as the code with its full quiet zone."""
        return self.modules + 2 * QUIET

    def fits(self, rows: int) -> bool:
        """True when the code and its least quiet zone fit in `rows` character rows."""
        return 2 * rows >= self.modules + 2 * LEAST_QUIET

    def quiet_zone(self, rows: int) -> int:
        """The quiet zone drawn in `rows` character rows: QUIET, or what fits, at least 2."""
        room = (2 * rows - self.modules) // 2
        return max(LEAST_QUIET, min(QUIET, room))

    def lines(self) -> list[str]:
        """The code as drawn now, quiet zone and all (made again only when the height changes)."""
        height = self.size.height
        if self._drawn[0] != height:
            self._drawn = (height, half_block_rows(self.code, self.quiet_zone(height)))
        return self._drawn[1]

    def render_line(self, y: int) -> Strip:
        """One row of the widget: a row of the code, centred, or white around it."""
        width, height = self.size
        lines = self.lines()
        top = max(0, (height - len(lines)) // 2)
        text = lines[y - top] if 0 <= y - top < len(lines) else ""
        left = max(0, (width - len(text)) // 2)
        return Strip(list(self._segments(left, text, width)), width)

    @staticmethod
    def _segments(left: int, text: str, width: int) -> Iterator[Segment]:
        """Runs of light cells (paper) and of cells with ink in them, each its own segment.

        Drawn alike in a terminal; apart, a screenshot (Textual's SVG) places each run of
        ink where it is, where a run starting with spaces was drawn moved left by them.
        """
        row = (" " * left + text)[:width].ljust(width)
        for run in _RUNS.finditer(row):
            yield Segment(run.group(), _PAPER if run.group().isspace() else _INK)
