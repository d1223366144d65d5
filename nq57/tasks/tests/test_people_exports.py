"""Issue 15: the task list's export is for people (Vietnamese labels, words for codes, dates
dd/mm/yyyy) and still imports back unchanged; imports (page, command, API) read the keys and
codes or the labels and words; the API and the command keep the README's machine header."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook
from rest_framework.test import APIClient

from nq57.accounts.models import User
from nq57.core.actors import SYSTEM
from nq57.tasks.exchange import HEADER, ImportRejected, tasks_import
from nq57.tasks.models import Task

pytestmark = pytest.mark.django_db

TODAY = date(2025, 12, 4)
README = Path(settings.BASE_DIR) / "README.md"
MACHINE_ROWS = [
    {
        "code": "NV-A",
        "title": "Xây dựng cơ sở dữ liệu",
        "program": "57-NQ/TW",
        "lead_org": "BKHCN",
        "coordinating_orgs": "01;BYT",
        "assigned_by": "BCDTW",
        "assigned_on": "2025-02-01",
        "deadline": "2025-06-30",
        "kind": "deadline",
        "expected_product": "Báo cáo",
        "responsible_person": "Nguyễn Văn A",
        "completed_on": "",
        "progress": "40",
        "evidence": "",
        "confidential": "0",
    },
    {
        "code": "NV-B",
        "title": "Theo dõi thường xuyên",
        "program": "57-NQ/TW",
        "lead_org": "BYT",
        "coordinating_orgs": "",
        "assigned_by": "BCDTW",
        "assigned_on": "2025-03-10",
        "deadline": "",
        "kind": "regular",
        "expected_product": "",
        "responsible_person": "",
        "completed_on": "",
        "progress": "",
        "evidence": "",
        "confidential": "1",
    },
    {
        "code": "NV-C",
        "title": "Đã hoàn thành",
        "program": "57-NQ/TW",
        "lead_org": "01",
        "coordinating_orgs": "",
        "assigned_by": "BCDTW",
        "assigned_on": "2025-01-15",
        "deadline": "2025-12-31",
        "kind": "deadline",
        "expected_product": "Nghị định",
        "responsible_person": "",
        "completed_on": "2025-08-01",
        "progress": "100",
        "evidence": "https://most.gov.vn/ket-qua",
        "confidential": "0",
    },
]


def machine_csv(rows: list[dict[str, str]], header: tuple[str, ...] = HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def stored() -> list[tuple[Any, ...]]:
    return list(
        Task.objects.order_by("code").values_list(
            "code",
            "title",
            "kind",
            "deadline",
            "assigned_on",
            "completed_on",
            "progress",
            "is_confidential",
            "lead_org__code",
            "responsible_person",
        )
    )


def page_export(user: User, fmt: str, language: str = "vi") -> bytes:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/tasks/export/", {"format": fmt})
    assert response.status_code == 200
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def table(data: bytes) -> list[list[Any]]:
    """The cells of an exported file, header first."""
    if data[:4] == b"PK\x03\x04":
        sheet = load_workbook(io.BytesIO(data)).worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture
def tasks(db: Any, make_user: Callable[..., User], program: Any) -> User:
    """Three tasks brought in by a machine file; the secretariat who exports them."""
    with time_machine.travel(TODAY, tick=False):
        report = tasks_import(SYSTEM, io.BytesIO(machine_csv(MACHINE_ROWS)))
    assert report.created == 3
    return make_user("BCDTW", "secretariat")


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_page_export_in_vietnamese_reads_as_words_and_imports_back_unchanged(
    tasks: User, fmt: str, tmp_path: Path, api: Callable[..., APIClient]
) -> None:
    before = stored()
    data = page_export(tasks, fmt)
    header, *rows = table(data)
    assert header[:6] == [
        "Mã nhiệm vụ",
        "Tên nhiệm vụ",
        "Chương trình",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Cơ quan giao nhiệm vụ",
    ]
    assert "Hạn hoàn thành" in header
    assert "Loại nhiệm vụ" in header
    by_code = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_code["NV-A"]["Loại nhiệm vụ"] == "Có thời hạn"
    assert by_code["NV-B"]["Loại nhiệm vụ"] == "Thường xuyên (không có thời hạn)"
    assert by_code["NV-A"]["Tình trạng"] == "Quá hạn"
    assert by_code["NV-C"]["Tình trạng"] == "Hoàn thành đúng hạn"
    assert by_code["NV-B"]["Mật"] == "Có"
    assert by_code["NV-A"]["Mật"] == "Không"
    if fmt == "csv":
        assert by_code["NV-A"]["Hạn hoàn thành"] == "30/06/2025"
        assert by_code["NV-C"]["Ngày hoàn thành"] == "01/08/2025"
    else:
        sheet = load_workbook(io.BytesIO(data)).worksheets[0]
        column = header.index("Hạn hoàn thành")
        cell: Any = next(
            row[column] for row in sheet.iter_rows(min_row=2) if row[0].value == "NV-A"
        )
        assert (cell.is_date, cell.number_format) == (True, "dd/mm/yyyy")
        assert cell.value == datetime(2025, 6, 30)
    # Back through each way in: the service (the page's), the command and the API.
    report = tasks_import(SYSTEM, io.BytesIO(data))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    path = tmp_path / f"tasks.{fmt}"
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import_tasks", str(path), stdout=out)
    assert "3 rows: 0 created, 0 updated, 3 unchanged" in out.getvalue()
    answer = api(tasks).post(
        "/api/v1/tasks/import/",
        {"file": SimpleUploadedFile(path.name, data)},
        format="multipart",
    )
    assert answer.status_code == 200, answer.content
    assert (answer.json()["created"], answer.json()["updated"]) == (0, 0)
    assert stored() == before


@time_machine.travel(TODAY, tick=False)
def test_the_page_export_in_english_has_english_labels_and_words(tasks: User) -> None:
    header, *rows = table(page_export(tasks, "csv", language="en"))
    assert header[:3] == ["Task code", "Task title", "Programme"]
    kinds = {row[0]: row[header.index("Task kind")] for row in rows}
    assert kinds == {
        "NV-A": "With a deadline",
        "NV-B": "Regular (ongoing)",
        "NV-C": "With a deadline",
    }
    assert tasks_import(SYSTEM, io.BytesIO(page_export(tasks, "csv", "en"))).unchanged == 3


PEOPLE_HEADER = (
    "  MÃ NHIỆM VỤ ",  # case and surrounding spaces
    "ten nhiem vu",  # no diacritics
    "Chương trình",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Cơ quan giao nhiệm vụ",
    "Ngày giao",
    "Hạn hoàn thành",
    "Loại nhiệm vụ",
    "Sản phẩm",
    "Người chịu trách nhiệm",
    "Ngày hoàn thành",
    "Tiến độ (%)",
    "Mật",
)


def people_csv(*lines: str) -> bytes:
    return ("\n".join([",".join(PEOPLE_HEADER), *lines]) + "\n").encode()


@time_machine.travel(TODAY, tick=False)
def test_a_file_with_the_vietnamese_header_and_words_imports_by_every_way(
    program: Any, tmp_path: Path, make_user: Callable[..., User], api: Callable[..., APIClient]
) -> None:
    data = people_csv(
        "NV-1,Nhiệm vụ một,57-NQ/TW,BKHCN,Hà Nội,BCDTW,15/01/2025,31/12/2025,Có thời hạn,"
        ",,,10,Không",
        "NV-2,Nhiệm vụ hai,57-NQ/TW,BYT,,BCDTW,15/01/2025,,thuong xuyen,,,,,có",
        "NV-3,Nhiệm vụ ba,57-NQ/TW,BYT,,BCDTW,15/01/2025,,Regular (ongoing),,,,,No",
    )
    path = tmp_path / "nhiem-vu.csv"
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import_tasks", str(path), "--dry-run", stdout=out)
    assert "3 rows: 3 created" in out.getvalue()
    answer = api(make_user("BCDTW", "secretariat")).post(
        "/api/v1/tasks/import/",
        {"file": SimpleUploadedFile(path.name, data)},
        format="multipart",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["created"] == 3
    out = io.StringIO()
    call_command("import_tasks", str(path), stdout=out)
    assert "3 rows: 0 created, 0 updated, 3 unchanged" in out.getvalue()
    tasks = {task.code: task for task in Task.objects.all()}
    assert tasks["NV-1"].kind == "deadline"
    assert tasks["NV-1"].deadline == date(2025, 12, 31)
    assert tasks["NV-1"].progress == 10
    assert not tasks["NV-1"].is_confidential
    assert [org.code for org in tasks["NV-1"].coordinating_orgs.all()] == ["01"]
    assert tasks["NV-2"].kind == "regular"
    assert tasks["NV-2"].is_confidential
    assert tasks["NV-3"].kind == "regular"
    assert not tasks["NV-3"].is_confidential


@time_machine.travel(TODAY, tick=False)
def test_the_keys_and_codes_still_import(program: Any) -> None:
    report = tasks_import(SYSTEM, io.BytesIO(machine_csv(MACHINE_ROWS)))
    assert report.created == 3
    assert Task.objects.get(code="NV-B").kind == "regular"


@time_machine.travel(TODAY, tick=False)
def test_a_mixed_up_file_is_refused_naming_the_line_and_the_column_as_the_file_did(
    program: Any,
) -> None:
    data = people_csv(
        "NV-1,Nhiệm vụ một,57-NQ/TW,BKHCN,,BCDTW,15/01/2025,31/12/2025,Có thời hạn,,,,10,",
        "NV-2,Nhiệm vụ hai,57-NQ/TW,BKHCN,,BCDTW,31/02/2025,31/12/2025,đôi khi,,,,10,",
    )
    with pytest.raises(ImportRejected) as refused:
        tasks_import(SYSTEM, io.BytesIO(data))
    problems = refused.value.report.problems
    assert problems[:2] == [
        "line 3: Ngày giao: invalid date '31/02/2025'",
        "line 3: Loại nhiệm vụ: unknown kind 'đôi khi' (deadline or regular)",
    ]
    assert all(problem.startswith("line 3: ") for problem in problems)
    # In Vietnamese, the whole message is.
    with translation.override("vi"), pytest.raises(ImportRejected) as refused:
        tasks_import(SYSTEM, io.BytesIO(data))
    assert refused.value.report.problems[0].startswith("dòng 3: Ngày giao: ")
    assert not Task.objects.exists()
    # A header of labels missing one names it by its label.
    missing = ",".join(h for h in PEOPLE_HEADER if h != "Hạn hoàn thành") + "\n"
    with pytest.raises(ImportRejected) as refused:
        tasks_import(SYSTEM, io.BytesIO(missing.encode()))
    assert refused.value.report.problems[0].startswith(
        "line 1: header: missing column(s) Hạn hoàn thành (expected: Mã nhiệm vụ, "
    )


def readme_header() -> str:
    text = README.read_text()
    block = text[text.index("The exchange format (CSV") :]
    found = re.search(r"```\n(.+?)\n```", block)
    assert found
    return found[1]


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_api_and_the_command_keep_the_readme_header_codes_and_iso_dates(
    tasks: User, api: Callable[..., APIClient], tmp_path: Path, fmt: str
) -> None:
    assert readme_header() == ",".join(HEADER)
    response = api(tasks).get("/api/v1/tasks/export/", {"format": fmt})
    from_api = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    out = tmp_path / f"tasks.{fmt}"
    call_command("export_tasks", str(out), "--format", fmt)
    for data in (from_api, out.read_bytes()):
        if fmt == "csv":
            first_line = data.decode().split("\n", 1)[0]
            assert first_line == "\ufeff" + readme_header()
        header, *rows = table(data)
        assert ",".join(header) == readme_header()
        cells = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
        assert cells["NV-B"]["kind"] == "regular"
        assert cells["NV-A"]["status"] == "overdue"
        if fmt == "csv":
            assert cells["NV-A"]["deadline"] == "2025-06-30"
            assert cells["NV-B"]["confidential"] == "True"


def test_a_command_reading_a_bad_people_file_names_the_line(tmp_path: Path, program: Any) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(people_csv("NV-1,X,57-NQ/TW,BKHCN,,BCDTW,15/01/2025,31/12/2025,hôm qua,,,,,"))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_tasks", str(path), stderr=err)
    assert "line 2: Loại nhiệm vụ: unknown kind 'hôm qua'" in err.getvalue()
