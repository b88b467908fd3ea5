"""Responses carry a lock_version: a moderator names the version of the suggestion seen.

SQLite adds a column by rebuilding the table, which drops the table's triggers: the response triggers of
0007_tallies (respondent counts) are created again there. PostgreSQL keeps them (ALTER TABLE ADD COLUMN).
"""

import importlib

from django.db import migrations, models

TALLIES = importlib.import_module("kinerja.satisfaction.migrations.0007_tallies")
RESPONSE_TRIGGERS = [s for s in TALLIES.SQLITE_FORWARD if f" ON {TALLIES.RESPONSE} " in s]


def restore_response_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for event in ("insert", "delete", "update"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TALLIES.RESPONSE}_tally_{event};")
    for statement in RESPONSE_TRIGGERS:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("satisfaction", "0008_audit_field_labels"),
    ]

    # Removing the column (going back) rebuilds the table again: the triggers are restored after it too.
    operations = [
        migrations.RunPython(migrations.RunPython.noop, restore_response_triggers),
        migrations.AddField(
            model_name="response",
            name="lock_version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.RunPython(restore_response_triggers, migrations.RunPython.noop),
    ]
