"""The kiosk's side of the centre's hub (issue 35): joining it, and syncing with it, offline first.

The protocol both sides speak is described in hub/protocol.md.
"""
