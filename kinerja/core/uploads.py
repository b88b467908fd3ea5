"""Checking uploaded files by their content and structure, never by their name, with bounded work.

Every app that accepts a file goes through here: monitoring evidence, project photos and milestone
and directive evidence, the verification of signed PDFs, and the Excel imports (plan, entry sheet,
paper questionnaires). The checks, in order:

- size: at most ``UPLOAD_MAX_MB`` (``IMPORT_MAX_MB`` for imports), and not empty;
- type from the first bytes (``filetype``), then the structure of that type:
  - ZIP containers (xlsx, docx, ods, odt) are inspected from the central directory before anything
    is unpacked: at most ``ARCHIVE_MAX_ENTRIES`` entries, at most ``ARCHIVE_MAX_UNPACKED_MB`` declared
    unpacked in total, and no entry (nor the whole) unpacking to more than ``ARCHIVE_MAX_RATIO`` times
    its packed size. Python's ``zipfile`` never yields more than an entry's declared size, so a lying
    directory cannot unpack more than it declares. Then the parts that make the type are read with a
    byte cap and must be well-formed XML without a DTD (OOXML: ``[Content_Types].xml``, ``_rels/.rels``
    and the main part; ODF: the ``mimetype`` entry first, stored, exactly one accepted type, then
    ``META-INF/manifest.xml`` and ``content.xml``). An executable named ``xl/workbook.xml`` is refused;
  - PDF: ``%PDF-`` at the start, ``%%EOF`` in the last kilobyte, readable by pypdf, at most
    ``PDF_MAX_OBJECTS`` objects, none of them JavaScript (``/JS``, ``/JavaScript``), a launch action
    (``/Launch``) or an embedded file (``/EmbeddedFile``, ``/EmbeddedFiles``); every object is walked,
    including those inside compressed object streams;
  - images: opened by Pillow (header only), the format agreeing with the bytes, at most
    ``IMAGE_MAX_PIXELS`` pixels (Pillow's own decompression-bomb limit is set to the same number), and
    ``verify()`` passing;
  - legacy Office (xls, doc): the OLE2 signature, and the name's suffix chooses which;
- HTML in disguise (``<html``, ``<script``, ``<!doctype html``, ``<svg`` … in the first 8 KB of a
  PDF or an image) is refused whatever the type sniffers say.

Stored files are always served as attachments with ``X-Content-Type-Options: nosniff`` and their
stored content type (``attachment_response``), so a browser never renders one as a page.
"""

import hashlib
import io
import re
import zipfile
from xml.parsers import expat

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODT = "application/vnd.oasis.opendocument.text"
XLS = "application/vnd.ms-excel"
DOC = "application/msword"
JPEG, PNG, WEBP = "image/jpeg", "image/png", "image/webp"

# Detected type → what the user is told the file is.
ALLOWED = {
    PDF: "PDF",
    JPEG: "JPEG",
    PNG: "PNG",
    WEBP: "WebP",
    XLSX: "Excel",
    DOCX: "Word",
    ODS: "ODS",
    ODT: "ODT",
    XLS: "Excel 97-2003",
    DOC: "Word 97-2003",
}
PHOTO_TYPES = frozenset({JPEG, PNG, WEBP})
_IMAGE_FORMATS = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP"}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
# The part whose presence makes an OOXML package a workbook or a document.
_OOXML_MAIN = {"xl/workbook.xml": XLSX, "word/document.xml": DOCX}
_ODF_PARTS = ("META-INF/manifest.xml", "content.xml")
_HTML = re.compile(rb"<\s*(html|script|body|head|iframe|svg|!doctype\s+html)\b", re.IGNORECASE)
_JS, _LAUNCH, _EMBEDDED = gettext_lazy("JavaScript"), gettext_lazy("a launch action"), gettext_lazy("an embedded file")
_PDF_FORBIDDEN_KEYS = {"/JS": _JS, "/JavaScript": _JS, "/EmbeddedFiles": _EMBEDDED}
_PDF_FORBIDDEN_VALUES = {"/JavaScript": _JS, "/Launch": _LAUNCH, "/EmbeddedFile": _EMBEDDED}
_MIB = 1024 * 1024


def max_bytes() -> int:
    return settings.UPLOAD_MAX_BYTES


def _refuse(message: str, code: str = "file_type") -> ValidationError:
    return ValidationError(message, code=code)


# --- archives ---------------------------------------------------------------------------------------


def open_archive(source, *, name: str = "") -> zipfile.ZipFile:
    """Open a ZIP archive after checking its directory against the limits; raise ValidationError if refused.

    ``source`` is bytes or a seekable file. Nothing is unpacked here: the entry count, the declared
    unpacked sizes and the compression ratios come from the central directory.
    """
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    label = name or _("The file")
    try:
        stream.seek(0)
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _refuse(_("%(name)s is a damaged ZIP archive.") % {"name": label}) from exc
    infos = archive.infolist()
    if len(infos) > settings.ARCHIVE_MAX_ENTRIES:
        raise _refuse(
            _("%(name)s holds %(count)s entries; at most %(limit)s are accepted.")
            % {"name": label, "count": len(infos), "limit": settings.ARCHIVE_MAX_ENTRIES},
            code="archive_limit",
        )
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    limit = settings.ARCHIVE_MAX_UNPACKED_BYTES
    ratio = settings.ARCHIVE_MAX_RATIO
    # Small entries compress far better than large ones without being a threat; judge ratios above 1 MiB.
    swollen = [i for i in infos if i.file_size > _MIB and i.file_size > ratio * max(i.compress_size, 1)]
    if unpacked > limit or swollen or (unpacked > _MIB and unpacked > ratio * max(packed, 1)):
        archive.close()
        raise _refuse(
            _(
                "%(name)s would unpack to %(size)s MB (%(ratio)s times its size); at most %(limit)s MB and "
                "%(max_ratio)s times are accepted."
            )
            % {
                "name": label,
                "size": round(unpacked / _MIB, 1),
                "ratio": round(unpacked / max(packed, 1)),
                "limit": limit // _MIB,
                "max_ratio": ratio,
            },
            code="archive_limit",
        )
    return archive


def read_member(archive: zipfile.ZipFile, member: str, cap: int) -> bytes:
    """Return an entry's bytes, reading at most ``cap`` of them; raise ValidationError when it is longer."""
    with archive.open(member) as handle:
        data = handle.read(cap + 1)
    if len(data) > cap:
        raise _refuse(_("The entry %(member)s is larger than expected.") % {"member": member}, code="archive_limit")
    return data


def _check_xml(archive: zipfile.ZipFile, member: str, label: str) -> None:
    """Refuse unless ``member`` is well-formed XML without a document type declaration (streamed, bounded)."""
    parser = expat.ParserCreate()

    def no_doctype(*_args):
        raise ValueError("DTD")

    parser.StartDoctypeDeclHandler = no_doctype
    parser.EntityDeclHandler = no_doctype
    try:
        with archive.open(member) as handle:
            while chunk := handle.read(65536):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except (expat.ExpatError, ValueError, zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
        raise _refuse(
            _("%(name)s is not a genuine document: its part %(member)s is not XML.") % {"name": label, "member": member}
        ) from exc


def _zip_type(upload, label: str) -> str:
    """Return the type of an OOXML or ODF package after checking its structure; raise ValidationError if not."""
    archive = open_archive(upload, name=label)
    with archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        if "mimetype" in names:
            first = infos[0]
            mimetype = read_member(archive, "mimetype", 100).decode("ascii", "replace")
            if (
                first.filename != "mimetype"
                or first.compress_type != zipfile.ZIP_STORED
                or mimetype not in (ODS, ODT)
                or any(part not in names for part in _ODF_PARTS)
            ):
                raise _refuse(
                    _("%(name)s is not a genuine OpenDocument file (its mimetype entry is wrong).") % {"name": label}
                )
            for part in _ODF_PARTS:
                _check_xml(archive, part, label)
            return mimetype
        main = [member for member in _OOXML_MAIN if member in names]
        if len(main) != 1 or "[Content_Types].xml" not in names:
            raise _refuse(
                _("%(name)s is a ZIP archive, not a spreadsheet or document Kinerja accepts.") % {"name": label}
            )
        for part in ("[Content_Types].xml", "_rels/.rels", main[0]):
            if part not in names:
                raise _refuse(_("%(name)s lacks the part %(member)s.") % {"name": label, "member": part})
            _check_xml(archive, part, label)
        return _OOXML_MAIN[main[0]]


def check_workbook(data: bytes, *, name: str = "") -> None:
    """Refuse bytes that are not a genuine xlsx workbook within the archive limits, before openpyxl loads them."""
    label = name or _("The file")
    if not data.startswith(_ZIP):
        raise _refuse(_("This is not an Excel workbook (.xlsx). Download the template and fill it in."))
    if _zip_type(io.BytesIO(data), label) != XLSX:
        raise _refuse(_("This is not an Excel workbook (.xlsx). Download the template and fill it in."))


# --- PDF and images ---------------------------------------------------------------------------------


def _pdf_findings(value, found: set, seen: set[int], budget: list[int]) -> None:
    """Collect forbidden names in a pypdf object tree, visiting each direct object once (bounded by budget)."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    stack = [value]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        budget[0] -= 1
        if budget[0] < 0:
            raise ValueError("too many objects")
        if isinstance(item, DictionaryObject):
            for key, inner in item.items():
                if key in _PDF_FORBIDDEN_KEYS:
                    found.add(_PDF_FORBIDDEN_KEYS[key])
                if isinstance(inner, NameObject) and inner in _PDF_FORBIDDEN_VALUES and key in ("/S", "/Type"):
                    found.add(_PDF_FORBIDDEN_VALUES[inner])
                if isinstance(inner, DictionaryObject | ArrayObject):
                    stack.append(inner)
        elif isinstance(item, ArrayObject):
            stack.extend(inner for inner in item if isinstance(inner, DictionaryObject | ArrayObject))


def check_pdf(upload, label: str) -> None:
    """Refuse a PDF that is not well formed or carries JavaScript, a launch action or an embedded file."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError
    from pypdf.generic import IndirectObject

    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise _refuse(_("%(name)s is not a complete PDF (its header or end marker is missing).") % {"name": label})
    found: set = set()
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        reader.trailer  # noqa: B018 - parses the cross-reference table and trailer
        numbers = {(num, gen) for gen, table in reader.xref.items() for num in table}
        numbers |= {(num, 0) for num in reader.xref_objStm}
        if len(numbers) > settings.PDF_MAX_OBJECTS:
            raise ValueError("too many objects")
        seen: set[int] = set()
        budget = [settings.PDF_MAX_OBJECTS * 20]
        _pdf_findings(reader.trailer, found, seen, budget)
        for num, gen in sorted(numbers):
            if num == 0:
                continue
            obj = reader.get_object(IndirectObject(num, gen, reader))
            if obj is not None:
                _pdf_findings(obj, found, seen, budget)
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError, OSError, RecursionError) as exc:
        raise _refuse(_("%(name)s is not a readable PDF.") % {"name": label}) from exc
    if found:
        raise _refuse(
            _("%(name)s is refused: it carries %(what)s, which evidence may not contain.")
            % {"name": label, "what": ", ".join(sorted(str(what) for what in found))},
            code="pdf_active_content",
        )


def check_image(upload, content_type: str, label: str) -> None:
    """Refuse an image Pillow cannot verify, of another format than its bytes say, or above the pixel limit."""
    from PIL import Image

    limit = settings.IMAGE_MAX_PIXELS
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format != _IMAGE_FORMATS[content_type]:
                raise ValueError(image.format)
            width, height = image.size
            if width * height > limit:
                raise _refuse(
                    _("%(name)s has %(pixels)s million pixels; at most %(limit)s million are accepted.")
                    % {"name": label, "pixels": round(width * height / 1e6, 1), "limit": round(limit / 1e6, 1)},
                    code="image_limit",
                )
            image.verify()
    except ValidationError:
        raise
    except Exception as exc:  # Pillow raises many types (and DecompressionBombError) for a damaged image
        raise _refuse(_("%(name)s is not a readable image.") % {"name": label}) from exc
    finally:
        upload.seek(0)


# --- the check --------------------------------------------------------------------------------------


def detect_type(head: bytes, upload) -> str | None:
    """Return the MIME type the first bytes claim, or None when it is not one Kinerja accepts (no structure check)."""
    if head.startswith(_ZIP):
        return "application/zip"
    if head.startswith(_OLE2):
        # Legacy Office: accept by the name's suffix only once the container is confirmed to be OLE2.
        name = (getattr(upload, "name", "") or "").lower()
        return XLS if name.endswith(".xls") else DOC if name.endswith(".doc") else None
    kind = filetype.guess(head)
    if kind is not None and kind.mime in ALLOWED:
        return kind.mime
    return None


def inspect_upload(upload, *, allowed=None, limit: int | None = None) -> tuple[str, str, int]:
    """Return (content type, sha256, size) of an upload, or raise ValidationError saying why it is refused.

    ``allowed`` narrows the accepted types (e.g. ``PHOTO_TYPES``); ``limit`` the size (``UPLOAD_MAX_MB``).
    """
    limit = max_bytes() if limit is None else limit
    name = getattr(upload, "name", "") or _("The file")
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is %(size)s MB; files may be at most %(limit)s MB.")
            % {"name": name, "size": round(upload.size / _MIB, 1), "limit": limit // _MIB},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": name}, code="empty")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    content_type = detect_type(head, upload)
    if content_type is None:
        raise _refuse(
            _(
                "%(name)s is not an accepted file type (PDF, image, spreadsheet or document); its content was checked, not its name."
            )
            % {"name": name}
        )
    if content_type == "application/zip":
        content_type = _zip_type(upload, name)
        upload.seek(0)
    if (content_type == PDF or content_type in PHOTO_TYPES) and _HTML.search(head):
        raise _refuse(
            _("%(name)s is a web page in disguise, not a %(type)s.") % {"name": name, "type": ALLOWED[content_type]}
        )
    if allowed is not None and content_type not in allowed:
        if allowed == PHOTO_TYPES:
            raise _refuse(_("%(name)s is not a photo (JPEG, PNG or WebP).") % {"name": name})
        raise _refuse(
            _("%(name)s is a %(type)s; accepted here: %(allowed)s.")
            % {"name": name, "type": ALLOWED[content_type], "allowed": ", ".join(ALLOWED[t] for t in sorted(allowed))}
        )
    if content_type == PDF:
        check_pdf(upload, name)
    elif content_type in PHOTO_TYPES:
        check_image(upload, content_type, name)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return content_type, digest.hexdigest(), upload.size


# --- serving ----------------------------------------------------------------------------------------


def attachment_response(content, *, filename: str, content_type: str) -> HttpResponse:
    """Serve bytes or an open file as a download: attachment, ``nosniff``, the stored content type.

    A browser then never renders a stored file as a page, whatever it contains. Bytes give a plain
    response, an open file a streamed one, and an iterable of text or bytes chunks (an open-data table
    written row by row) a streamed one too.
    """
    if isinstance(content, bytes | bytearray | memoryview):
        response = HttpResponse(bytes(content), content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    elif not hasattr(content, "read"):
        response = StreamingHttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    else:
        response = FileResponse(content, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
