from django.db import migrations


def install(apps, schema_editor):
    from kinerja.satisfaction.method_data import install as install_method

    install_method(apps.get_model("satisfaction", "SurveyMethod"), apps.get_model("satisfaction", "SurveyElement"))


class Migration(migrations.Migration):
    dependencies = [("satisfaction", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
