"""The mark of evidence photos taken outside their value's period: set at upload, and for rows loaded in bulk."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.core.exif import jpeg_with_exif
from kinerja.monitoring import selectors, services
from kinerja.monitoring.models import Evidence


def _photo(world, periods, indicator, quarter, taken, name):
    realization = services.realization_save(
        user=world.users["dinkes_operator"],
        indicator=indicator,
        period=periods[("quarter", quarter)],
        value="5",
        explanation="ok",
        today=datetime.date(2026, 12, 1),
        expected_version=None,
    )
    upload = SimpleUploadedFile(name, jpeg_with_exif(taken_at=taken), content_type="image/jpeg")
    return services.evidence_add(user=world.users["dinkes_operator"], realization=realization, upload=upload)


def test_a_photo_is_marked_when_its_local_day_lies_outside_the_period(world, periods, output_indicator):
    # Quarter I runs from 1 January to 31 March; EXIF times are local (Asia/Jakarta, UTC+7).
    last_evening = _photo(world, periods, output_indicator, 1, datetime.datetime(2026, 3, 31, 23, 30), "a.jpg")
    inside = Evidence.objects.get(pk=last_evening.pk)
    assert not inside.taken_outside_period  # 16:30 UTC on 31 March, the last day, locally
    next_morning = _photo(world, periods, output_indicator, 2, datetime.datetime(2026, 3, 31, 23, 59), "b.jpg")
    # Quarter II starts on 1 April: a photo of 31 March for it lies outside.
    assert Evidence.objects.get(pk=next_morning.pk).taken_outside_period
    user = world.users["planner"]
    found = selectors.evidence_photos(user=user, government_id=world.government.pk, year=2026)
    assert [row["id"] for row in found] == [next_morning.pk]
    assert found[0]["realization__period__number"] == 2


def test_rows_loaded_without_an_upload_are_marked_alike(world, periods, output_indicator):
    inside = _photo(world, periods, output_indicator, 1, datetime.datetime(2026, 2, 1, 0, 5), "a.jpg")
    outside = _photo(world, periods, output_indicator, 2, datetime.datetime(2026, 7, 1, 0, 5), "b.jpg")
    assert [Evidence.objects.get(pk=e.pk).taken_outside_period for e in (inside, outside)] == [False, True]
    # As a bulk load leaves them (the default), then marked as an upload would have.
    Evidence.objects.filter(pk__in=[inside.pk, outside.pk]).update(taken_outside_period=False)
    assert services.mark_photos_outside_periods() == 1
    assert [Evidence.objects.get(pk=e.pk).taken_outside_period for e in (inside, outside)] == [False, True]
    assert services.mark_photos_outside_periods() == 0  # what is marked stays marked, once
