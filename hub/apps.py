"""The hub as a Django app (label `hub`)."""

from __future__ import annotations

from django.apps import AppConfig


class HubConfig(AppConfig):
    """The centre's hub: its models, migrations, admin and API."""

    name = "hub"
    label = "hub"
    verbose_name = "Mutuality hub"
    default_auto_field = "django.db.models.BigAutoField"
