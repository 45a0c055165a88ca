"""The one sequence every change to a message takes its `seq` from (hub/changes.py)."""

from __future__ import annotations

from django.db import migrations


class Migration(migrations.Migration):
    """Create `hub_change_seq`."""

    dependencies = [("hub", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE hub_change_seq AS bigint START 1",
            "DROP SEQUENCE hub_change_seq",
        )
    ]
