from django.db import migrations


def install(apps, schema_editor):
    from kinerja.innovation.catalogue_data import install as install_catalogue

    install_catalogue(apps.get_model("innovation", "Catalogue"), apps.get_model("innovation", "CatalogueIndicator"))


class Migration(migrations.Migration):
    dependencies = [("innovation", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
