"""A group's details to take away (issue 34): what the code holds, the half blocks that draw
it, the slip the receipt printer is sent, and the kiosk.toml setting that names the printer."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from escpos.printer import Dummy, File, Usb

from kiosk.content import Group, load_content
from kiosk.content.takeaway import CODE_BYTES, CODE_VERSION, code_text, make_code, slip_lines
from kiosk.core.config import load_config
from kiosk.core.locale import available, load_pack
from kiosk.printing import EscposPrinter, PrintFailed, connect
from kiosk.ui.widgets.qr import half_block_rows

GROUP = Group(
    name="Walk and Talk",
    what="A slow walk.",
    days=(0, 3),
    start=dt.time(18, 30),
    end=dt.time(20, 0),
    venue="Park gates",
    address="Park Road, Wrenford RV2 4PR",
    area="Millbrook",
    phone="01632 960101",
    extension="100",
)


@pytest.mark.parametrize("code", available())
def test_every_sample_groups_code_fits_the_screen_with_its_name_day_and_phone(
    content: Path, code: str
) -> None:
    pack = load_pack(code)
    for group in load_content(content).groups:
        text = code_text(group, pack)
        assert make_code(text).version <= CODE_VERSION, text
        lines = text.splitlines()
        assert lines[0] == group.name
        if group.phone:
            assert lines[-1] == group.phone_words(pack)


def test_the_code_holds_name_day_time_place_and_phone_with_its_extension() -> None:
    assert code_text(GROUP, load_pack("en")).splitlines() == [
        "Walk and Talk",
        "Mondays and Thursdays 18:30-20:00",
        "Park gates, Park Road, Wrenford RV2 4PR, Millbrook",
        "01632 960101, extension 100",
    ]
    assert code_text(GROUP, load_pack("ko")).splitlines()[3] == "01632 960101, 내선 100"


def test_the_byte_budget_is_what_the_biggest_code_holds() -> None:
    assert make_code("a\n" * (CODE_BYTES // 2)).version == CODE_VERSION
    assert make_code("a\n" * (CODE_BYTES // 2) + "a").version == CODE_VERSION + 1


def test_a_place_too_long_for_the_code_is_said_shorter_then_cut_never_the_phone() -> None:
    long = dataclasses.replace(GROUP, venue="The Community Room " * 4, address="Park Road " * 8)
    text = code_text(long, load_pack("ko"))
    assert make_code(text).version <= CODE_VERSION
    lines = text.splitlines()
    assert lines[2].startswith("Park Road") and lines[2].endswith("…")
    assert lines[3] == "01632 960101, 내선 100"
    huge = dataclasses.replace(GROUP, name="가" * 500)
    assert make_code(code_text(huge, load_pack("ko"))).version <= CODE_VERSION


def test_half_blocks_draw_two_modules_to_a_row_with_the_quiet_zone() -> None:
    code = make_code("Walk and Talk")
    matrix = [[bool(m) for m in row] for row in code.matrix_iter(scale=1, border=2)]
    rows = half_block_rows(code, 2)
    assert len(rows) == (len(matrix) + 1) // 2
    assert all(len(row) == len(matrix) for row in rows)
    assert set(rows[0]) == {" "}  # the quiet zone
    blocks = {" ": (False, False), "▀": (True, False), "▄": (False, True), "█": (True, True)}
    for number, row in enumerate(rows):
        below = matrix[2 * number + 1] if 2 * number + 1 < len(matrix) else [False] * len(row)
        assert [blocks[c] for c in row] == list(zip(matrix[2 * number], below, strict=True))


def test_the_slip_has_the_details_under_their_headings() -> None:
    dummy = Dummy()
    lines = slip_lines(GROUP, load_pack("en"))
    EscposPrinter("usb:0x04b8:0x0e15", lambda _address: dummy).print_slip(lines, "Walk")
    for words in (
        "Walk and Talk",
        "When: Mondays and Thursdays, 6:30pm to 8pm",
        "Where: Park gates, Park Road, Wrenford RV2 4PR, Millbrook",
        "Phone: 01632 960101, extension 100",
    ):
        assert words.encode() in dummy.output
    assert dummy.output.endswith(b"\x1dV\x00")  # cut


def test_printer_addresses_are_a_usb_printers_ids_or_a_device_file(tmp_path: Path) -> None:
    usb = connect("usb:0x04B8:0x0e15")  # not opened until it prints
    assert isinstance(usb, Usb)
    assert usb.usb_args == {"idVendor": 0x04B8, "idProduct": 0x0E15}
    assert isinstance(connect("/dev/usb/lp0"), File)
    with pytest.raises(PrintFailed) as failed:
        EscposPrinter(str(tmp_path / "gone" / "lp0")).print_slip(["Walk"], "Walk")
    assert failed.value.code == "printer"


def test_receipt_printer_in_kiosk_toml_is_checked(tmp_path: Path) -> None:
    toml = tmp_path / "kiosk.toml"
    toml.write_text('receipt_printer = "usb:0x04b8:0x0e15"\n')
    assert load_config(tmp_path) == (load_config(tmp_path)[0], [])
    assert load_config(tmp_path)[0].receipt_printer == "usb:0x04b8:0x0e15"
    toml.write_text('centre_name = "Here"\nreceipt_printer = "epson"\n')
    config, problems = load_config(tmp_path)
    assert config.receipt_printer == ""
    assert [(p.line, p.message) for p in problems] == [
        (
            2,
            '"receipt_printer" should be "usb:" and the printer\'s two ids, like '
            '"usb:0x04b8:0x0e15" (`lsusb` shows them), or a device file such as '
            '"/dev/usb/lp0"; no printer is used.',
        )
    ]
