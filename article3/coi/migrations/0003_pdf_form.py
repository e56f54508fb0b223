"""The PDF form of each report (for bundles) and the page of each passage in it.

On SQLite, altering coi_passage may rebuild the table and lose the full-text triggers of
migration 0002, so they are created again afterwards (both ways).
"""

import importlib

from django.db import migrations, models

_fulltext = importlib.import_module("article3.coi.migrations.0002_fulltext")


def recreate(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        for statement in _fulltext.SQLITE_DROP + _fulltext.SQLITE_CREATE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("coi", "0002_fulltext")]

    operations = [
        migrations.AddField(
            model_name="report", name="derived_sha256", field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="report", name="derived_pages", field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="passage", name="pdf_page", field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(recreate, recreate),
    ]
