"""Django's admin for staff: centres, kiosks, the queue and the decision log.

Token and join-code hashes are shown read-only (they are useless to read, and must never be
set by hand); the decision log is read-only, since it is the audit trail.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from hub.models import Centre, Decision, HubMessage, JoinCode, Kiosk, UsageCount

# django-stubs types ModelAdmin as generic (ModelAdmin[Kiosk]); Django itself does not take
# the subscript. This is what django-stubs-ext's monkeypatch does, without a runtime package.
if not hasattr(admin.ModelAdmin, "__class_getitem__"):
    admin.ModelAdmin.__class_getitem__ = classmethod(lambda cls, *_: cls)  # type: ignore[attr-defined]


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin[Centre]):
    """Centres by name."""

    list_display = ("name",)


@admin.register(Kiosk)
class KioskAdmin(admin.ModelAdmin[Kiosk]):
    """Kiosks: when they last called, whether their clock is wrong, revoked or not."""

    list_display = ("id", "name", "centre", "last_contact", "clock_skew_days", "revoked_at")
    list_filter = ("centre",)
    readonly_fields = ("token_hash", "created", "last_contact", "clock_skew_days", "doctor")


@admin.register(JoinCode)
class JoinCodeAdmin(admin.ModelAdmin[JoinCode]):
    """Join codes (made with `mutuality-hub join-code`; only hashes here)."""

    list_display = ("id", "centre", "expires", "used_at")
    readonly_fields = ("code_hash",)


@admin.register(HubMessage)
class HubMessageAdmin(admin.ModelAdmin[HubMessage]):
    """The shared queue (decide with `mutuality-hub approve/reject`, which follow the rules)."""

    list_display = ("id", "centre", "kiosk", "number", "day", "status", "urgent", "held")
    list_filter = ("centre", "status", "urgent", "held")
    readonly_fields = ("uid", "seq", "first_seq", "kiosk", "centre", "number", "status")
    ordering = ("first_seq",)


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin[Decision]):
    """The decision log: read-only."""

    list_display = ("id", "message", "status", "text_edited", "source", "outcome", "day")
    list_filter = ("outcome", "status")

    def has_add_permission(self, request: HttpRequest) -> bool:
        """The log is written by decisions only."""
        return False

    def has_change_permission(self, request: HttpRequest, obj: Decision | None = None) -> bool:
        """The log is never edited."""
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Decision | None = None) -> bool:
        """The log is never cut."""
        return False


@admin.register(UsageCount)
class UsageCountAdmin(admin.ModelAdmin[UsageCount]):
    """Usage counts per kiosk and day."""

    list_display = ("kiosk", "day", "name", "item", "count")
    list_filter = ("name",)
