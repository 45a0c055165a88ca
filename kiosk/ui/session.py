"""What one visitor has switched on for themselves; all of it is forgotten at the reset."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Echo(enum.Enum):
    """How much of what a visitor types is said aloud (F12 steps through them).

    Quiet unless they choose: what someone writes is private, and the speaker is open to
    the room (row S7). A visitor who cannot see turns it on with one key, and the preview
    reads the whole message back on request (row S1).
    """

    QUIET = "quiet"
    """Nothing typed is said; a deletion is said as "deleted", without what went."""
    WORDS = "words"
    """Each word as it is finished, and what is deleted."""
    LETTERS = "letters"
    """Each letter too."""

    def next(self) -> Echo:
        """The next level: quiet, words, letters, then quiet again."""
        order = list(Echo)
        return order[(order.index(self) + 1) % len(order)]


@dataclass
class VisitorChoices:
    """Toggles a visitor may set (row I4). Speech volume and speed live with the voice."""

    typing: Echo = Echo.QUIET
    """How much of what is typed is said aloud."""
    describe_keys: bool = False
    """Key help: a key says what it does instead of doing it (row I3)."""
    privacy: bool = False
    """The screen is hidden; the voice goes on (row V4)."""
    arrived: bool = False
    """True once this visitor has pressed or tapped something: their visit has begun."""
    oriented: bool = False
    """True once how the kiosk works (it talks, say again, volume) is on its way to them:
    it follows the next screen's words (`KioskApp.visitor_arrived`)."""

    def reset(self) -> None:
        """Back to the start for the next visitor."""
        self.typing = Echo.QUIET
        self.describe_keys = self.privacy = self.arrived = self.oriented = False
