"""What a kiosk screen may ask of the app it runs in, and what voice control asks of a screen.

Both sides are small, typed protocols, so a screen never reaches into the app by name
(`getattr(self.app, "voice")`) and the voice never checks for particular screens.
kiosk/ui/app.py (`KioskApp`) and kiosk/ui/voice.py (`VoiceControl`) keep them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

if TYPE_CHECKING:
    from kiosk.ui.navigation import Router
    from kiosk.ui.services import Services


class Voice(Protocol):
    """Voice commands as a screen sees them."""

    @property
    def available(self) -> bool:
        """True when this kiosk listens for voice commands in the visitor's language."""
        ...

    def talk(self) -> None:
        """Open a listening window, as the talk key does."""
        ...


@runtime_checkable
class Shell(Protocol):
    """The app around the screens."""

    services: Services
    router: Router
    voice: Voice

    def refresh_status(self) -> None:
        """Show the toggles' state on the current screen."""
        ...

    def status_parts(self) -> list[str]:
        """The top bar's words (the toggles' state), piece by piece."""
        ...

    def action_privacy(self) -> None:
        """Hide the screen, or show it again (row V4)."""
        ...

    def switch_text_size(self) -> None:
        """Large text on or off: the kiosk starts again at the other size (row I4)."""
        ...

    def use_language(self, code: str) -> None:
        """Show and say everything in the language `code` from now on, starting from Home."""
        ...


@runtime_checkable
class Listens(Protocol):
    """A screen, as voice control sees it."""

    DICTATION: ClassVar[bool]
    """True where speech is a message to write down, not a command."""

    def dictated(self, text: str) -> None:
        """Words spoken for a message."""
        ...
