"""The progress report as files: the PDF's text states the figures in Vietnamese format and
the date, carries its figures and is signed so that pyHanko and poppler's pdfsig both find
the signature valid; report_verify names a figure changed after signing; DOCX and XLSX state
the same words."""

from __future__ import annotations

import io
import subprocess  # nosec B404  # poppler's tools, run on files the test wrote
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from nq57.reports.demo_key import write_demo_key
from nq57.reports.verify import verify_report
from nq57.tasks.models import Task

pytestmark = pytest.mark.django_db
PASSPHRASE = "mat-khau-thu"  # nosec B105  # a test key's passphrase


def report(tmp_path: Path, *options: str, name: str = "bao-cao.pdf") -> Path:
    out = tmp_path / name
    call_command("progress_report", "--as-of", "2025-12-04", "--output", str(out), *options)
    return out


def pdf_text(path: Path) -> str:
    done = subprocess.run(  # nosec B603 B607  # a fixed command on the test's own file
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return " ".join(done.stdout.split())


def test_the_signed_pdf_states_the_figures_and_verifies(
    tmp_path: Path, make_task: Callable[..., Task], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_task(lead="BTC", deadline=date(2025, 11, 1))
    make_task(lead="BCA", deadline=date(2025, 12, 20))
    make_task(lead="BCA", deadline=date(2026, 6, 30))
    key = write_demo_key(tmp_path / "lanh-dao.p12", PASSPHRASE.encode())
    monkeypatch.setenv("NQ57_SIGN_PASSPHRASE", PASSPHRASE)
    signed = report(
        tmp_path,
        "--format",
        "pdf",
        "--sign-with",
        str(key),
        "--passphrase-env",
        "NQ57_SIGN_PASSPHRASE",
    )
    text = pdf_text(signed)
    assert "Hà Nội, ngày 04 tháng 12 năm 2025" in text
    assert "Tính đến ngày 04/12/2025, Ban Chỉ đạo đã giao 3 nhiệm vụ" in text
    assert "1 nhiệm vụ quá hạn (33,3%)" in text
    assert "còn 2 nhiệm vụ phải hoàn thành đến ngày 31/12/2025" in text
    # poppler, as a reader's own tool, finds the signature valid.
    checked = subprocess.run(  # nosec B603 B607  # a fixed command on the test's own file
        ["pdfsig", str(signed)], capture_output=True, text=True, check=False
    )
    assert "Signature Validation: Signature is Valid." in checked.stdout
    result = verify_report(signed.read_bytes())
    assert [(s.intact, s.covers_all) for s in result.signatures] == [(True, True)]
    assert "Nguyễn Văn An" in result.signatures[0].signer
    assert result.changed == []
    assert result.holds
    # A task entered later, assigned before the report's day: the figures no longer hold.
    make_task(lead="BYT", assigned_on=date(2025, 6, 1), deadline=date(2025, 11, 15))
    again = verify_report(signed.read_bytes())
    assert {d.name for d in again.changed} >= {"tasks.total", "tasks.overdue"}
    assert not again.holds
    with pytest.raises(SystemExit):
        call_command("report_verify", str(signed), stdout=io.StringIO())


def test_a_file_altered_after_signing_is_broken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = write_demo_key(tmp_path / "k.p12", b"x")
    monkeypatch.setenv("P", "x")
    signed = report(tmp_path, "--sign-with", str(key), "--passphrase-env", "P")
    content = bytearray(signed.read_bytes())
    at = content.find(b"/Type /Page")
    assert at > 0
    content[at + 1 : at + 5] = b"TYPE"  # one byte range the signature covers, changed
    result = verify_report(bytes(content))
    assert [check.intact for check in result.signatures] == [False]
    assert not result.holds


def test_docx_and_xlsx_state_the_same_words(tmp_path: Path, make_task: Callable[..., Task]) -> None:
    make_task(lead="BTC", deadline=date(2025, 11, 1))
    docx = report(tmp_path, "--format", "docx", name="bao-cao.docx")
    with zipfile.ZipFile(docx) as archive:
        body = archive.read("word/document.xml").decode()
    assert "Tính đến ngày 04/12/2025, Ban Chỉ đạo đã giao 1 nhiệm vụ" in body
    xlsx = report(tmp_path, "--format", "xlsx", name="bao-cao.xlsx")
    workbook = load_workbook(xlsx)
    words = [row[0] for row in workbook["Báo cáo"].iter_rows(values_only=True) if row[0]]
    assert any("Ban Chỉ đạo đã giao 1 nhiệm vụ" in str(line) for line in words)
    figures: dict[Any, Any] = {}
    for name, value in workbook["Số liệu"].iter_rows(min_row=2, values_only=True):
        figures[name] = value
    assert figures["tasks.overdue"] == 1


def test_bad_options_are_said_not_crashed(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--as-of"):
        call_command("progress_report", "--as-of", "31/02/2025", "--output", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="--format pdf"):
        report(tmp_path, "--format", "xlsx", "--sign-with", "k.p12", name="x.xlsx")
    with pytest.raises(CommandError, match="no file"):
        report(tmp_path, "--sign-with", str(tmp_path / "missing.p12"))
    key = write_demo_key(tmp_path / "k.p12", PASSPHRASE.encode())
    with pytest.raises(CommandError, match="not set"):
        report(tmp_path, "--sign-with", str(key), "--passphrase-env", "NQ57_NOT_SET_ANYWHERE")
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7\nnot really")
    with pytest.raises(CommandError, match=r"junk\.pdf"):
        call_command("report_verify", str(junk))


@pytest.mark.parametrize(
    "record",
    [{"as_of": "hôm nay", "due_by": "2025-12-31"}, {"as_of": "2025-12-04"}, {"as_of": [1]}],
)
def test_a_hostile_record_inside_a_pdf_is_refused(record: dict[str, Any]) -> None:
    from nq57.reports.documents.pdf import report_pdf
    from nq57.reports.documents.text import report_text
    from nq57.reports.sections import report_figures
    from nq57.reports.verify import NotAReport

    pdf = report_pdf(report_text(report_figures(date(2025, 12, 4))), record)
    with pytest.raises(NotAReport, match="cannot be read"):
        verify_report(pdf)


def test_figures_attached_after_signing_are_not_taken_for_the_signed_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pyhanko.pdf_utils import embed
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    key = write_demo_key(tmp_path / "k.p12", b"x")
    monkeypatch.setenv("P", "x")
    signed = report(tmp_path, "--sign-with", str(key), "--passphrase-env", "P").read_bytes()
    # Someone appends a revision carrying other figures under the same name: the signature
    # is intact over what was signed, but no longer covers what the file now shows.
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    other = b'{"as_of": "2025-12-04", "due_by": "2025-12-31", "layout": 1}'
    data = embed.EmbeddedFileObject.from_file_data(writer, other)
    embed.embed_file(writer, embed.FileSpec("figures.json", embedded_data=data))
    out = io.BytesIO()
    writer.write(out)
    result = verify_report(out.getvalue())
    assert [(check.intact, check.covers_all) for check in result.signatures] == [(True, False)]
    assert not result.holds
