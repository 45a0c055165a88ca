"""Staff's codes in words: why a message was flagged, how a PIN try went, why a PIN won't do.

The layers below pass codes with their details (kiosk/messages/repository.py's `Reason`,
kiosk/staff/pin.py's `Attempt`); every front end that shows them to staff (the kiosk's staff
screens, the `kiosk` command) words them here, from the language pack it is given.
"""

from __future__ import annotations

from kiosk.core.locale import Pack
from kiosk.messages.repository import Reason, Why
from kiosk.staff.pin import MAX_DIGITS, MIN_DIGITS, Attempt, PinProblem, PinResult


def reason_words(pack: Pack, reason: Reason) -> str:
    """One reason a message was flagged: "May identify someone: phone number."."""
    match reason.why:
        case Why.IDENTIFYING:
            kinds = [pack.t(f"staff.details.{kind}") for kind in reason.details]
            return pack.t("staff.reasons.identifying", details=", ".join(kinds))
        case Why.URGENT:
            return pack.t("staff.reasons.urgent")
        case _:
            detail = reason.details[0] if reason.details else ""
            return pack.t(f"staff.reasons.{reason.why}", detail=detail)


def attempt_words(pack: Pack, attempt: Attempt) -> str:
    """How a PIN try went, for the person at the keypad or the command line."""
    match attempt.result:
        case PinResult.WRONG:
            return pack.count("staff.pin.wrong", attempt.tries_left)
        case PinResult.LOCKED | PinResult.NOW_LOCKED:
            return pack.t(f"staff.pin.{attempt.result}", duration=duration(pack, attempt.seconds))
        case PinResult.CANNOT_CHECK:
            return pack.t("staff.pin.cannot_check", problem=attempt.problem)
        case _:
            return pack.t(f"staff.pin.{attempt.result}")


def pin_problem_words(pack: Pack, problem: PinProblem) -> str:
    """Why a new PIN will not do, and what would."""
    return pack.t(f"staff.pin.{problem}", least=MIN_DIGITS, most=MAX_DIGITS)


def duration(pack: Pack, seconds: int) -> str:
    """How long a lock lasts: "5 minutes" under two hours, else "2 hours"."""
    minutes = seconds // 60
    if minutes < 120:
        return pack.count("time.minutes", minutes)
    return pack.count("time.hours", minutes // 60)
