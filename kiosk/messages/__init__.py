"""Visitors' messages: the store, screening, limits and the moderation rules."""
