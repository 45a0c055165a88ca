"""Sound: playing stories (and, later, speech) through one output."""

from kiosk.audio.player import Player, PlayerState

__all__ = ["Player", "PlayerState"]
