"""Which key presses act: one press is one action, however it bounces or is held (row I5).

Three rules, all here and nowhere else, all timed by the clock passed in:

- **Bounce**: the same key again within `SAME_KEY_SECONDS` of when it last acted does
  nothing (an unsteady finger, a worn key; EN 301 549 5.8).
- **Held**: the same key again within `HELD_GAP_SECONDS` of when it last *arrived* does
  nothing, acted or not, so a held key stays one press for as long as it is held and its
  auto-repeat never acts (EN 301 549 5.7). The bounce window is longer than the usual
  auto-repeat delay, so the first repeat is caught too.
- **Two at once**: a different key within `TWO_AT_ONCE_SECONDS` of a key that acted does
  nothing. Two keys that close are one hand landing on two keys, and the first may have
  changed the screen: `4 5` together opened Find a group and then Help on top. The rule
  cannot wait to see whether the first key changed the screen: Textual hands both keys on
  before either has acted, so at the time of the second nothing has changed yet.

**Typing is exempt** from all three: in a text box repeating a letter (or holding
Backspace) is the point, so letters, digits and editing keys there always go through.

**Arrows in a list are debounced like every other key.** Each move says the item and where
it is ("Story 2 of 7"); a held arrow would race past items faster than they can be said,
and every key cuts speech short, so the visitor would hear nothing. No list is longer than
nine to a page (0 turns the page), so nobody needs to hold an arrow to get anywhere.

A key a visitor has spoken (a voice command presses its key) is deliberate: the app does
not ask the gate about it.
"""

from __future__ import annotations

from kiosk.core.clock import Clock

SAME_KEY_SECONDS = 0.7
"""A key pressed again this soon after it acted does nothing. EN 301 549 5.8 asks for at
least 0.5 s; 0.7 s is longer than the auto-repeat delay of the kiosk's own set-up (600 ms,
wlroots' default, which cage and so foot use) and of X (660 ms), so a held key's first
repeat is a bounce, not a second press. Pressing a key again on purpose takes longer: the
first press is still being answered aloud."""
HELD_GAP_SECONDS = 0.25
"""Arrivals of one key closer together than this are auto-repeat (25 a second under cage,
40 ms apart; even slow settings repeat within 100 ms): a held key keeps being refused."""
TWO_AT_ONCE_SECONDS = 0.2
"""A different key this soon after one that acted is the same press landing on two keys (a
rolled press is 30-100 ms). A visitor choosing again waits for the new screen first."""

EDITING_KEYS = frozenset({"backspace", "delete", "left", "right"})
"""Keys that edit text in a box, besides the printable ones: exempt while typing."""


class KeyGate:
    """Decides, for each key as it arrives, whether it may act. Pure: a clock and some times."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._last_key: str | None = None
        """The key that arrived last, acted or not, and when."""
        self._last_arrived = -1e9
        self._acted_key: str | None = None
        """The key that acted last, and when it arrived."""
        self._last_acted = -1e9

    def admits(self, key: str, *, character: str | None = None, typing: bool = False) -> bool:
        """True if `key` (Textual's name) may act now; False: a bounce, a repeat, a slip.

        `typing` is True when keys go into a text box on the screen; then `character`
        (what the key types, if anything) decides whether it is typing, and exempt.
        """
        now = self._clock.monotonic()
        held = key == self._last_key and now - self._last_arrived < HELD_GAP_SECONDS
        since_acted = now - self._last_acted
        self._last_key, self._last_arrived = key, now
        if typing and (bool(character and character.isprintable()) or key in EDITING_KEYS):
            return True
        if held or (key == self._acted_key and since_acted < SAME_KEY_SECONDS):
            return False
        if key != self._acted_key and since_acted < TWO_AT_ONCE_SECONDS:
            return False
        self._last_acted, self._acted_key = now, key
        return True

    def reset(self) -> None:
        """Forget every key (a new visitor starts with nothing held)."""
        self._last_key = self._acted_key = None
        self._last_arrived = self._last_acted = -1e9
