"""Pilot tests: the whole app in memory, driven by keys, touch and voice, heard through a fake voice."""
