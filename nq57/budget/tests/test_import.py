"""import_budget: the contract's file, amounts as people type them, every kind of bad line
named by line and column with nothing written, the same file twice changing nothing, BOM
and XLSX files, and who may import."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from nq57.budget.exchange import budget_import
from nq57.budget.models import Entry, Programme
from nq57.core.actors import SYSTEM
from nq57.core.errors import NotPermitted
from nq57.core.exchange import ImportRejected, ImportReport
from nq57.core.models import AuditEvent

pytestmark = pytest.mark.django_db

HEADER = "year,org,program,stage,amount,on"
GOOD = [
    '2025,BKHCN,NQ57,proposed,"1,234,567",2025-12-02',
    "2025,Bộ Tài chính,NQ57,Đề xuất,9.149,02/12/2025",
    "2025,01,DA06,proposed,1 000,2025-12-02",
    "2025,BKHCN,NQ57,approved,1.000.000,2025-12-15",
    "2025,BKHCN,NQ57,disbursed,250000,2026-03-01",
    "2025,BKHCN,NQ57,Giải ngân,250000,2026-04-01",
]


def csv_bytes(*lines: str, bom: bool = False) -> bytes:
    return ("\ufeff" if bom else "").encode() + "\n".join(lines).encode("utf-8") + b"\n"


def run(content: bytes, actor: Any = SYSTEM, name: str = "ngan-sach.csv") -> ImportReport:
    return budget_import(actor, io.BytesIO(content), source_name=name)


def problems_of(content: bytes) -> list[str]:
    with pytest.raises(ImportRejected) as refused:
        run(content)
    return refused.value.report.problems


def written() -> tuple[int, int, int]:
    return (
        Entry.objects.count(),
        Programme.objects.count(),
        AuditEvent.objects.filter(event__startswith="budget").count(),
    )


def test_a_file_brings_entries_and_programmes() -> None:
    report = run(csv_bytes(HEADER, *GOOD))
    assert (report.rows, report.created, report.unchanged) == (6, 6, 0)
    assert report.details["programmes_created"] == ["DA06", "NQ57"]
    amounts = dict(
        Entry.objects.filter(stage="proposed").values_list("organization__code", "amount")
    )
    assert amounts == {"BKHCN": 1_234_567, "BTC": 9_149, "01": 1_000}
    paid = Entry.objects.filter(stage="disbursed")
    assert sorted(paid.values_list("dated", flat=True)) == [date(2026, 3, 1), date(2026, 4, 1)]
    assert set(Entry.objects.values_list("source", flat=True)) == {"ngan-sach.csv"}
    assert written()[2] == 6 + 2  # every entry and each new programme audited


def test_the_same_file_twice_changes_nothing_and_a_repeated_line_is_one_entry() -> None:
    run(csv_bytes(HEADER, *GOOD))
    before = written()
    report = run(csv_bytes(HEADER, *GOOD, GOOD[4]))
    assert written() == before
    assert (report.created, report.unchanged) == (0, 7)


def test_a_bom_and_an_xlsx_file_read_alike(tmp_path: Path) -> None:
    run(csv_bytes(HEADER, *GOOD[:3], bom=True))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.split(","))
    sheet.append([2025, "BKHCN", "NQ57", "approved", 1_000_000, date(2025, 12, 15)])
    sheet.append([2025, "BKHCN", "NQ57", "disbursed", 250000.0, "01/03/2026"])
    path = tmp_path / "ngan-sach.xlsx"
    book.save(path)
    call_command("import_budget", str(path), stdout=io.StringIO())
    assert Entry.objects.count() == 5


@pytest.mark.parametrize(
    ("line", "where"),
    [
        ("1999,BKHCN,NQ57,proposed,100,2025-12-02", "line 2: year:"),
        ("2025,,NQ57,proposed,100,2025-12-02", "line 2: org:"),
        ("2025,BỘ KHÔNG CÓ,NQ57,proposed,100,2025-12-02", "line 2: org:"),
        ("2025,BKHCN,,proposed,100,2025-12-02", "line 2: program:"),
        ("2025,BKHCN,NQ57,allocated,100,2025-12-02", "line 2: stage:"),
        ("2025,BKHCN,NQ57,proposed,12.5,2025-12-02", "line 2: amount:"),
        ("2025,BKHCN,NQ57,proposed,-100,2025-12-02", "line 2: amount:"),
        ("2025,BKHCN,NQ57,proposed,mười,2025-12-02", "line 2: amount:"),
        ("2025,BKHCN,NQ57,proposed,,2025-12-02", "line 2: amount:"),
        ("2025,BKHCN,NQ57,proposed,100,31/02/2025", "line 2: on:"),
        ("2025,BKHCN,NQ57,proposed,100,", "line 2: on:"),
    ],
)
def test_a_bad_line_is_named_and_nothing_is_written(line: str, where: str) -> None:
    problems = problems_of(csv_bytes(HEADER, GOOD[0], line))
    assert written() == (0, 0, 0)
    assert len(problems) == 1
    assert problems[0].replace("line 3", "line 2").startswith(where), problems


def test_a_wrong_header_is_refused() -> None:
    problems = problems_of(csv_bytes("year,org,program,amount,on", "2025,BKHCN,NQ57,1,2025-12-02"))
    assert problems
    assert "stage" in problems[0]
    assert written() == (0, 0, 0)


def test_two_amounts_of_one_day_in_the_file_are_refused() -> None:
    other = "2025,BKHCN,NQ57,proposed,1.234.000,2025-12-02"
    problems = problems_of(csv_bytes(HEADER, GOOD[0], other))
    assert problems == [problems[0]]
    assert problems[0].startswith("line 3: amount:")
    assert "line 2" in problems[0]


def test_another_amount_for_a_recorded_day_is_refused_a_later_revision_is_not() -> None:
    run(csv_bytes(HEADER, GOOD[0]))
    problems = problems_of(csv_bytes(HEADER, "2025,BKHCN,NQ57,proposed,7,2025-12-02"))
    assert problems[0].startswith("line 2: amount:")
    report = run(csv_bytes(HEADER, "2025,BKHCN,NQ57,proposed,7,2025-12-03"))
    assert report.created == 1


def test_two_disbursements_of_a_day_add_up_when_they_differ() -> None:
    run(csv_bytes(HEADER, GOOD[4], "2025,BKHCN,NQ57,disbursed,1,2026-03-01"))
    assert Entry.objects.filter(stage="disbursed").count() == 2


def test_only_the_ledgers_keepers_may_import(make_user: Callable[..., Any]) -> None:
    with pytest.raises(NotPermitted):
        run(csv_bytes(HEADER, GOOD[0]), actor=make_user("BYT", "org_admin"))
    run(csv_bytes(HEADER, GOOD[0]), actor=make_user("BTC", "reporter"))
    assert Entry.objects.get().recorded_by is not None


def test_the_command_prints_each_problem_and_fails(tmp_path: Path) -> None:
    path = tmp_path / "sai.csv"
    path.write_bytes(csv_bytes(HEADER, "2025,BKHCN,NQ57,proposed,abc,2025-12-02"))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_budget", str(path), stdout=io.StringIO(), stderr=err)
    assert "line 2: amount:" in err.getvalue()
