"""Checking uploaded evidence by its content, not its name."""

import hashlib
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Detected type → what the user is told the file is.
ALLOWED = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/webp": "WebP",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
    "application/vnd.oasis.opendocument.text": "ODT",
    "application/vnd.ms-excel": "Excel 97-2003",
    "application/msword": "Word 97-2003",
}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MEMBERS = {
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def max_bytes() -> int:
    return settings.EVIDENCE_MAX_BYTES


def detect_type(head: bytes, upload) -> str | None:
    """Return the MIME type of the content, or None when it is not one Kinerja accepts."""
    if head.startswith(b"PK\x03\x04"):
        try:
            upload.seek(0)
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                if "mimetype" in names:
                    mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                    return mimetype if mimetype in ALLOWED else None
                for member, mime in _ZIP_MEMBERS.items():
                    if member in names:
                        return mime
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        return None
    if head.startswith(_OLE2):
        # Legacy Office: accept by the name's suffix only once the container is confirmed to be OLE2.
        name = (getattr(upload, "name", "") or "").lower()
        return (
            "application/vnd.ms-excel"
            if name.endswith(".xls")
            else "application/msword"
            if name.endswith(".doc")
            else None
        )
    kind = filetype.guess(head)
    if kind is not None and kind.mime in ALLOWED:
        return kind.mime
    return None


def inspect_upload(upload) -> tuple[str, str, int]:
    """Return (content type, sha256, size) of an upload, or raise ValidationError saying why it is refused."""
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is %(size)s MB; evidence files may be at most %(limit)s MB.")
            % {"name": upload.name, "size": round(upload.size / 1048576, 1), "limit": limit // 1048576},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": upload.name}, code="empty")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    content_type = detect_type(head, upload)
    if content_type is None:
        raise ValidationError(
            _(
                "%(name)s is not an accepted file type (PDF, image, spreadsheet or document); its content was checked, not its name."
            )
            % {"name": upload.name},
            code="file_type",
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return content_type, digest.hexdigest(), upload.size
