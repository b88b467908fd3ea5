"""When and where a photo was taken, from its EXIF (Pillow), read once at upload and stored on the file's row.

The reality check compares the date with the reported period and the position with the project's site
(docs/design.md, The reality check). Pillow reads the EXIF block from the file's header segments only,
not the pixels, so the read is bounded whatever the picture; a file without EXIF, or with EXIF Pillow
cannot read, gives no metadata rather than an error (the upload itself was already checked).

EXIF ``DateTimeOriginal`` carries no time zone: it is the camera's local time, read in ``TIME_ZONE``
(Asia/Jakarta, WIB) unless the ``OffsetTimeOriginal`` tag gives the offset.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from kinerja.core.uploads import PHOTO_TYPES

_DEGREES = Decimal("0.000001")


@dataclass(frozen=True)
class PhotoMetadata:
    taken_at: datetime.datetime | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None


NONE = PhotoMetadata()


def _taken_at(text, offset) -> datetime.datetime | None:
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.datetime.strptime(text.strip().rstrip("\x00")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    if isinstance(offset, str) and len(offset.strip()) == 6:
        try:
            sign = -1 if offset.strip()[0] == "-" else 1
            hours, minutes = (int(part) for part in offset.strip()[1:].split(":"))
            return moment.replace(tzinfo=datetime.timezone(sign * datetime.timedelta(hours=hours, minutes=minutes)))
        except ValueError:
            pass
    from zoneinfo import ZoneInfo

    return moment.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))


def _degrees(value, ref) -> Decimal | None:
    """An EXIF GPS coordinate (degrees, minutes, seconds as rationals) and its N/S/E/W reference, in degrees."""
    try:
        degrees, minutes, seconds = (Decimal(str(float(part))) for part in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    result = degrees + minutes / 60 + seconds / 3600
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "replace")
    if isinstance(ref, str) and ref.strip().upper() in ("S", "W"):
        result = -result
    return result.quantize(_DEGREES, rounding=ROUND_HALF_UP)


def read(handle) -> PhotoMetadata:
    """Return the photo metadata of an open image file (its position is restored), or NONE."""
    from PIL import ExifTags, Image

    position = handle.tell() if hasattr(handle, "tell") else None
    try:
        with Image.open(handle) as image:
            exif = image.getexif()
            details = exif.get_ifd(ExifTags.IFD.Exif)
            taken = _taken_at(
                details.get(ExifTags.Base.DateTimeOriginal) or exif.get(ExifTags.Base.DateTime),
                details.get(ExifTags.Base.OffsetTimeOriginal),
            )
            gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
            latitude = longitude = None
            if gps.get(ExifTags.GPS.GPSLatitude) and gps.get(ExifTags.GPS.GPSLongitude):
                latitude = _degrees(gps[ExifTags.GPS.GPSLatitude], gps.get(ExifTags.GPS.GPSLatitudeRef))
                longitude = _degrees(gps[ExifTags.GPS.GPSLongitude], gps.get(ExifTags.GPS.GPSLongitudeRef))
                if latitude is None or longitude is None or abs(latitude) > 90 or abs(longitude) > 180:
                    latitude = longitude = None
            return PhotoMetadata(taken, latitude, longitude)
    except Exception:  # Pillow raises many types for damaged or unusual EXIF: the photo simply has none
        return NONE
    finally:
        if position is not None:
            handle.seek(position)


def read_upload(upload, content_type: str) -> PhotoMetadata:
    """The metadata of an uploaded file already checked by ``inspect_upload``: NONE unless it is a photo."""
    if content_type not in PHOTO_TYPES:
        return NONE
    upload.seek(0)
    return read(upload)


def jpeg_with_exif(
    *,
    taken_at: datetime.datetime | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    size=(64, 48),
    colour=(110, 140, 90),
) -> bytes:
    """A small JPEG with EXIF DateTimeOriginal and GPS position (for the demo and tests)."""
    import io

    from PIL import ExifTags, Image

    exif = Image.Exif()
    if taken_at is not None:
        stamp = taken_at.strftime("%Y:%m:%d %H:%M:%S")
        exif[ExifTags.Base.DateTime] = stamp
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = stamp
    if latitude is not None and longitude is not None:

        def dms(value: float):
            value = abs(value)
            degrees = int(value)
            minutes = int((value - degrees) * 60)
            seconds = round(((value - degrees) * 60 - minutes) * 60, 4)
            return (float(degrees), float(minutes), seconds)

        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps[ExifTags.GPS.GPSLatitudeRef] = "S" if latitude < 0 else "N"
        gps[ExifTags.GPS.GPSLatitude] = dms(latitude)
        gps[ExifTags.GPS.GPSLongitudeRef] = "W" if longitude < 0 else "E"
        gps[ExifTags.GPS.GPSLongitude] = dms(longitude)
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", exif=exif)
    return out.getvalue()
