"""Everything the screens use, gathered in one place and passed in (never looked up)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.audio.player import Player
from kiosk.content import Content
from kiosk.core.clock import Clock
from kiosk.core.locale import Pack, english
from kiosk.core.text_switch import TextSwitch
from kiosk.messages.repository import StoreError
from kiosk.messages.service import MessageService
from kiosk.printing import EscposPrinter, SlipPrinter
from kiosk.speech.manager import SpeechManager
from kiosk.speech.speaker import Speech
from kiosk.staff.pin import StaffLock
from kiosk.ui.session import VisitorChoices
from kiosk.usage.counting import Usage

log = logging.getLogger(__name__)


@dataclass
class Services:
    """The kiosk's content and devices; tests build one with fakes."""

    content: Content
    messages: MessageService
    """Leaving, hearing and moderating messages: screens never reach the store behind it."""
    player: Player
    speech: Speech
    """The voice itself: its settings (volume, speed, on or off) and whether it is speaking."""
    clock: Clock
    usage: Usage
    staff_lock: StaffLock
    """The staff PIN and its lock."""
    choices: VisitorChoices = field(default_factory=VisitorChoices)
    pack: Pack = field(default_factory=english)
    """The current visitor's language: every word shown or said comes from it."""
    text_switch: TextSwitch | None = None
    """Large text (row I4), where the kiosk runs in `kiosk session`; None: it cannot change."""
    printer: Callable[[str], SlipPrinter] = EscposPrinter
    """The receipt printer at an address (kiosk.toml `receipt_printer`, read afresh each time
    so a changed setting needs no restart); tests give a file or a fake."""
    speech_manager: SpeechManager = field(init=False)
    """Everything said goes through it: it decides when each utterance is heard."""

    def __post_init__(self) -> None:
        self.speech_manager = SpeechManager(self.speech)

    def slip_printer(self) -> SlipPrinter | None:
        """The centre's receipt printer, or None where it has none."""
        address = self.content.config.receipt_printer
        return self.printer(address) if address else None

    def purge_rejected(self) -> None:
        """Delete rejected messages older than the centre's retention period (logged, never raised)."""
        try:
            self.messages.purge_rejected(self.content.config.rejected_retention_days)
        except StoreError as error:
            log.warning("%s", error)

    def use_pack(self, pack: Pack) -> None:
        """Show and say everything in `pack` from now on (the voice too: row S10)."""
        self.pack = pack
        self.speech.language = pack.voice
