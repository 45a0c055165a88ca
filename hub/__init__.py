"""The centre's hub (issue 35): one server a charity runs, on PostgreSQL, that kiosks sync with.

A Django project: the sync API kiosks call (hub/protocol.md), the shared moderation queue, and
later the staff console. Kiosks never import this package (import-linter forbids it).
"""
