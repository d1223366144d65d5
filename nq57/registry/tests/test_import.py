"""import_databases: the contract's file, every kind of bad line named by line and column
with nothing written, the same file twice changing nothing, BOM and XLSX files."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from nq57.core.actors import SYSTEM
from nq57.core.exchange import ImportRejected, ImportReport
from nq57.core.models import AuditEvent
from nq57.registry.choices import DatabaseKind, DatabaseStatus, RiskLevel
from nq57.registry.exchange import databases_import
from nq57.registry.models import Database, DatabaseList, StatusEntry

pytestmark = pytest.mark.django_db

HEADER = "code,name,kind,owner_org,lists,status,risk,since"
TAX = "CSDL-B,Cơ sở dữ liệu chuyên ngành về thuế,specialised"
GOOD = [
    "CSDL-A,Cơ sở dữ liệu quốc gia về đất đai,national,BNNMT,NQ71-2025;KH02,not_started,normal,"
    "2025-01-15",
    "CSDL-A,Cơ sở dữ liệu quốc gia về đất đai,national,BNNMT,NQ71-2025,Đang triển khai,"
    "Nguy cơ cao,01/06/2025",
    "CSDL-B,Cơ sở dữ liệu chuyên ngành về thuế,Cơ sở dữ liệu chuyên ngành,Bộ Tài chính,KH02,"
    "DA HINH THANH,binh thuong,2025-03-01",
]


def csv_bytes(*lines: str, bom: bool = False) -> bytes:
    return ("\ufeff" if bom else "").encode() + "\n".join(lines).encode("utf-8") + b"\n"


def run(content: bytes, name: str = "danh-sach.csv") -> ImportReport:
    stream = io.BytesIO(content)
    return databases_import(SYSTEM, stream, source_name=name)


def problems_of(content: bytes) -> list[str]:
    with pytest.raises(ImportRejected) as refused:
        run(content)
    return refused.value.report.problems


def written() -> tuple[int, int, int, int]:
    return (
        Database.objects.count(),
        StatusEntry.objects.count(),
        DatabaseList.objects.count(),
        AuditEvent.objects.filter(event__startswith="database").count(),
    )


def test_a_file_brings_databases_lists_and_history() -> None:
    report = run(csv_bytes(HEADER, *GOOD))
    assert (report.rows, report.created, report.unchanged) == (3, 3, 0)
    land = Database.objects.get(code="CSDL-A")
    assert (land.owner.code, land.kind) == ("BNNMT", "national")
    assert sorted(land.lists.values_list("code", flat=True)) == ["KH02", "NQ71-2025"]
    history = list(land.status_entries.values_list("since", "status", "risk"))
    assert history == [
        (date(2025, 1, 15), "not_started", "normal"),
        (date(2025, 6, 1), "deploying", "high"),
    ]
    tax = Database.objects.get(code="CSDL-B")
    assert (tax.kind, tax.owner.code) == ("specialised", "BTC")
    assert tax.status_entries.get().status == "formed"
    assert report.details["lists_created"] == ["KH02", "NQ71-2025"]
    assert report.details["databases_created"] == ["CSDL-A", "CSDL-B"]


def test_a_risk_without_a_reason_gets_the_file_name_and_a_given_reason_is_kept() -> None:
    header = f"{HEADER},risk_reason"
    run(csv_bytes(header, f"{GOOD[0]},", f"{GOOD[1]},Chưa có kinh phí"), name="bao-cao.csv")
    reasons = dict(StatusEntry.objects.values_list("since", "risk_reason"))
    assert reasons == {date(2025, 1, 15): "bao-cao.csv", date(2025, 6, 1): "Chưa có kinh phí"}


def test_each_write_is_audited() -> None:
    run(csv_bytes(HEADER, *GOOD))
    events = list(AuditEvent.objects.values_list("event", flat=True))
    assert events.count("database_list.created") == 2
    assert events.count("database.created") == 2
    assert events.count("database.status_recorded") == 3


def test_importing_again_changes_nothing() -> None:
    content = csv_bytes(HEADER, *GOOD)
    run(content)
    before = written()
    again = run(content, name="another-name.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert written() == before


def test_an_identical_repeated_row_is_ignored() -> None:
    report = run(csv_bytes(HEADER, GOOD[0], GOOD[2], GOOD[0]))
    assert (report.created, report.unchanged) == (2, 1)
    assert StatusEntry.objects.count() == 2


def test_a_later_file_adds_history_and_lists() -> None:
    run(csv_bytes(HEADER, *GOOD))
    later = f"{TAX},BTC,DS-MOI,deploying,high,2025-12-01"
    report = run(csv_bytes(HEADER, later))
    assert (report.created, report.updated) == (1, 1)
    tax = Database.objects.get(code="CSDL-B")
    assert sorted(tax.lists.values_list("code", flat=True)) == ["DS-MOI", "KH02"]
    assert tax.status_entries.count() == 2


BAD_LINES = {
    "unknown organisation": (
        "CSDL-X,Tên,national,KHONG-CO,L1,formed,normal,2025-01-01",
        "line 3: owner_org: unknown organisation 'KHONG-CO'",
    ),
    "unknown status word": (
        "CSDL-X,Tên,national,BCA,L1,xong roi,normal,2025-01-01",
        "line 3: status: unknown value 'xong roi'",
    ),
    "unknown risk word": (
        "CSDL-X,Tên,national,BCA,L1,formed,rat cao,2025-01-01",
        "line 3: risk: unknown value 'rat cao'",
    ),
    "unknown kind": (
        "CSDL-X,Tên,regional,BCA,L1,formed,normal,2025-01-01",
        "line 3: kind: unknown value 'regional'",
    ),
    "bad date": (
        "CSDL-X,Tên,national,BCA,L1,formed,normal,31/02/2025",
        "line 3: since: invalid date '31/02/2025'",
    ),
    "missing date": (
        "CSDL-X,Tên,national,BCA,L1,formed,normal,",
        "line 3: since: this column is required",
    ),
    "empty code": (
        ",Tên,national,BCA,L1,formed,normal,2025-01-01",
        "line 3: code: the code is empty",
    ),
    "repeated (code, since) with another status": (
        f"{TAX},BTC,KH02,deploying,normal,2025-03-01",
        "line 3: status: CSDL-B has another status from 2025-03-01 on line 2",
    ),
    "repeated (code, since) with another risk": (
        f"{TAX},BTC,KH02,formed,high,2025-03-01",
        "line 3: risk: CSDL-B has another status from 2025-03-01 on line 2",
    ),
    "a database described otherwise": (
        f"{TAX},BYT,KH02,formed,normal,2025-05-01",
        "line 3: owner_org: CSDL-B is described otherwise on line 2",
    ),
}


@pytest.mark.parametrize("case", list(BAD_LINES))
def test_a_bad_line_is_named_by_line_and_column_and_nothing_is_written(case: str) -> None:
    bad, expected = BAD_LINES[case]
    problems = problems_of(csv_bytes(HEADER, GOOD[2], bad))
    assert len(problems) == 1, problems
    assert problems[0].startswith(expected), problems
    assert written() == (0, 0, 0, 0)


def test_a_missing_header_column_is_named() -> None:
    problems = problems_of(
        csv_bytes(HEADER.replace(",risk", ""), "CSDL-X,Tên,national,BCA,L1,formed,2025-01-01")
    )
    assert problems == [
        "line 1: header: missing column(s) risk "
        "(expected: code,name,kind,owner_org,lists,status,risk,since,legal_basis,"
        "target_date,risk_reason)"
    ]
    assert written() == (0, 0, 0, 0)


def test_every_bad_line_is_reported_at_once() -> None:
    lines = [bad for bad, _ in BAD_LINES.values()]
    problems = problems_of(csv_bytes(HEADER, GOOD[2], *lines))
    assert len(problems) == len(lines)
    assert written() == (0, 0, 0, 0)


def test_rewriting_a_recorded_day_is_refused_and_nothing_is_written() -> None:
    run(csv_bytes(HEADER, *GOOD))
    before = written()
    changed = GOOD[2].replace("DA HINH THANH", "deploying")
    new = "CSDL-C,Cơ sở dữ liệu mới,national,BCA,KH02,deploying,normal,2025-02-01"
    problems = problems_of(csv_bytes(HEADER, new, changed))
    assert problems == [
        "line 3: status: CSDL-B already has another status recorded from 2025-03-01; "
        "history is not rewritten"
    ]
    assert written() == before


def test_a_file_with_a_bom_reads_alike() -> None:
    report = run(csv_bytes(HEADER, *GOOD, bom=True))
    assert report.created == 3


def test_an_xlsx_file_reads_alike_with_date_cells() -> None:
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.append(HEADER.split(","))
    sheet.append(
        [
            "CSDL-X",
            "Cơ sở dữ liệu quốc gia về y tế",
            "national",
            "BYT",
            "KH02",
            "Chưa triển khai",
            "normal",
            date(2025, 2, 1),
        ]
    )
    sheet.append(
        [
            "CSDL-X",
            "Cơ sở dữ liệu quốc gia về y tế",
            "national",
            "BYT",
            "KH02",
            "Formed and centralised",
            "Normal",
            "05/12/2025",
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    report = run(buffer.getvalue(), name="csdl.xlsx")
    assert report.created == 2
    entries = StatusEntry.objects.values_list("since", "status")
    assert sorted(entries) == [(date(2025, 2, 1), "not_started"), (date(2025, 12, 5), "formed")]


def test_the_command_names_each_problem_and_fails(tmp_path: Path) -> None:
    path = tmp_path / "sai.csv"
    path.write_bytes(csv_bytes(HEADER, BAD_LINES["unknown organisation"][0]))
    errors = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_databases", str(path), stderr=errors)
    assert "line 2: owner_org: unknown organisation 'KHONG-CO'" in errors.getvalue()
    assert written() == (0, 0, 0, 0)


def test_the_command_reports_what_it_wrote_and_the_file_as_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao-05-12.csv"
    path.write_bytes(csv_bytes(HEADER, *GOOD))
    out = io.StringIO()
    call_command("import_databases", str(path), stdout=out)
    assert "3 rows: 3 created, 0 updated, 0 unchanged" in out.getvalue()
    assert StatusEntry.objects.get(since=date(2025, 6, 1)).risk_reason == "bao-cao-05-12.csv"


def test_the_choices_read_in_vietnamese() -> None:
    with translation.override("vi"):
        labels = [str(label) for label in (*DatabaseStatus.labels, *RiskLevel.labels)]
        kinds = [str(label) for label in DatabaseKind.labels]
    assert labels == [
        "Đã hình thành",
        "Đang triển khai",
        "Chưa triển khai",
        "Bình thường",
        "Nguy cơ cao",
    ]
    assert kinds == ["Cơ sở dữ liệu quốc gia", "Cơ sở dữ liệu chuyên ngành"]
