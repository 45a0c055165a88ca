"""A centre's content folder, when staff named one (`mutuality-hub centre add --content`)."""

from __future__ import annotations

from django.db import migrations, models


class Migration(migrations.Migration):
    """Add `Centre.content_folder` (empty: the default in the hub's data folder)."""

    dependencies = [("hub", "0002_change_sequence")]

    operations = [
        migrations.AddField(
            model_name="centre",
            name="content_folder",
            field=models.CharField(blank=True, max_length=1000),
        )
    ]
