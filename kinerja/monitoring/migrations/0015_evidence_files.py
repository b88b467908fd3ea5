"""How many evidence rows store each file (``EvidenceFile``), counted here from the stored evidence.

The reality check's reused-evidence signal grouped every evidence row by its SHA-256 on each computation
(375–445 ms on PostgreSQL at ten times the province); it now reads the files stored more than once.
"""

from django.db import migrations, models


def count(apps, schema_editor):
    from kinerja.monitoring.totals import rebuild_files

    rebuild_files(
        evidence_model=apps.get_model("monitoring", "Evidence"),
        file_model=apps.get_model("monitoring", "EvidenceFile"),
    )
    # Planner statistics for the new table, so that its partial index is read from the start.
    table = schema_editor.quote_name(apps.get_model("monitoring", "EvidenceFile")._meta.db_table)
    schema_editor.execute(f"ANALYZE {table}")


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0014_photos_outside_period"),
    ]

    operations = [
        migrations.CreateModel(
            name="EvidenceFile",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sha256", models.CharField(max_length=64, unique=True, verbose_name="SHA-256")),
                ("uses", models.PositiveIntegerField(default=0, verbose_name="uses")),
            ],
            options={
                "verbose_name": "evidence file",
                "verbose_name_plural": "evidence files",
                "indexes": [
                    models.Index(
                        condition=models.Q(("uses__gt", 1)), fields=["sha256"], name="evidence_file_shared_idx"
                    )
                ],
            },
        ),
        migrations.RunPython(count, migrations.RunPython.noop, elidable=True),
    ]
