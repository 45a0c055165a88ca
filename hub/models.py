"""What the hub keeps: centres, their kiosks, the shared moderation queue and its decision log.

Nothing here records a time a visitor did something: a message has the day it was left (as
the kiosk said) and its place in the order the hub first received it (`first_seq`), never a
time of receipt. Tokens and join codes are kept only as SHA-256 hashes.
"""

from __future__ import annotations

from django.db import models


class Centre(models.Model):
    """One drop-in centre: its kiosks share one moderation queue and one content folder."""

    name = models.CharField(max_length=80, unique=True)
    content_folder = models.CharField(max_length=1000, blank=True)
    """The folder of content the hub sends to the centre's kiosks (`centre add --content`);
    empty: `<MUTUALITY_HUB_DATA>/content/<id>` (hub/sharing.py)."""

    def __str__(self) -> str:
        return self.name


class Kiosk(models.Model):
    """A kiosk that joined a centre with a one-time code; it signs its calls with its token."""

    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="kiosks")
    name = models.CharField(max_length=80)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    """SHA-256 (hex) of the kiosk's bearer token; the token itself is never kept."""
    created = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_contact = models.DateTimeField(null=True, blank=True)
    clock_skew_days = models.IntegerField(default=0)
    """How many days the kiosk's date was from the hub's at its last sync (0: within a day)."""
    doctor = models.JSONField(null=True, blank=True)
    """The kiosk's latest `kiosk doctor` results, as it sent them."""
    syncthing_device_id = models.CharField(max_length=80, blank=True)

    def __str__(self) -> str:
        return f"{self.name} (kiosk {self.pk}, {self.centre.name})"


class JoinCode(models.Model):
    """A one-time code staff give a kiosk to join a centre (only its hash is kept)."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="join_codes")
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"join code {self.pk} for {self.centre.name}"


class HubMessage(models.Model):
    """A visitor's message as the centre's hub keeps it: one row per uid, whichever kiosk."""

    class Status(models.TextChoices):
        """Where it is in moderation (the kiosk's `Status` values)."""

        PENDING = "pending"
        APPROVED = "approved"
        REJECTED = "rejected"

    uid = models.CharField(max_length=26, unique=True)
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="messages")
    kiosk = models.ForeignKey(Kiosk, on_delete=models.PROTECT, related_name="messages")
    """The kiosk it was left at."""
    number = models.BigIntegerField()
    """That kiosk's own number for it."""
    text = models.TextField()
    day = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    reasons = models.JSONField(default=list, blank=True)
    urgent = models.BooleanField(default=False)
    held = models.BooleanField(default=False)
    decided = models.DateField(null=True, blank=True)
    seq = models.BigIntegerField(db_index=True)
    """Its latest change's number from the hub's one sequence (hub/changes.py)."""
    first_seq = models.BigIntegerField(db_index=True)
    """The seq of its arrival: the centre's messages are ordered by it, never by a kiosk's clock."""

    class Meta:
        """Its centre's changes are read by `seq`."""

        indexes = [models.Index(fields=["centre", "seq"], name="hub_message_centre_seq")]

    def __str__(self) -> str:
        return f"message {self.pk} ({self.status})"


class Decision(models.Model):
    """One decision on a message, applied or overruled: the audit log staff see. No words."""

    class Outcome(models.TextChoices):
        """What became of it: the first decision on a message wins."""

        APPLIED = "applied"
        OVERRULED = "overruled"

    message = models.ForeignKey(HubMessage, on_delete=models.CASCADE, related_name="decisions")
    status = models.CharField(max_length=8, choices=HubMessage.Status.choices)
    text_edited = models.BooleanField(default=False)
    kiosk = models.ForeignKey(
        Kiosk, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    """The kiosk it was made at, or None when staff made it on the hub (`staff`)."""
    staff = models.CharField(max_length=150, blank=True)
    outcome = models.CharField(max_length=9, choices=Outcome.choices)
    seq = models.BigIntegerField(null=True, blank=True)
    """The change it made (None when overruled)."""
    day = models.DateField()
    """The hub's date when it arrived."""

    @property
    def source(self) -> str:
        """Who decided: `kiosk 3` or the staff user's name."""
        return f"kiosk {self.kiosk_id}" if self.kiosk_id is not None else self.staff

    def __str__(self) -> str:
        return f"{self.status} by {self.source}: {self.outcome}"


class UsageCount(models.Model):
    """A kiosk's absolute count of one thing on one day (the latest it sent replaces older)."""

    kiosk = models.ForeignKey(Kiosk, on_delete=models.CASCADE, related_name="usage")
    day = models.DateField()
    name = models.CharField(max_length=64)
    item = models.CharField(max_length=255, blank=True)
    count = models.BigIntegerField()

    class Meta:
        """One row per kiosk, day, name and item."""

        constraints = [
            models.UniqueConstraint(
                fields=["kiosk", "day", "name", "item"], name="hub_usage_one_per_thing"
            )
        ]


class SeenRequest(models.Model):
    """A sync request id a kiosk has sent, to refuse it replayed (kept a few days)."""

    kiosk = models.ForeignKey(Kiosk, on_delete=models.CASCADE, related_name="seen_requests")
    request = models.CharField(max_length=26)
    day = models.DateField()
    """The hub's date it came, for pruning."""

    class Meta:
        """Each request id once per kiosk; pruned by day."""

        constraints = [
            models.UniqueConstraint(fields=["kiosk", "request"], name="hub_request_once")
        ]
        indexes = [models.Index(fields=["kiosk", "day"], name="hub_seen_kiosk_day")]
