"""The kiosk's voice: what is said, how it is made, and the speech log."""
