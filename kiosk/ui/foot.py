"""The foot terminal's settings for the kiosk under cage, in one place.

`kiosk install` (which runs the kiosk as `cage -- foot -c FILE -e kiosk run`) and the test of
that real session (tests/system/test_compositor.py) both write this text. Only what the kiosk
needs is set: the theme's background in foot's margins (the grid rarely fills the screen to
the last pixel) and no foot key bindings: foot's own keys would otherwise let a visitor open a shell
(Control+Shift+n), open a link, search, paste or change the font size.

Left as foot has it: its client-side decorations. Under cage 0.1.4 foot keeps 26 pixels at the
bottom for a title bar that is never shown; `[csd] preferred=none` or `size=0` would give them
back, but with either cage's headless output stopped showing foot's frames (the test's
screenshot stayed blank), so they wait for a check on real hardware.
"""

from __future__ import annotations

from kiosk.ui.theme import PALETTE

# foot 1.13's key bindings (Debian 12); each one is turned off. An unknown name is an error.
FOOT_KEY_BINDINGS: tuple[str, ...] = (
    "scrollback-up-page",
    "scrollback-up-half-page",
    "scrollback-up-line",
    "scrollback-down-page",
    "scrollback-down-half-page",
    "scrollback-down-line",
    "clipboard-copy",
    "clipboard-paste",
    "primary-paste",
    "search-start",
    "font-increase",
    "font-decrease",
    "font-reset",
    "spawn-terminal",
    "minimize",
    "maximize",
    "fullscreen",
    "pipe-visible",
    "pipe-scrollback",
    "pipe-selected",
    "show-urls-launch",
    "show-urls-copy",
    "show-urls-persistent",
    "prompt-prev",
    "prompt-next",
    "unicode-input",
)


def foot_ini() -> str:
    """The text of foot.ini for the kiosk (pass it with `foot -c FILE`)."""
    background = PALETTE["kiosk-bg"].removeprefix("#")
    foreground = PALETTE["kiosk-fg"].removeprefix("#")
    bindings = "".join(f"{name}=none\n" for name in FOOT_KEY_BINDINGS)
    return (
        "# foot.ini for the Mutuality kiosk, made by kiosk/ui/foot.py: edit it there.\n"
        "[main]\n"
        "pad=0x0\n"
        "\n"
        "[colors]\n"
        f"background={background}\n"
        f"foreground={foreground}\n"
        "\n"
        "[key-bindings]\n"
        f"{bindings}"
    )
