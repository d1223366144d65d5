"""Issue 11 item 6: an export as of a date gives each task's status, deadline in force,
completion and progress as of that date, through the page, the API and the command; the
import still reads an exported file, and files without the status column as before."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from nq57.accounts.models import User
from nq57.core.actors import SYSTEM
from nq57.core.exchange import parse_date
from nq57.tasks import services
from nq57.tasks.choices import STATUS_LABELS
from nq57.tasks.exchange import HEADER, read_rows, tasks_import
from nq57.tasks.models import Task

pytestmark = pytest.mark.django_db

TODAY = date(2025, 12, 4)


@pytest.fixture
def history(make_task: Callable[..., Task], make_user: Callable[..., User]) -> dict[str, Task]:
    """An extended task reported on twice, a task completed in August, a regular task, and a
    task assigned only in October."""
    reporter = make_user("BKHCN", "reporter")
    approver = make_user("BCDTW", "approver")
    extended = make_task(
        "BKHCN", code="NV-EXT", assigned_on=date(2025, 2, 1), deadline=date(2025, 6, 30)
    )
    for day, percent in ((date(2025, 4, 10), 40), (date(2025, 7, 1), 70)):
        with time_machine.travel(day, tick=False):
            services.progress_report_submit(
                reporter, task=extended, reported_on=day, percent=percent
            )
    with time_machine.travel(date(2025, 6, 1), tick=False):
        request = services.extension_request(
            SYSTEM, task=extended, requested_deadline=date(2025, 12, 31), reason="Chờ vốn"
        )
        services.extension_approve(approver, request=request)
    done = make_task("01", code="NV-DONE", assigned_on=date(2025, 2, 1), deadline=date(2025, 9, 30))
    # Completed straight in the data: the export, not the completion workflow, is under test.
    Task.objects.filter(pk=done.pk).update(completed_on=date(2025, 8, 1), progress=100)
    regular = make_task("79", code="NV-REG", assigned_on=date(2025, 2, 1), kind="regular")
    late = make_task("BTC", code="NV-LATE", assigned_on=date(2025, 10, 1))
    return {"extended": extended, "done": done, "regular": regular, "late": late}


# Per date: code -> (status, deadline, completed_on, progress) as the export writes them.
EXPECTED = {
    "2025-05-01": {
        "NV-EXT": ("in_progress", "2025-06-30", "", "40"),
        "NV-DONE": ("in_progress", "2025-09-30", "", "0"),
        "NV-REG": ("regular", "", "", "0"),
        "NV-LATE": ("", "2025-12-31", "", "0"),
    },
    "2025-07-15": {
        "NV-EXT": ("in_progress", "2025-12-31", "", "70"),
        "NV-DONE": ("in_progress", "2025-09-30", "", "0"),
        "NV-REG": ("regular", "", "", "0"),
        "NV-LATE": ("", "2025-12-31", "", "0"),
    },
    "": {  # today
        "NV-EXT": ("in_progress", "2025-12-31", "", "70"),
        "NV-DONE": ("completed_on_time", "2025-09-30", "2025-08-01", "100"),
        "NV-REG": ("regular", "", "", "0"),
        "NV-LATE": ("in_progress", "2025-12-31", "", "0"),
    },
}


def as_table(content: bytes) -> dict[str, tuple[str, ...]]:
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows
    assert tuple(rows[0]) == HEADER
    assert "status" in HEADER
    return {
        row["code"]: (row["status"], row["deadline"], row["completed_on"], row["progress"])
        for row in rows
    }


def as_table_for_people(content: bytes) -> dict[str, tuple[str, ...]]:
    """The page's export (labels, words, dd/mm/yyyy) read back as the machine's values."""
    codes = {str(label): code for code, label in STATUS_LABELS.items()}
    rows = list(read_rows(io.BytesIO(content)))
    assert rows

    def iso(value: str) -> str:
        day = parse_date(value)
        return day.isoformat() if day else ""

    return {
        row.cells["code"]: (
            codes.get(row.cells["status"], row.cells["status"]),
            iso(row.cells["deadline"]),
            iso(row.cells["completed_on"]),
            row.cells["progress"],
        )
        for row in rows
    }


def streamed(response: Any) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("as_of", list(EXPECTED))
def test_the_export_as_of_a_date_is_the_tasks_as_they_stood(
    history: dict[str, Task],
    make_user: Callable[..., User],
    api: Callable[..., APIClient],
    tmp_path: Path,
    as_of: str,
) -> None:
    secretariat = make_user("BCDTW", "secretariat")
    page = Client()
    page.force_login(secretariat)
    from_page = as_table_for_people(streamed(page.get("/tasks/export/", {"as_of": as_of})))
    from_api = as_table(streamed(api(secretariat).get("/api/v1/tasks/export/", {"as_of": as_of})))
    out = tmp_path / "tasks.csv"
    call_command("export_tasks", str(out), *(["--as-of", as_of] if as_of else []))
    from_command = as_table(out.read_bytes())
    assert from_page == EXPECTED[as_of]
    assert from_api == EXPECTED[as_of]
    assert from_command == EXPECTED[as_of]
    # The status column is the list's status as of the same date.
    listed = api(secretariat).get("/api/v1/tasks/", {"as_of": as_of}).json()["results"]
    assert {row["code"]: row["status"] or "" for row in listed} == {
        code: values[0] for code, values in EXPECTED[as_of].items()
    }


@time_machine.travel(TODAY, tick=False)
def test_an_exported_file_imports_unchanged_and_an_old_one_without_status_as_before(
    history: dict[str, Task], make_user: Callable[..., User], api: Callable[..., APIClient]
) -> None:
    client = api(make_user("BCDTW", "secretariat"))
    exported = streamed(client.get("/api/v1/tasks/export/"))
    report = tasks_import(SYSTEM, io.BytesIO(exported))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
    # A file of the format before the status column: the same rows, the column left out.
    rows = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"))))
    old_header = [key for key in HEADER if key != "status"]
    out = io.StringIO()
    writer = csv.DictWriter(out, old_header, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "code": f"{row['code']}-OLD"})
    report = tasks_import(SYSTEM, io.BytesIO(out.getvalue().encode()))
    assert report.created == 4
    # A status cell says nothing to the import: a wrong one changes nothing.
    text = exported.decode("utf-8-sig")
    assert ",completed_on_time" in text
    edited = text.replace(",completed_on_time", ",overdue")
    report = tasks_import(SYSTEM, io.BytesIO(edited.encode()))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
