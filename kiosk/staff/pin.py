"""The staff PIN: kept only as a slow salted hash, with a lock after five wrong tries.

A 4-digit PIN under scrypt falls to an offline search in minutes, and a fixed lock let a
patient guesser try about 1,440 PINs a day at the keypad (issue 11.5). So a new PIN has at
least 6 digits (older, shorter ones keep working until changed, and staff are asked to
change them), each run of five wrong tries locks entry twice as long as the one before, and
every wrong try is logged, as a count, never the digits.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from kiosk.messages.repository import StoreError

PIN_KEY = "pin"
FAILS_KEY = "pin-fails"
LOCKED_KEY = "pin-locked-until"
LOCKOUTS_KEY = "pin-lockouts"
"""How many locks in a row since the right PIN was last typed: each doubles the next."""
MAX_TRIES = 5
LOCK_SECONDS = 300
LONGEST_LOCK = 24 * 3600
MIN_DIGITS, MAX_DIGITS = 6, 8
"""For a new PIN; a PIN set before (4 or 5 digits) still works until it is changed."""

log = logging.getLogger(__name__)
# scrypt with n=2**14, r=8, p=1: about 50 ms and 16 MB a try; slow for guessing, quick for staff.
_N, _R, _P = 2**14, 8, 1


class PinProblem(StrEnum):
    """Why a new PIN will not do (worded by the front end: `staff.pin.<code>`)."""

    DIGITS = "digits"
    """Not MIN_DIGITS to MAX_DIGITS digits, numbers only."""
    EASY = "easy"
    """All the same digit, or digits in a row."""


def valid_pin(pin: str) -> PinProblem | None:
    """Why a new PIN will not do, or None: digits only (a keypad has nothing else), 6 to 8."""
    if not pin.isdigit() or not MIN_DIGITS <= len(pin) <= MAX_DIGITS:
        return PinProblem.DIGITS
    if len(set(pin)) == 1 or pin in "0123456789012345" or pin in "9876543210":
        return PinProblem.EASY
    return None


def hash_pin(pin: str) -> str:
    """A salted scrypt hash, written as scrypt$n$r$p$salt$hash."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def check_hash(pin: str, stored: str) -> bool:
    """True when `pin` matches a hash made by `hash_pin`."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        again = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p))
    except ValueError:
        return False
    return hmac.compare_digest(again.hex(), digest)


class StaffSettings(Protocol):
    """Where staff settings are kept (kiosk/messages/store.py's SQLite is one such store)."""

    def setting(self, key: str) -> str | None:
        """The setting `key`, or None; StoreError when it cannot be read."""
        ...

    def set_setting(self, key: str, value: str) -> None:
        """Keep a setting; StoreError when it cannot."""
        ...


class PinResult(StrEnum):
    """How a PIN try went, as a code each front end words (`staff.pin.<code>` in the packs)."""

    STAFF_MODE = "staff_mode"
    """The right PIN: staff mode opens."""
    NO_PIN = "no_pin"
    """No PIN has been set yet (`kiosk staff set-pin`)."""
    LOCKED = "locked"
    """Entry is locked after wrong tries; `seconds` says for how much longer."""
    WRONG = "wrong"
    """Not the PIN; `tries_left` says how many more before entry locks."""
    NOW_LOCKED = "now_locked"
    """Not the PIN, and that was the last try: entry is locked for `seconds`."""
    CANNOT_CHECK = "cannot_check"
    """The store cannot be used; `problem` says why (the store's words, for staff)."""


@dataclass(frozen=True)
class Attempt:
    """How a PIN try went: a code and its details, never the PIN itself."""

    result: PinResult
    tries_left: int = 0
    """WRONG: tries left before entry locks."""
    seconds: int = 0
    """LOCKED and NOW_LOCKED: how long entry stays locked (LOCKED: at least a minute)."""
    problem: str = ""
    """CANNOT_CHECK: why, in the store's words for staff."""
    short: bool = False
    """The right PIN, but shorter than a new one may be: staff are asked to change it."""

    @property
    def ok(self) -> bool:
        """True when the PIN was right."""
        return self.result is PinResult.STAFF_MODE


class StaffLock:
    """Checks PINs against the store, counting wrong tries across restarts."""

    def __init__(self, store: StaffSettings, now: Callable[[], float] = time.time) -> None:
        self._store = store
        self._now = now  # wall-clock seconds: a lock must outlast a restart

    @property
    def has_pin(self) -> bool:
        """True once `kiosk staff set-pin` has been run."""
        return self._store.setting(PIN_KEY) is not None

    def set_pin(self, pin: str) -> None:
        """Set or change the PIN (check it with `valid_pin` first)."""
        self._store.set_setting(PIN_KEY, hash_pin(pin))
        self._store.set_setting(FAILS_KEY, "0")
        self._store.set_setting(LOCKED_KEY, "0")
        self._store.set_setting(LOCKOUTS_KEY, "0")

    def locked_for(self) -> int:
        """Seconds until PIN entry opens again (0 when open)."""
        until = float(self._store.setting(LOCKED_KEY) or 0)
        return max(0, round(until - self._now()))

    def try_pin(self, pin: str) -> Attempt:
        """Check a PIN, counting wrong tries; five in a row lock entry for five minutes.

        A store that cannot be used keeps staff mode shut (the tries could not be counted)
        and says why, rather than stopping the kiosk.
        """
        try:
            return self._try_pin(pin)
        except StoreError as error:
            log.warning("staff PIN not checked: %s", error)
            return Attempt(PinResult.CANNOT_CHECK, problem=str(error))

    def _try_pin(self, pin: str) -> Attempt:
        stored = self._store.setting(PIN_KEY)
        if stored is None:
            return Attempt(PinResult.NO_PIN)
        wait = self.locked_for()
        if wait:
            return Attempt(PinResult.LOCKED, seconds=max(60, wait))
        if check_hash(pin, stored):
            self._store.set_setting(FAILS_KEY, "0")
            self._store.set_setting(LOCKOUTS_KEY, "0")
            return Attempt(PinResult.STAFF_MODE, short=len(pin) < MIN_DIGITS)
        fails = int(self._store.setting(FAILS_KEY) or 0) + 1
        log.warning("a wrong staff PIN was typed (%d in a row)", fails)  # never the digits
        if fails >= MAX_TRIES:
            lockouts = int(self._store.setting(LOCKOUTS_KEY) or 0)
            seconds = min(LOCK_SECONDS * 2**lockouts, LONGEST_LOCK)
            self._store.set_setting(FAILS_KEY, "0")
            self._store.set_setting(LOCKOUTS_KEY, str(lockouts + 1))
            self._store.set_setting(LOCKED_KEY, str(self._now() + seconds))
            log.warning("staff entry locked for %d minutes", seconds // 60)
            return Attempt(PinResult.NOW_LOCKED, seconds=seconds)
        self._store.set_setting(FAILS_KEY, str(fails))
        return Attempt(PinResult.WRONG, tries_left=MAX_TRIES - fails)
