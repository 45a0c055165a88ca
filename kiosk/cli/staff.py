"""`kiosk staff set-pin`: the PIN that opens the kiosk's staff screens."""

from __future__ import annotations

import argparse
import sys

from kiosk.cli.common import Commands, add_data_option, open_staff_lock


def add_commands(commands: Commands) -> None:
    """Add `staff` and its one action, `set-pin`."""
    staff = commands.add_parser("staff", help="staff settings", description="Staff settings.")
    actions = staff.add_subparsers(dest="action", required=True, metavar="ACTION")
    set_pin = actions.add_parser(
        "set-pin", help="set or change the staff PIN (asked for twice, never shown)"
    )
    add_data_option(set_pin)


def set_pin(args: argparse.Namespace) -> int:
    """Ask for a new PIN twice, unseen (three tries), and keep only its hash; 1 if not set."""
    import getpass

    from kiosk.core.locale import english
    from kiosk.staff.pin import MAX_DIGITS, MIN_DIGITS, valid_pin
    from kiosk.staff.wording import pin_problem_words

    lock = open_staff_lock(args)
    for _ in range(3):
        try:
            pin = getpass.getpass(
                f"New staff PIN ({MIN_DIGITS} to {MAX_DIGITS} digits, not shown): "
            )
            problem = valid_pin(pin)
            if problem:
                print(pin_problem_words(english(), problem))
                continue
            again = getpass.getpass("The same PIN again: ")
        except EOFError:  # nothing more to read: `printf '' | kiosk staff set-pin`
            print(
                "kiosk: no PIN was typed (the input ended), so the PIN was not changed. "
                "Run this in a terminal and type the PIN when asked.",
                file=sys.stderr,
            )
            return 1
        if again != pin:
            print("The two PINs were not the same. Try again.")
            continue
        lock.set_pin(pin)
        print(
            "The staff PIN is set. On the kiosk, press 0 three times on the first screen to enter it."
        )
        return 0
    print("kiosk: the PIN was not changed.", file=sys.stderr)
    return 1
