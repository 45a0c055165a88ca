"""Widgets shared by the kiosk's screens."""

from kiosk.ui.widgets.menu import MenuItem, NumberedMenu

__all__ = ["MenuItem", "NumberedMenu"]
