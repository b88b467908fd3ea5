"""Builders of genuine and hostile files for the upload tests (small, made in memory)."""

import io
import struct
import zipfile
import zlib

from PIL import Image


def pdf_bytes(*, catalog_extra: bytes = b"", objects: tuple[bytes, ...] = (), text: str = "Bukti") -> bytes:
    """A well-formed one-page PDF with a cross-reference table; ``catalog_extra`` goes into the catalog."""
    stream = f"BT /F1 11 Tf 50 780 Td ({text}) Tj ET".encode("latin-1")
    bodies = [
        b"<</Type/Catalog/Pages 2 0 R" + catalog_extra + b">>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>",
        b"<</Length " + str(len(stream)).encode() + b">>stream\n" + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
        *objects,
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(bodies) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer<</Size {len(bodies) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def image_bytes(fmt: str = "PNG", size=(8, 6)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(buffer, format=fmt)
    return buffer.getvalue()


def zip_bytes(entries: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    """A ZIP archive of ``entries`` (deflated; the first one stored when ``stored_first``, as ODF wants)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for position, (name, data) in enumerate(entries):
            method = zipfile.ZIP_STORED if stored_first and position == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return buffer.getvalue()


CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)
RELS = b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'


def ooxml_bytes(main: str = "xl/workbook.xml", content: bytes = b"<workbook/>") -> bytes:
    return zip_bytes([("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS), (main, content)])


def odf_bytes(mimetype: bytes = b"application/vnd.oasis.opendocument.text", *, stored_first: bool = True) -> bytes:
    return zip_bytes(
        [("mimetype", mimetype), ("META-INF/manifest.xml", b"<manifest/>"), ("content.xml", b"<document-content/>")],
        stored_first=stored_first,
    )


def odt_bomb(unpacked: int = 1024**3) -> bytes:
    """An ODT whose ``mimetype`` entry unpacks to ``unpacked`` bytes (1 GiB by default), about 1 MB packed.

    The deflate stream of a MiB of zeros is made once with a full flush (which makes every following
    MiB compress to the same bytes) and repeated, so building the bomb costs neither time nor memory.
    """
    chunk = b"\x00" * (1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(b"application/vnd.oasis.opendocument.text" + chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush()
    count = (unpacked >> 20) - 1
    crc = zlib.crc32(b"application/vnd.oasis.opendocument.text" + chunk)
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    packed = head + repeated * count + tail
    size = 39 + (1 << 20) * (count + 1)
    entries = [(b"mimetype", packed, crc, size, 8)]
    for name, data in ((b"META-INF/manifest.xml", b"<manifest/>"), (b"content.xml", b"<document-content/>")):
        entries.append((name, data, zlib.crc32(data), len(data), 0))
    out, central = bytearray(), bytearray()
    for name, data, crc32, length, method in entries:
        offset = len(out)
        fields = (20, 0, method, 0, 0, crc32, len(data), length, len(name), 0)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + name + data
        central += struct.pack("<IH", 0x02014B50, 20) + struct.pack("<HHHHHIIIHH", *fields)
        central += struct.pack("<HHHII", 0, 0, 0, 0, offset) + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(out), 0)
    return bytes(out + central + end)


def pdf_with_object_stream(hidden: bytes) -> bytes:
    """A PDF 1.5 whose object 4 (``hidden``, the catalog's /OpenAction) lives in a deflated object stream.

    Names inside a compressed object stream never appear in the file's bytes; only a reader finds them.
    """
    inner = b"4 0 " + hidden
    stream = zlib.compress(inner)
    bodies = {
        1: b"<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>",
        2: b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        3: b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 100 100]>>",
        5: b"<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
    }
    out, offsets = bytearray(b"%PDF-1.5\n"), {}
    for number, body in bodies.items():
        offsets[number] = len(out)
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_at = len(out)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    for number in range(1, 7):
        if number == 4:
            rows.append(struct.pack(">BIH", 2, 5, 0))
        elif number == 6:
            rows.append(struct.pack(">BIH", 1, xref_at, 0))
        else:
            rows.append(struct.pack(">BIH", 1, offsets[number], 0))
    table = b"".join(rows)
    out += b"6 0 obj\n<</Type/XRef/Size 7/W[1 4 2]/Root 1 0 R/Length %d>>stream\n" % len(table)
    out += table + b"\nendstream\nendobj\n"
    out += f"startxref\n{xref_at}\n%%EOF\n".encode()
    return bytes(out)
