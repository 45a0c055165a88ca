"""The receipt printer, where the centre has one: a slip of a group's details to take away.

Nearly every receipt printer speaks ESC/POS; python-escpos writes it, to a USB printer by its
ids or to a device file (kiosk.toml `receipt_printer`). A printer that is away, off or out
of paper raises `PrintFailed`, which carries a code for the visitor's words: printing never
stops the kiosk. escpos is imported only when a slip is printed (it reads its printer list
as it is imported), so a kiosk without a printer never loads it.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from kiosk.core.config import PRINTER_ADDRESS
from kiosk.core.problems import Code

if TYPE_CHECKING:
    from escpos.escpos import Escpos

USB_TIMEOUT_MS = 5000
"""How long a USB printer may take to take a slip before it counts as not working."""


class PrintFailed(Exception):
    """The slip was not printed; `code` says so in the visitor's words (problems.printer)."""

    code = Code.PRINTER


class SlipPrinter(Protocol):
    """Something that prints a slip: the real printer, or a fake in the tests."""

    def print_slip(self, lines: Sequence[str], code: str) -> None:
        """Print `lines` (the first as a heading) and a QR code of `code`; raise PrintFailed."""
        ...


def connect(address: str) -> Escpos:
    """The python-escpos printer at `address` ("usb:0x04b8:0x0e15" or a device file)."""
    from escpos.printer import File, Usb

    found = PRINTER_ADDRESS.fullmatch(address)
    if found is None:
        raise ValueError(f"not a printer address: {address!r}")
    if found["vendor"]:
        return Usb(int(found["vendor"], 16), int(found["product"], 16), timeout=USB_TIMEOUT_MS)
    return File(address)


class EscposPrinter:
    """A receipt printer spoken to in ESC/POS, opened afresh for each slip.

    Opened for each slip, not kept open: a printer unplugged and plugged in again between
    visitors works at the next slip.
    """

    def __init__(self, address: str, opener: Callable[[str], Escpos] = connect) -> None:
        self.address = address
        self._open = opener

    def print_slip(self, lines: Sequence[str], code: str) -> None:
        """Print the slip: the name large, each detail, the code, then cut the paper."""
        from escpos.exceptions import Error as EscposError

        try:
            printer = self._open(self.address)
            try:
                printer.set(align="center", bold=True, double_height=True)
                printer.textln(lines[0])
                printer.set_with_default()
                for line in lines[1:]:
                    printer.textln(line)
                printer.ln()
                # escpos prints (to standard output) that a printer of unknown width cannot
                # centre an image: never onto the kiosk's screen.
                with contextlib.redirect_stdout(io.StringIO()):
                    printer.qr(code, size=4)
                printer.cut()
            finally:
                printer.close()
        except (EscposError, OSError, ValueError, RuntimeError) as error:
            # OSError: a device file that is gone; USB errors are OSErrors too. ValueError:
            # no USB library (pyusb's NoBackendError). RuntimeError: escpos without pyusb.
            raise PrintFailed(str(error)) from error
