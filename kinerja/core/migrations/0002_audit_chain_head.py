from django.db import migrations

GENESIS_HASH = "0" * 64


def create_head(apps, schema_editor):
    apps.get_model("core", "AuditChainHead").objects.get_or_create(pk=1, defaults={"sequence": 0, "hash": GENESIS_HASH})


def remove_head(apps, schema_editor):
    apps.get_model("core", "AuditChainHead").objects.filter(pk=1, sequence=0).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(create_head, remove_head)]
