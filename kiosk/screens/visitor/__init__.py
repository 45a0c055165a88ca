"""Screens a visitor sees; each is independent of the others (the router joins them)."""
