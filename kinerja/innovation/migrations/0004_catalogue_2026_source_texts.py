"""Correct the 2026 catalogue's parameter texts to what the source gives, while no claim uses it.

Indicator 33 (Kemanfaatan inovasi), level 3: the source gives the range "20,01–30 %"; 0002 installed
"20,01–30% atau lebih", whose "atau lebih" is not in the source. A catalogue that claims use is never
edited (a new year is a new catalogue): then nothing is changed here.
"""

from django.db import migrations

YEAR = 2026
# number → {field: (text installed by 0002, the source's text)}
CORRECTIONS = {
    33: {"level_3": ("Manfaat 20,01–30% atau lebih", "Manfaat 20,01–30%")},
}


def correct(apps, schema_editor):
    Catalogue = apps.get_model("innovation", "Catalogue")
    CatalogueIndicator = apps.get_model("innovation", "CatalogueIndicator")
    Claim = apps.get_model("innovation", "Claim")
    catalogue = Catalogue.objects.filter(year=YEAR).first()
    if catalogue is None or Claim.objects.filter(indicator__catalogue=catalogue).exists():
        return  # not installed, or used by claims: a used catalogue is never edited
    for number, fields in CORRECTIONS.items():
        for field, (installed, source) in fields.items():
            CatalogueIndicator.objects.filter(catalogue=catalogue, number=number, **{field: installed}).update(
                **{field: source}
            )


def undo(apps, schema_editor):
    Catalogue = apps.get_model("innovation", "Catalogue")
    CatalogueIndicator = apps.get_model("innovation", "CatalogueIndicator")
    Claim = apps.get_model("innovation", "Claim")
    catalogue = Catalogue.objects.filter(year=YEAR).first()
    if catalogue is None or Claim.objects.filter(indicator__catalogue=catalogue).exists():
        return
    for number, fields in CORRECTIONS.items():
        for field, (installed, source) in fields.items():
            CatalogueIndicator.objects.filter(catalogue=catalogue, number=number, **{field: source}).update(
                **{field: installed}
            )


class Migration(migrations.Migration):
    dependencies = [("innovation", "0003_service_change_measure_version")]

    operations = [migrations.RunPython(correct, undo)]
