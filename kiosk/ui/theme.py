"""The kiosk's colours, in one place, so a test can check their contrast (WCAG 1.4.3)."""

from __future__ import annotations

# Pairs are (text, background). Every pair the stylesheet uses is listed in PAIRS.
PALETTE: dict[str, str] = {
    "kiosk-bg": "#000000",
    "kiosk-fg": "#ffffff",
    "kiosk-muted": "#d7d7d7",
    "kiosk-accent": "#ffd75f",
    "kiosk-bar-bg": "#14145a",
    "kiosk-focus-bg": "#ffd75f",
    "kiosk-focus-fg": "#000000",
    "kiosk-error": "#ff9e9e",
    "kiosk-note-bg": "#26262e",
    "kiosk-current-bg": "#3a3a10",
}

PAIRS: tuple[tuple[str, str], ...] = (
    ("kiosk-fg", "kiosk-bg"),
    ("kiosk-muted", "kiosk-bg"),
    ("kiosk-accent", "kiosk-bg"),
    ("kiosk-fg", "kiosk-bar-bg"),
    ("kiosk-accent", "kiosk-bar-bg"),
    ("kiosk-focus-fg", "kiosk-focus-bg"),
    ("kiosk-error", "kiosk-bg"),
    ("kiosk-fg", "kiosk-note-bg"),
    ("kiosk-fg", "kiosk-current-bg"),
    ("kiosk-bg", "kiosk-muted"),  # a button to tap, on a screen of few rows
)


def _luminance(colour: str) -> float:
    """Relative luminance as WCAG defines it."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio between two #rrggbb colours (1 to 21)."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
