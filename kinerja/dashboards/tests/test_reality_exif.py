"""EXIF read once at upload: the date and position the reality check compares (Pillow)."""

import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from kinerja.core import exif


def test_date_and_position_are_read():
    data = exif.jpeg_with_exif(taken_at=datetime.datetime(2026, 9, 14, 10, 30), latitude=-2.366, longitude=104.917)
    meta = exif.read(io.BytesIO(data))
    assert meta.taken_at == datetime.datetime(2026, 9, 14, 10, 30, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert (meta.latitude, meta.longitude) == (Decimal("-2.366000"), Decimal("104.917000"))


def test_the_offset_tag_wins_over_the_local_zone():
    exif_data = Image.Exif()
    exif_data.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = "2026:03:01 08:00:00"
    exif_data.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.OffsetTimeOriginal] = "+09:00"
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "JPEG", exif=exif_data)
    meta = exif.read(io.BytesIO(out.getvalue()))
    assert meta.taken_at.utcoffset() == datetime.timedelta(hours=9)


def test_a_photo_without_exif_or_with_nonsense_has_no_metadata():
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "PNG")
    assert exif.read(io.BytesIO(out.getvalue())) == exif.NONE
    exif_data = Image.Exif()
    exif_data.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = "not a date"
    bad = io.BytesIO()
    Image.new("RGB", (8, 8)).save(bad, "JPEG", exif=exif_data)
    assert exif.read(io.BytesIO(bad.getvalue())).taken_at is None
    assert exif.read(io.BytesIO(b"\xff\xd8 broken")) == exif.NONE


def test_only_photos_are_read_and_the_upload_is_left_at_its_start():
    data = exif.jpeg_with_exif(taken_at=datetime.datetime(2026, 1, 2, 3, 4))
    upload = SimpleUploadedFile("a.jpg", data, content_type="image/jpeg")
    assert exif.read_upload(upload, "application/pdf") == exif.NONE
    assert exif.read_upload(upload, "image/jpeg").taken_at.date() == datetime.date(2026, 1, 2)
    assert upload.tell() == 0
