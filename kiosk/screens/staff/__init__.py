"""Screens for staff, behind the PIN; in English."""
