"""Uploads over the pages and the API: damaged and hostile workbooks answer 400 on every
import endpoint, a file past the limit is refused, a failed request leaves no file behind,
and an import nobody confirms is forgotten."""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from nq57.core.errors import ValidationFailed
from nq57.core.tests.uploads_kit import CORRUPT_XLSX, PDF, xlsx_bomb, xlsx_xml_bomb
from nq57.tasks import services
from nq57.tasks.exchange import HEADER
from nq57.tasks.models import Task

pytestmark = pytest.mark.django_db

HOSTILE = {**CORRUPT_XLSX, "a zip bomb": xlsx_bomb(), "an XML bomb": xlsx_xml_bomb()}


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(data: bytes, name: str = "tasks.xlsx") -> io.BytesIO:
    stream = io.BytesIO(data)
    stream.name = name
    return stream


@pytest.mark.parametrize("data", HOSTILE.values(), ids=HOSTILE.keys())
def test_every_import_endpoint_answers_400_with_a_message(
    data: bytes, make_user: Callable[..., Any], api: Callable[..., Any]
) -> None:
    secretariat = make_user("BCDTW", "secretariat")
    page = signed_in(secretariat).post("/tasks/import/", {"file": upload(data)})
    assert page.status_code == 400
    assert "line 1: file: " in page.content.decode()
    client = api(secretariat)
    for url in ("/api/v1/tasks/import/", "/api/v1/indicator-values/import/"):
        started = time.monotonic()
        response = client.post(url, {"file": upload(data)}, format="multipart")
        assert response.status_code == 400, (url, response.content)
        assert response.json()["problems"][0].startswith("line 1: file: ")
        assert time.monotonic() - started < 5


def _stored_files() -> list[Path]:
    root = Path(django_settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_a_refused_report_leaves_no_evidence_file_behind(
    make_task: Callable[..., Task], make_user: Callable[..., Any]
) -> None:
    task = make_task(lead="BKHCN")
    reporter = make_user("BKHCN", "reporter")
    with pytest.raises(ValidationFailed):
        services.progress_report_submit(
            reporter,
            task=task,
            reported_on=date.today(),
            percent=10,
            files=[SimpleUploadedFile("bien-ban.pdf", PDF)],
            links=["javascript:alert(1)"],  # refused after the file was stored
        )
    assert _stored_files() == []
    services.progress_report_submit(
        reporter,
        task=task,
        reported_on=date.today(),
        percent=10,
        files=[SimpleUploadedFile("bien-ban.pdf", PDF)],
    )
    assert len(_stored_files()) == 1


def test_a_file_past_the_limit_is_answered_400_over_the_api(
    settings: Any, make_task: Callable[..., Task], make_user: Callable[..., Any], api: Any
) -> None:
    settings.NQ57_EVIDENCE_MAX_BYTES = 4096
    task = make_task(lead="BKHCN")
    big = PDF + b"%" + b"x" * 10_000 + b"\n"
    response = api(make_user("BKHCN", "reporter")).post(
        f"/api/v1/tasks/{task.pk}/progress-reports/",
        {"reported_on": date.today().isoformat(), "percent": 5, "files": [upload(big, "a.pdf")]},
        format="multipart",
    )
    assert response.status_code == 400
    assert "larger than" in str(response.json())
    assert _stored_files() == []


GOOD = (
    ",".join(HEADER)
    + "\n57-NQ/TW,P-1,Nhiệm vụ,BKHCN,,BCDTW,2025-01-10,2025-12-31,deadline,SP,A,,\n"
)


def _age(path: Path, seconds: int) -> None:
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_an_abandoned_import_preview_expires(
    settings: Any, make_user: Callable[..., Any], program: Any
) -> None:
    settings.NQ57_IMPORT_PREVIEW_MAX_AGE = 600
    client = signed_in(make_user("BCDTW", "secretariat"))
    preview = client.post("/tasks/import/", {"file": upload(GOOD.encode(), "a.csv")})
    token = preview.content.decode().split('name="token" value="')[1].split('"')[0]
    (stored,) = _stored_files()
    _age(stored, 601)
    confirmed = client.post("/tasks/import/confirm/", {"token": token}, follow=True)
    assert "expired" in confirmed.content.decode()
    assert not Task.objects.filter(code="P-1").exists()
    assert _stored_files() == []


def test_old_previews_are_swept_by_the_next_upload_and_the_command(
    settings: Any, make_user: Callable[..., Any], program: Any
) -> None:
    settings.NQ57_IMPORT_PREVIEW_MAX_AGE = 600
    client = signed_in(make_user("BCDTW", "secretariat"))
    client.post("/tasks/import/", {"file": upload(GOOD.encode(), "a.csv")})
    (first,) = _stored_files()
    _age(first, 601)
    client.post("/tasks/import/", {"file": upload(GOOD.encode(), "b.csv")})
    (second,) = _stored_files()
    assert second != first
    _age(second, 601)
    out = io.StringIO()
    call_command("expire_import_previews", stdout=out)
    assert out.getvalue().strip() == "1 preview(s) removed"
    assert _stored_files() == []
