import django.utils.timezone
from django.db import migrations, models


def sent_on_from_created(apps, schema_editor):
    """Requests recorded before the field: the day they were written (the best the records know)."""
    SupervisionRequest = apps.get_model("dashboards", "SupervisionRequest")
    for request in SupervisionRequest.objects.only("pk", "created").iterator():
        SupervisionRequest.objects.filter(pk=request.pk).update(sent_on=django.utils.timezone.localdate(request.created))


class Migration(migrations.Migration):
    dependencies = [("dashboards", "0003_signal_review")]

    operations = [
        migrations.AddField(
            model_name="supervisionrequest", name="sent_on", field=models.DateField(null=True, verbose_name="sent on")
        ),
        migrations.RunPython(sent_on_from_created, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="supervisionrequest", name="sent_on", field=models.DateField(verbose_name="sent on")
        ),
    ]
