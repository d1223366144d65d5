"""Files an attacker would send, built in memory for the upload tests."""

from __future__ import annotations

import io
import zipfile
import zlib

from openpyxl import Workbook

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64


def pdf_with(body: bytes) -> bytes:
    return b"%PDF-1.4\n1 0 obj<<" + body + b">>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def pdf_with_object_stream(content: bytes, *, filter_name: bytes = b"/FlateDecode") -> bytes:
    body = zlib.compress(content) if filter_name == b"/FlateDecode" else content.hex().encode()
    return (
        b"%PDF-1.5\n3 0 obj<</Type/ObjStm/N 1/First 0/Filter"
        + filter_name
        + b"/Length "
        + str(len(body)).encode()
        + b">>stream\n"
        + body
        + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


DOCX_PARTS = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org'
    b'/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="'
    b'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>",
    "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
    "word/document.xml": b'<?xml version="1.0"?><w:document/>',
}


def docx(**extra: bytes) -> bytes:
    return zipped({**DOCX_PARTS, **{name.replace("__", "/"): data for name, data in extra.items()}})


def xlsx(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_bomb(size: int = 64 * 1024 * 1024) -> bytes:
    """A workbook whose one sheet expands a thousandfold: zip bomb."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", DOCX_PARTS["[Content_Types].xml"])
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = b" " * (1024 * 1024)
            for _ in range(size // len(block)):
                sheet.write(block)
    return out.getvalue()


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
        for n in range(1, 10)
    )
    + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    b"</sheetData></worksheet>"
)


def xlsx_xml_bomb() -> bytes:
    """A real workbook whose sheet is a billion laughs."""
    source = zipfile.ZipFile(io.BytesIO(xlsx([["code"]])))
    parts = {name: source.read(name) for name in source.namelist()}
    parts["xl/worksheets/sheet1.xml"] = LAUGHS
    return zipped(parts)


CORRUPT_XLSX = {
    "garbage after the zip signature": b"PK\x03\x04" + b"\x13\x37" * 300,
    "a workbook cut in half": xlsx([["code", "title"], ["A", "B"]])[:1500],
    "a zip that holds no workbook": zipped({"hello.txt": b"hello"}),
}
