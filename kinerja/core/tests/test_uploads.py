"""Hostile uploads are refused by content and structure, with bounded memory, and nothing is stored."""

import tracemalloc

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.core import uploads
from kinerja.core.tests.files import (
    image_bytes,
    odf_bytes,
    odt_bomb,
    ooxml_bytes,
    pdf_bytes,
    pdf_with_object_stream,
    zip_bytes,
)

EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 400 + b"This program cannot be run in DOS mode."


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return odt_bomb()


def test_a_one_megabyte_odt_unpacking_to_a_gibibyte_is_refused_without_unpacking_it(bomb):
    assert len(bomb) < 1.2 * 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError, match="would unpack to 1024.0 MB") as excinfo:
            uploads.inspect_upload(upload("laporan.odt", bomb))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert excinfo.value.code == "archive_limit"
    assert peak < 8 * 1024 * 1024, f"inspecting the bomb took {peak} bytes"


def test_a_zip_whose_entries_unpack_far_beyond_their_size_is_refused_even_under_the_total_limit(settings):
    settings.ARCHIVE_MAX_UNPACKED_BYTES = 10 * 1024**3
    swollen = ooxml_bytes(content=b"<workbook>" + b" " * (20 * 1024 * 1024) + b"</workbook>")
    with pytest.raises(ValidationError, match="times its size"):
        uploads.inspect_upload(upload("data.xlsx", swollen))


def test_a_zip_with_too_many_entries_is_refused(settings):
    settings.ARCHIVE_MAX_ENTRIES = 10
    many = zip_bytes([("[Content_Types].xml", b"<Types/>")] + [(f"xl/x{i}.xml", b"<x/>") for i in range(20)])
    with pytest.raises(ValidationError, match="21 entries"):
        uploads.inspect_upload(upload("data.xlsx", many))


def test_an_executable_named_xl_workbook_xml_is_not_a_workbook():
    with pytest.raises(ValidationError, match="not XML"):
        uploads.inspect_upload(upload("data.xlsx", ooxml_bytes(content=EXECUTABLE)))
    with pytest.raises(ValidationError, match="not XML"):
        uploads.check_workbook(ooxml_bytes(content=EXECUTABLE), name="data.xlsx")


def test_a_document_part_with_a_dtd_is_refused_as_an_entity_bomb_would_be():
    laughs = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa">]><w>&a;</w>'
    with pytest.raises(ValidationError, match="not XML"):
        uploads.inspect_upload(upload("surat.docx", ooxml_bytes("word/document.xml", laughs)))


def test_genuine_office_files_pass_with_their_types():
    assert uploads.inspect_upload(upload("a.xlsx", ooxml_bytes()))[0] == uploads.XLSX
    assert uploads.inspect_upload(upload("a.docx", ooxml_bytes("word/document.xml", b"<document/>")))[0] == uploads.DOCX
    assert uploads.inspect_upload(upload("a.odt", odf_bytes()))[0] == uploads.ODT
    assert uploads.inspect_upload(upload("a.ods", odf_bytes(uploads.ODS.encode())))[0] == uploads.ODS


@pytest.mark.parametrize(
    "content",
    [
        odf_bytes(b"application/vnd.oasis.opendocument.text "),  # not exactly the type
        odf_bytes(b"application/x-msdownload"),
        odf_bytes(stored_first=False),  # ODF stores its mimetype uncompressed, first
        zip_bytes([("content.xml", b"<c/>"), ("mimetype", b"application/vnd.oasis.opendocument.text")]),
        zip_bytes([("readme.txt", b"hello")]),
    ],
)
def test_an_odf_package_with_a_wrong_mimetype_entry_or_a_plain_zip_is_refused(content):
    with pytest.raises(ValidationError):
        uploads.inspect_upload(upload("a.odt", content))


def test_a_genuine_pdf_passes_and_one_with_javascript_a_launch_or_an_embedded_file_is_refused():
    assert uploads.inspect_upload(upload("bukti.pdf", pdf_bytes()))[0] == uploads.PDF
    hostile = {
        "JavaScript": pdf_bytes(catalog_extra=b"/OpenAction 6 0 R", objects=(b"<</S/JavaScript/JS(app.alert(1))>>",)),
        "a launch action": pdf_bytes(catalog_extra=b"/OpenAction<</S/Launch/F(cmd.exe)>>"),
        "an embedded file": pdf_bytes(
            catalog_extra=b"/Names<</EmbeddedFiles<</Names[(x.exe)6 0 R]>>>>",
            objects=(b"<</Type/Filespec/F(x.exe)>>",),
        ),
    }
    for what, content in hostile.items():
        with pytest.raises(ValidationError, match=what) as excinfo:
            uploads.inspect_upload(upload("bukti.pdf", content))
        assert excinfo.value.code == "pdf_active_content"


def test_javascript_hidden_in_a_compressed_object_stream_is_found():
    hidden = pdf_with_object_stream(b"<</S/JavaScript/JS(app.alert(1))>>")
    assert b"JavaScript" not in hidden  # a byte scan would miss it
    with pytest.raises(ValidationError, match="JavaScript"):
        uploads.inspect_upload(upload("bukti.pdf", hidden))
    assert uploads.inspect_upload(upload("bukti.pdf", pdf_with_object_stream(b"<</S/GoTo/D[3 0 R/Fit]>>")))[0]


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n",
        b"%PDF-1.7\n<!DOCTYPE html><p>hi</p>",
        pdf_bytes()[:-6],  # no end marker
        b"%PDF-1.4\n" + b"garbage " * 100 + b"\n%%EOF\n",  # no structure
    ],
)
def test_html_disguised_as_pdf_and_broken_pdfs_are_refused(content):
    with pytest.raises(ValidationError):
        uploads.inspect_upload(upload("bukti.pdf", content))


def test_images_are_opened_by_pillow_and_bombs_refused_by_their_pixel_count(settings):
    assert uploads.inspect_upload(upload("foto.png", image_bytes("PNG")))[0] == uploads.PNG
    assert uploads.inspect_upload(upload("foto.jpg", image_bytes("JPEG")))[0] == uploads.JPEG
    assert uploads.inspect_upload(upload("foto.webp", image_bytes("WEBP")))[0] == uploads.WEBP
    with pytest.raises(ValidationError, match="not a readable image"):
        uploads.inspect_upload(upload("foto.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64))
    settings.IMAGE_MAX_PIXELS = 1000
    with pytest.raises(ValidationError, match="million pixels") as excinfo:
        uploads.inspect_upload(upload("foto.png", image_bytes("PNG", size=(100, 100))))
    assert excinfo.value.code == "image_limit"


def test_html_with_an_image_signature_is_refused():
    with pytest.raises(ValidationError, match="web page in disguise"):
        uploads.inspect_upload(upload("foto.gif.png", image_bytes("PNG") + b"<script>alert(1)</script>"))


def test_a_photo_field_accepts_photos_only():
    with pytest.raises(ValidationError, match="not a photo"):
        uploads.inspect_upload(upload("foto.jpg", pdf_bytes()), allowed=uploads.PHOTO_TYPES)


def test_a_workbook_check_refuses_what_is_not_an_xlsx(bomb):
    with pytest.raises(ValidationError):
        uploads.check_workbook(b"just text", name="a.xlsx")
    with pytest.raises(ValidationError):
        uploads.check_workbook(odf_bytes(uploads.ODS.encode()), name="a.xlsx")
    with pytest.raises(ValidationError, match="would unpack"):
        uploads.check_workbook(bomb, name="a.xlsx")
    uploads.check_workbook(ooxml_bytes(), name="a.xlsx")


def test_no_view_serves_file_content_except_through_attachment_response():
    """Every download (stored files and exports) is built by ``attachment_response``: attachment and nosniff."""
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2]
    builders = re.compile(r"\b(FileResponse|HttpResponse|StreamingHttpResponse)\(")
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts and path.name != "uploads.py" and builders.search(path.read_text())
    ]
    assert offenders == []
    response = uploads.attachment_response(b"<html><script>x</script>", filename="a.pdf", content_type=uploads.PDF)
    assert response["Content-Disposition"] == 'attachment; filename="a.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Type"] == uploads.PDF
