"""Mutuality: a talking peer-support kiosk for mental-health drop-in centres."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("mutuality-kiosk")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
