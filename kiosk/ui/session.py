"""What one visitor has switched on for themselves; all of it is forgotten at the reset."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class VisitorChoices:
    """Toggles a visitor may set (row I4). Speech volume and speed live with the voice."""

    letters: bool = False
    """Say each letter as it is typed (words are always said)."""
    describe_keys: bool = False
    """Key help: a key says what it does instead of doing it (row I3)."""
    privacy: bool = False
    """The screen is hidden; the voice goes on (row V4)."""

    def reset(self) -> None:
        """Back to the start for the next visitor."""
        self.letters = self.describe_keys = self.privacy = False
