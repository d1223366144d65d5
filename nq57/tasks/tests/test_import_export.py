"""Importing and exporting the exchange format: figures, problems by line, idempotency."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from nq57.core.actors import SYSTEM
from nq57.core.models import AuditEvent
from nq57.tasks.exchange import (
    HEADER,
    ImportRejected,
    export_rows,
    tasks_import,
    write_csv,
    write_xlsx,
)
from nq57.tasks.models import Program, Task, TaskCoordination
from nq57.tasks.sample import AS_OF, EARLIER, YEAR_END, reported_figures_rows

pytestmark = pytest.mark.django_db


def csv_bytes(rows: list[dict[str, Any]], *, bom: bool = True) -> bytes:
    out = io.StringIO()
    write_csv(rows, out)
    text = out.getvalue()
    return (text if bom else text.lstrip("\ufeff")).encode("utf-8")


def xlsx_bytes(rows: list[dict[str, Any]]) -> bytes:
    out = io.BytesIO()
    write_xlsx(rows, out)
    return out.getvalue()


def good_row(**overrides: Any) -> dict[str, Any]:
    row = {
        "code": "NV-01",
        "title": "Xây dựng cơ sở dữ liệu quốc gia về khoa học",
        "program": "57-NQ/TW",
        "lead_org": "Bộ Khoa học và Công nghệ",
        "coordinating_orgs": "BCA; Thành phố Hà Nội",
        "assigned_by": "BCDTW",
        "assigned_on": "15/01/2025",
        "deadline": "2025-06-30",
        "kind": "",
        "expected_product": "Cơ sở dữ liệu vận hành",
        "responsible_person": "Nguyễn Văn An",
        "completed_on": "",
        "progress": "40",
    }
    row.update(overrides)
    return row


def run_import(data: bytes) -> Any:
    return tasks_import(SYSTEM, io.BytesIO(data))


def summary(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("task_summary", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("fmt", ["csv", "csv-no-bom", "xlsx"])
def test_the_reported_figures_come_back_through_import_and_summary(
    fmt: str, tmp_path: Path
) -> None:
    rows = reported_figures_rows()
    data = {
        "csv": lambda: csv_bytes(rows),
        "csv-no-bom": lambda: csv_bytes(rows, bom=False),
        "xlsx": lambda: xlsx_bytes(rows),
    }[fmt]()
    path = tmp_path / f"tasks.{'xlsx' if fmt == 'xlsx' else 'csv'}"
    path.write_bytes(data)
    call_command("import_tasks", str(path), stdout=io.StringIO())

    result = summary("--as-of", AS_OF.isoformat(), "--due-by", YEAR_END.isoformat())
    assert {
        k: result[k] for k in ("total", "completed", "in_progress", "overdue", "regular", "due_by")
    } == {
        "total": 1287,
        "completed": 601,
        "in_progress": 404,
        "overdue": 104,
        "regular": 178,
        "due_by": 368,
    }
    assert result["completed_on_time"] + result["completed_late"] == 601
    assert result["shares"]["completed"] == 46.7
    assert summary("--as-of", "28/10/2025")["overdue"] == 51
    assert EARLIER.isoformat() == summary("--as-of", EARLIER.isoformat())["as_of"]


def test_excel_date_cells_and_numbers_are_read() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(HEADER))
    sheet.append(
        [
            "NV-9",
            "Số hóa hồ sơ",
            "57-NQ/TW",
            "BYT",
            "",
            "BCDTW",
            datetime(2025, 2, 3),
            date(2025, 9, 30),
            "deadline",
            "Hệ thống",
            "Bà Mai",
            None,
            55,
        ]
    )
    out = io.BytesIO()
    workbook.save(out)
    run_import(out.getvalue())
    task = Task.objects.get(code="NV-9")
    assert (task.assigned_on, task.deadline, task.progress) == (
        date(2025, 2, 3),
        date(2025, 9, 30),
        55,
    )


def test_import_is_idempotent_and_updates_in_place() -> None:
    first = run_import(csv_bytes([good_row(), good_row(code="NV-02")]))
    assert (first.created, first.updated) == (2, 0)
    again = run_import(csv_bytes([good_row(), good_row(code="NV-02")]))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert Task.objects.count() == 2

    changed = run_import(
        csv_bytes([good_row(progress="75", coordinating_orgs="BYT"), good_row(code="NV-02")])
    )
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 1)
    task = Task.objects.get(code="NV-01")
    assert task.progress == 75
    assert list(task.coordinating_orgs.values_list("code", flat=True)) == ["BYT"]
    event = AuditEvent.objects.filter(subject_id=task.pk, event="task.imported").last()
    assert event is not None
    assert event.changes["progress"] == [40, 75]


BAD_ROWS = [
    ({"lead_org": "Bộ Không Tồn Tại"}, "line 2: lead_org: unknown organisation 'Bộ Không Tồn Tại'"),
    ({"lead_org": "Xã Tân Phú"}, "line 2: lead_org: ambiguous organisation 'Xã Tân Phú'"),
    ({"assigned_on": "31/02/2025"}, "line 2: assigned_on: invalid date '31/02/2025'"),
    (
        {"deadline": "2024-12-31"},
        "line 2: deadline: deadline 31/12/2024 is before the assignment date 15/01/2025",
    ),
    ({"deadline": ""}, "line 2: deadline: a task of kind 'deadline' needs a deadline"),
    ({"title": "  "}, "line 2: title: the title is empty"),
    ({"progress": "120"}, "line 2: progress: progress 120 is outside 0–100"),
    ({"progress": "nhiều"}, "line 2: progress: not a number: 'nhiều'"),
    ({"kind": "monthly"}, "line 2: kind: unknown kind 'monthly' (deadline or regular)"),
    (
        {"completed_on": "2025-01-01"},
        "line 2: completed_on: completion 01/01/2025 is before the assignment date 15/01/2025",
    ),
    ({"assigned_on": ""}, "line 2: assigned_on: the assignment date is required"),
    ({"coordinating_orgs": "BCA;XYZ"}, "line 2: coordinating_orgs: unknown organisation 'XYZ'"),
]


@pytest.mark.parametrize(("change", "problem"), BAD_ROWS)
def test_each_mistake_is_named_by_line_and_field(change: dict[str, str], problem: str) -> None:
    with pytest.raises(ImportRejected) as failure:
        run_import(csv_bytes([good_row(**change), good_row(code="NV-02")]))
    assert any(p.startswith(problem) for p in failure.value.report.problems), (
        failure.value.report.problems
    )


def test_duplicate_code_names_both_lines() -> None:
    with pytest.raises(ImportRejected) as failure:
        run_import(csv_bytes([good_row(), good_row(code="NV-02"), good_row()]))
    assert failure.value.report.problems == [
        "line 4: code: duplicate code 'NV-01' in programme '57-NQ/TW' (first on line 2)"
    ]


def test_a_bad_row_anywhere_writes_nothing_at_all() -> None:
    rows = [good_row(code=f"NV-{n:05d}", program="Chương trình mới") for n in range(4500)]
    rows[4321]["deadline"] = "30/13/2025"
    with pytest.raises(ImportRejected) as failure:
        run_import(csv_bytes(rows))
    assert failure.value.report.problems == ["line 4323: deadline: invalid date '30/13/2025'"]
    assert Task.objects.count() == 0
    assert not Program.objects.filter(code="Chương trình mới").exists()
    assert not AuditEvent.objects.filter(event="task.imported").exists()


def test_a_missing_column_is_reported_on_line_1() -> None:
    with pytest.raises(ImportRejected) as failure:
        run_import(b"code,title\nA,B\n")
    assert failure.value.report.problems[0].startswith("line 1: header: missing column(s) program")


def test_the_command_exits_non_zero_and_prints_each_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([good_row(assigned_on="31/02/2025")]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_tasks", str(path), stderr=err)
    assert "line 2: assigned_on: invalid date '31/02/2025'" in err.getvalue()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_round_trips_exactly(fmt: str) -> None:
    run_import(csv_bytes(reported_figures_rows()[:300]))
    write = csv_bytes if fmt == "csv" else xlsx_bytes
    exported = list(export_rows(Task.objects.all()))
    assert len(exported) == 300
    TaskCoordination.objects.all().delete()
    Task.objects.all().delete()
    run_import(write(exported))
    assert list(export_rows(Task.objects.all())) == exported


def test_the_command_dry_run_counts_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "good.csv"
    path.write_bytes(csv_bytes([good_row(), good_row(code="NV-02")]))
    out = io.StringIO()
    call_command("import_tasks", str(path), "--dry-run", stdout=out)
    assert "2 rows: 2 created, 0 updated, 0 unchanged" in out.getvalue()
    assert "new programmes: 57-NQ/TW" in out.getvalue()
    assert "(dry run: nothing written)" in out.getvalue()
    assert not Task.objects.exists()
    call_command("import_tasks", str(path), stdout=io.StringIO())
    assert Task.objects.count() == 2
