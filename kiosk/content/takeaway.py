"""A group's details to take away: the words a phone reads from a code, and a printed slip.

Only the group's own details go in either (its name, when and where it meets, its phone
number): nothing about the visitor, who is never asked anything to get them.

The code is drawn on the kiosk's own screen, two modules to a character row, and must fit
80x24 with its quiet zone; `CODE_VERSION` is the biggest QR code that does (41 modules a
side, 134 bytes of text at the lowest error correction). Times are written 18:30-20:00, the
same in every language and shorter than words. Where the text is still too long, the place
is said in fewer words, then cut short: never the day, the time or the phone number.
"""

from __future__ import annotations

import datetime as dt

import segno

from kiosk.content.groups import Group
from kiosk.core.locale import Pack

CODE_VERSION = 6
"""The biggest QR code the screen shows: 41 modules, 21 rows of half blocks, so 80x24 keeps
room for a quiet zone above and below (kiosk/ui/widgets/qr.py)."""
CODE_BYTES = 134
"""What a version 6 code holds at the lowest error correction, a byte at a time (ISO/IEC
18004 table 7): `tests/unit/test_takeaway.py` checks it against segno."""
CODE_ERROR = "l"
"""Error correction: the lowest, for the most text in the fewest modules; a lit screen is
never scuffed or folded, and segno raises it whenever that costs no more modules."""
_CUT = "…"


def code_text(group: Group, pack: Pack) -> str:
    """What the code holds, one detail a line: the name, when, where, the phone number."""
    lines = [group.name, _when(group, pack), group.where_words(), group.phone_words(pack)]
    text = _joined(lines)
    if fits(text):
        return text
    # Too long: the place in fewer words. The area is usually in the address, and the address
    # (with its postcode) finds the place on a phone's map; then cut short. A name or a day
    # list so long that even that is not enough is cut too.
    for where in (", ".join(p for p in (group.venue, group.address) if p), group.address):
        lines[2] = where
        if fits(text := _joined(lines)):
            return text
    for cut in (2, 0, 1):
        while not fits(text := _joined(lines)) and lines[cut]:
            over = len(text.encode("utf-8")) - CODE_BYTES
            kept = lines[cut].removesuffix(_CUT)
            # A letter is one to four bytes: cutting `over` letters at least is never too few.
            lines[cut] = (
                kept[: len(kept) - over - 1].rstrip(" ,") + _CUT if len(kept) > over else ""
            )
    return text


def make_code(text: str) -> segno.QRCode:
    """The QR code of `text`, as small as it can be (any version when it cannot fit)."""
    return segno.make(text, error=CODE_ERROR, micro=False)


def fits(text: str) -> bool:
    """True when the code of `text` fits the kiosk's screen (`CODE_VERSION` or smaller).

    Counted in bytes, without making the code: text with letters in it is stored a byte at a
    time (UTF-8), and a code of `CODE_VERSION` holds `CODE_BYTES` of them.
    """
    return len(text.encode("utf-8")) <= CODE_BYTES


def slip_lines(group: Group, pack: Pack) -> list[str]:
    """The printed slip: the name, then each detail with its heading, in `pack`'s words."""
    details = [
        ("when", group.when_words(pack)),
        ("where", group.where_words()),
        ("phone", group.phone_words(pack)),
        ("email", group.email),
        ("website", group.website),
    ]
    lines = [group.name]
    lines += [f"{pack.t(f'group_detail.{name}')}: {words}" for name, words in details if words]
    return lines


def _when(group: Group, pack: Pack) -> str:
    times = "-".join(_clock(value) for value in (group.start, group.end) if value is not None)
    return " ".join(part for part in (group.days_words(pack), times) if part)


def _clock(value: dt.time) -> str:
    return value.strftime("%H:%M")


def _joined(lines: list[str]) -> str:
    return "\n".join(line for line in lines if line)
