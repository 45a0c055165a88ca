"""Everything the screens use, gathered in one place and passed in (never looked up)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.audio.player import Player
from kiosk.audio.speech import Speech
from kiosk.clock import Clock
from kiosk.content import Content
from kiosk.limits import MessageLimits
from kiosk.locale import Pack, english
from kiosk.session import VisitorChoices
from kiosk.store import MessageStore
from kiosk.usage import Usage


@dataclass
class Services:
    """The kiosk's content and devices; tests build one with fakes."""

    content: Content
    store: MessageStore
    player: Player
    speech: Speech
    clock: Clock
    limits: MessageLimits
    usage: Usage
    choices: VisitorChoices = field(default_factory=VisitorChoices)
    pack: Pack = field(default_factory=english)
    """The current visitor's language: every word shown or said comes from it."""

    def use_pack(self, pack: Pack) -> None:
        """Show and say everything in `pack` from now on (the voice too: row S10)."""
        self.pack = pack
        self.speech.language = pack.voice
