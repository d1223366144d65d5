"""The report pages: an official downloads the report as of a day in each format, a wrong
day is said by field; anyone verifies a report file, and learns which figures changed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from nq57.reports.demo_key import write_demo_key
from nq57.tasks.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(client: Client, make_user: Callable[..., Any]) -> Client:
    client.force_login(make_user("BTC", "reporter"))
    return client


@pytest.mark.parametrize(("kind", "starts"), [("pdf", b"%PDF"), ("docx", b"PK"), ("xlsx", b"PK")])
def test_an_official_downloads_the_report_in_each_format(
    official: Client, make_task: Callable[..., Task], kind: str, starts: bytes
) -> None:
    make_task(lead="BTC", deadline=date(2025, 11, 1))
    assert official.get("/reports/").status_code == 200
    answer = official.get("/reports/", {"as_of": "04/12/2025", "format": kind})
    assert answer.status_code == 200
    assert answer.content.startswith(starts)
    assert f'filename="bao-cao-nq57-2025-12-04.{kind}"' in answer["Content-Disposition"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"as_of": "31/02/2025", "format": "pdf"}, "as_of"),
        ({"as_of": "04/12/2025", "format": "odt"}, "format"),
        ({"as_of": "04/12/2025", "due_by": "01/12/2025", "format": "pdf"}, "due_by"),
        ({"as_of": "04/12/2025\x00", "format": "pdf"}, "as_of"),
    ],
)
def test_a_wrong_request_is_said_by_field(
    official: Client, query: dict[str, str], field: str
) -> None:
    answer = official.get("/reports/", query)
    assert answer.status_code == 400
    assert f'id="id_{field}-errors"' in answer.content.decode()


def test_anyone_verifies_a_report_and_sees_what_changed(
    client: Client, make_task: Callable[..., Task], tmp_path: Path
) -> None:
    make_task(lead="BTC", deadline=date(2025, 11, 1))
    key = write_demo_key(tmp_path / "k.p12", b"x")
    out = tmp_path / "r.pdf"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("K", "x")
        call_command(
            "progress_report", "--as-of", "2025-12-04", "--output", str(out),
            "--sign-with", str(key), "--passphrase-env", "K",
        )  # fmt: skip

    def verify() -> str:
        upload = SimpleUploadedFile("r.pdf", out.read_bytes(), content_type="application/pdf")
        answer = client.post("/reports/verify/", {"file": upload})
        assert answer.status_code == 200
        return answer.content.decode()

    assert client.get("/reports/verify/").status_code == 200
    page = verify()
    assert 'data-holds="yes"' in page
    assert 'data-intact="yes"' in page
    make_task(lead="BCA", assigned_on=date(2025, 3, 1), deadline=date(2025, 10, 1))
    page = verify()
    assert 'data-holds="no"' in page
    assert 'data-figure="tasks.overdue"' in page


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"%PDF-1.7\nnot a report", "not a readable PDF"),
        (b"plain words", "not a readable PDF"),
        (b"", "empty"),
    ],
)
def test_a_file_that_is_no_report_is_said_not_crashed(
    client: Client, content: bytes, problem: str
) -> None:
    upload = SimpleUploadedFile("x.pdf", content, content_type="application/pdf")
    answer = client.post("/reports/verify/", {"file": upload})
    assert answer.status_code == 400
    assert problem in answer.content.decode()
