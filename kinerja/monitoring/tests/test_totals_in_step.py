"""The year totals stay in step with the write paths the workflow test does not walk: an imported sheet
(then submitted and verified) and a deleted value."""

import datetime
import io

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from kinerja.monitoring import services, totals
from kinerja.monitoring.models import IndicatorYearTotal, Realization
from kinerja.tests.versions import current_version

NOW = datetime.datetime(2026, 7, 5, 9, tzinfo=datetime.UTC)


def _stored(indicator):
    row = IndicatorYearTotal.objects.filter(indicator=indicator, year=2026).first()
    return row and (row.verified_sum, row.verified_count, row.working_sum, row.working_count)


@time_machine.travel(NOW)
def test_an_imported_value_counts_once_submitted_and_leaves_when_deleted(world, periods, output_indicator, login):
    client = login(world.users["dinkes_operator"])
    tw2 = periods[("quarter", 2)]
    sheet = client.get(f"/reports/sheet/dinkes/{tw2.pk}/")
    workbook = load_workbook(io.BytesIO(sheet.content))
    for row in workbook["Realisasi"].iter_rows(min_row=2):
        if row[0].value == output_indicator.pk:
            row[6].value, row[7].value = "12,5", "Tiga RS"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = client.post(
        f"/reports/sheet/dinkes/{tw2.pk}/upload/", {"file": SimpleUploadedFile("isi.xlsx", buffer.getvalue())}
    )
    assert response.status_code == 302
    imported = Realization.objects.get(indicator=output_indicator, period=tw2)
    assert _stored(output_indicator) is None  # an imported draft counts nowhere yet
    services.realization_submit(
        user=world.users["dinkes_head"], realization=imported, expected_version=current_version(imported)
    )
    assert _stored(output_indicator) == (None, 0, 12.5, 1)
    services.realization_verify(
        user=world.users["planner"], realization=imported, expected_version=current_version(imported)
    )
    assert _stored(output_indicator) == (12.5, 1, 12.5, 1)
    assert totals.check() == []
    Realization.objects.filter(pk=imported.pk).first().delete()
    assert _stored(output_indicator) is None
    assert totals.check() == []


@time_machine.travel(NOW)
def test_verified_values_with_evidence_are_counted_and_follow_a_file_removed_by_an_administrator(
    world, periods, output_indicator, settings, tmp_path
):
    """The reality check's share of verified values without evidence reads ``verified_documented``."""
    from kinerja.monitoring.models import Evidence
    from kinerja.monitoring.tests.conftest import pdf
    from kinerja.tests.versions import realization_version

    settings.MEDIA_ROOT = tmp_path
    values = []
    for quarter in (1, 2):
        period = periods[("quarter", quarter)]
        value = services.realization_save(
            user=world.users["dinkes_operator"],
            indicator=output_indicator,
            period=period,
            value="5",
            explanation="ok",
            today=datetime.date(2026, 7, 2),
            expected_version=realization_version(output_indicator, period),
        )
        if quarter == 1:
            services.evidence_add(user=world.users["dinkes_operator"], realization=value, upload=pdf())
        value = services.realization_submit(
            user=world.users["dinkes_head"], realization=value, expected_version=current_version(value)
        )
        values.append(
            services.realization_verify(
                user=world.users["planner"], realization=value, expected_version=current_version(value)
            )
        )
    row = IndicatorYearTotal.objects.get(indicator=output_indicator, year=2026)
    assert (row.verified_count, row.verified_documented) == (2, 1)
    Evidence.objects.get(realization=values[0]).delete()  # outside the workflow, as an administrator would
    row.refresh_from_db()
    assert (row.verified_count, row.verified_documented) == (2, 0)
    assert totals.check() == []
