"""Evidence is checked by content: active PDFs, polyglots, archives that expand too far or
carry programs are refused; names are made safe; sizes are refused while streaming."""

from __future__ import annotations

import io
import time
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from nq57.core.errors import ValidationFailed
from nq57.core.exchange import HeaderError, read_rows, text_columns
from nq57.core.files import safe_name, sniff_type
from nq57.core.uploads import SizeLimitUploadHandler, TooLargeUpload, upload_limit

from .uploads_kit import (
    CORRUPT_XLSX,
    PDF,
    PNG,
    docx,
    pdf_with,
    pdf_with_object_stream,
    xlsx_bomb,
    xlsx_xml_bomb,
)


def check(name: str, data: bytes) -> str:
    return sniff_type(SimpleUploadedFile(name, data), field="evidence")


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(ValidationFailed) as refused:
        check(name, data)
    return " ".join(refused.value.fields["evidence"])


def test_ordinary_documents_and_pictures_pass() -> None:
    assert check("bien-ban.pdf", PDF) == "application/pdf"
    assert check("anh.PNG", PNG) == "image/png"
    assert check("bao-cao.docx", docx()).endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    "data",
    [
        pdf_with(b"/Type/Catalog/OpenAction 2 0 R"),
        pdf_with(b"/S/JavaScript/JS(app.alert(1))"),
        pdf_with(b"/S/J#61vaScript/J#53 (app.alert(1))"),  # names may be #-escaped
        pdf_with(b"/AA<</O<</S/Launch/F(cmd.exe)>>>>"),
        pdf_with_object_stream(b"<</S/JavaScript/JS(app.alert(1))>>"),
    ],
)
def test_pdfs_that_act_when_opened_are_refused(data: bytes) -> None:
    assert "scripts or automatic actions" in refusal("x.pdf", data)


def test_pdfs_that_cannot_be_looked_into_are_refused() -> None:
    hidden = pdf_with_object_stream(b"<</JS(1)>>", filter_name=b"/ASCIIHexDecode")
    assert "cannot be checked" in refusal("x.pdf", hidden)
    assert "encrypted" in refusal("x.pdf", pdf_with(b"/Root 1 0 R/Encrypt 5 0 R"))


def test_html_pdf_polyglots_and_misnamed_files_are_refused() -> None:
    polyglot = PDF.replace(b"\n1 0 obj", b"\n<html><script>alert(1)</script></html>\n1 0 obj")
    assert "web page markup" in refusal("x.pdf", polyglot)
    assert "not what the file name says" in refusal("anh.pdf", PNG)
    assert "not what the file name says" in refusal("x.html", PDF)


@pytest.mark.parametrize(
    "parts",
    [
        {"word__embeddings__setup.exe": b"MZ\x90\x00"},
        {"word__vbaProject.bin": b"\xd0\xcf\x11\xe0"},
        {"word__embeddings__oleObject1.bin": b"\xd0\xcf\x11\xe0"},
        {"word__media__image1.png": b"MZ\x90\x00This program cannot be run in DOS mode"},
    ],
)
def test_office_files_carrying_programs_are_refused(parts: dict[str, bytes]) -> None:
    assert "program or macros" in refusal("x.docx", docx(**parts))


def test_an_old_office_file_with_macros_is_refused() -> None:
    word = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"\xec\xa5\xc1\x00" + b"\x00" * 9000
    )
    assert check("x.doc", word) == "application/msword"
    ole = word + "_VBA_PROJECT".encode("utf-16-le")
    assert "program or macros" in refusal("x.doc", ole)


def test_a_document_bomb_is_refused_quickly() -> None:
    started = time.monotonic()
    assert "zip bomb" in refusal("x.docx", docx(**{"word__big.xml": b" " * (8 << 20)}))
    assert time.monotonic() - started < 5


LAYOUT = text_columns("things", "code")


def test_an_import_refuses_a_zip_bomb_in_bounded_time() -> None:
    data = xlsx_bomb()
    assert len(data) < 1024 * 1024
    started = time.monotonic()
    with pytest.raises(HeaderError, match="zip bomb"):
        list(read_rows(io.BytesIO(data), LAYOUT))
    assert time.monotonic() - started < 2


def test_an_import_refuses_an_xml_bomb_in_bounded_time() -> None:
    started = time.monotonic()
    with pytest.raises(HeaderError, match="damaged"):
        list(read_rows(io.BytesIO(xlsx_xml_bomb()), LAYOUT))
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("data", CORRUPT_XLSX.values(), ids=CORRUPT_XLSX.keys())
def test_a_corrupt_workbook_is_a_problem_of_the_file(data: bytes) -> None:
    with pytest.raises(HeaderError, match="line 1: file: "):
        list(read_rows(io.BytesIO(data), LAYOUT))


@given(st.text())
def test_a_safe_name_has_no_directory_nul_or_control_character(name: str) -> None:
    safe = safe_name(name)
    assert safe
    assert len(safe) <= 120
    assert not {"/", "\\", "\x00"} & set(safe)
    assert all(ch.isprintable() or ch == " " for ch in safe)
    assert not safe.startswith(".")


def test_safe_names_keep_what_people_recognise() -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\a\\Biên bản.pdf") == "Biên bản.pdf"
    assert safe_name("bao\x00cao\x1f.pdf") == "baocao.pdf"
    assert safe_name("x" * 300 + ".pdf") == "x" * 116 + ".pdf"
    assert safe_name("") == "file"
    upload = SimpleUploadedFile("../../evil\x00.pdf", PDF)
    sniff_type(upload, field="evidence")
    assert upload.name == "evil.pdf"


def test_a_file_past_the_limit_is_refused_while_it_streams(settings: Any) -> None:
    settings.NQ57_EVIDENCE_MAX_BYTES = 1000
    handler = SizeLimitUploadHandler(request=None)
    handler.new_file("file", "big.pdf", "application/pdf", None)
    passed = [handler.receive_data_chunk(b"x" * 400, 400 * n) for n in range(10)]
    assert passed[:2] == [b"x" * 400] * 2
    assert passed[2:] == [None] * 8  # nothing past the limit reaches the storing handlers
    answer = handler.file_complete(4000)
    assert isinstance(answer, TooLargeUpload)
    assert answer.size == 4000
    with pytest.raises(ValidationFailed, match="too large"):
        sniff_type(answer, field="evidence")


def test_an_import_past_the_limit_says_so() -> None:
    refused = TooLargeUpload("tasks.csv", "text/csv", 300 << 20, limit=200 << 20)
    with pytest.raises(HeaderError, match="line 1: file: the file is larger than 200 MB"):
        list(read_rows(refused, LAYOUT))


def test_imports_take_larger_files_than_evidence(settings: Any) -> None:
    settings.NQ57_EVIDENCE_MAX_BYTES, settings.NQ57_IMPORT_MAX_BYTES = 10, 20
    assert upload_limit("/api/v1/tasks/import/") == 20
    assert upload_limit("/tasks/import/") == 20
    assert upload_limit("/api/v1/tasks/7/progress-reports/") == 10
