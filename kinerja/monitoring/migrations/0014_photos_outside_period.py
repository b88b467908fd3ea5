"""Photos marked at upload when their EXIF date falls outside their value's period.

The reality check's photo signal read every photo of the year (a quarter of the files) to find the few
that do not match; the mark, set by ``evidence_add`` and here for the photos already stored, lets it read
only those, through a partial index (which replaces the index over every photo's time).
"""

from django.db import migrations, models


def mark(apps, schema_editor):
    from kinerja.monitoring.services import mark_photos_outside_periods

    mark_photos_outside_periods(
        evidence_model=apps.get_model("monitoring", "Evidence"),
        period_model=apps.get_model("monitoring", "ReportingPeriod"),
    )


def analyze(apps, schema_editor):
    # Planner statistics for the table: on SQLite, adding the field rebuilt it without its statistics, and
    # without them the planner walked every value to probe the new partial index instead of reading it.
    table = schema_editor.quote_name(apps.get_model("monitoring", "Evidence")._meta.db_table)
    schema_editor.execute(f"ANALYZE {table}")


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0013_engine_covering_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="evidence",
            name="taken_outside_period",
            field=models.BooleanField(default=False, verbose_name="taken outside the period (EXIF)"),
        ),
        migrations.RunPython(mark, migrations.RunPython.noop, elidable=True),
        migrations.RemoveIndex(
            model_name="evidence",
            name="evidence_photo_idx",
        ),
        migrations.AddIndex(
            model_name="evidence",
            index=models.Index(
                condition=models.Q(("taken_outside_period", True)),
                fields=["realization"],
                name="evidence_outside_idx",
            ),
        ),
        migrations.RunPython(analyze, migrations.RunPython.noop, elidable=True),
    ]
