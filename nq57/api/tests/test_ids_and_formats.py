"""Ids that are not numbers answer 404 on every API path that takes one, text holding a
NUL answers 400, and the task export answers in the format `?format=` names."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

FORGED = ["abc", "1.5", "-1", "%C3%A9", "1e3"]
PATHS = [
    "/api/v1/tasks/{id}/",
    "/api/v1/tasks/{id}/history/",
    "/api/v1/tasks/{id}/progress-reports/",
    "/api/v1/tasks/{id}/extension-requests/",
    "/api/v1/tasks/{id}/completion-request/",
    "/api/v1/tasks/{id}/completion-confirm/",
    "/api/v1/tasks/{id}/withdraw/",
    "/api/v1/extension-requests/{id}/approve/",
    "/api/v1/indicator-forms/{id}/",
    "/api/v1/indicator-forms/{id}/approve/",
    "/api/v1/indicator-forms/{id}/return/",
]


@pytest.mark.parametrize("forged", FORGED)
def test_an_id_that_is_not_a_number_answers_404(
    forged: str, make_user: Callable[..., Any], api: Callable[..., Any]
) -> None:
    client = api(make_user("BCDTW", "secretariat"))
    for path in PATHS:
        url = path.format(id=forged)
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, {}, format="json").status_code in (404, 405), url


def test_text_with_a_nul_answers_400(
    make_user: Callable[..., Any], api: Callable[..., Any], program: Any
) -> None:
    client = api(make_user("BCDTW", "secretariat"))
    response = client.post(
        "/api/v1/tasks/",
        {"program": "57\x00", "lead_org": "BKHCN\x00", "title": "x", "code": "N-1"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) >= {"program", "lead_org"}


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("csv", "text/csv; charset=utf-8"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_the_export_answers_in_the_format_asked(
    fmt: str,
    content_type: str,
    make_task: Callable[..., Any],
    make_user: Callable[..., Any],
    api: Callable[..., Any],
) -> None:
    make_task(code="NV-X1")
    response = api(make_user("BCDTW", "secretariat")).get(f"/api/v1/tasks/export/?format={fmt}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    data = b"".join(response.streaming_content)
    if fmt == "csv":
        assert "NV-X1" in data.decode()
    else:
        sheet = load_workbook(io.BytesIO(data)).worksheets[0]
        assert [row[0].value for row in sheet.iter_rows(min_row=2)] == ["NV-X1"]
