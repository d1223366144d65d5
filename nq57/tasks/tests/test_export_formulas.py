"""Task titles that look like formulas leave as text and come back unchanged."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from nq57.core.actors import SYSTEM
from nq57.tasks.exchange import tasks_import
from nq57.tasks.models import Task

pytestmark = pytest.mark.django_db

TITLE = '=HYPERLINK("http://evil.example/","Bấm vào đây")'


def _export(user: Any, fmt: str) -> bytes:
    client = Client()
    client.force_login(user)
    response = client.get(f"/tasks/export/?format={fmt}")
    assert response.status_code == 200
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_formula_title_is_neutralised_and_re_imports_to_the_same_text(
    fmt: str, make_task: Callable[..., Task], make_user: Callable[..., Any]
) -> None:
    make_task(title=TITLE, code="NV-F1")
    data = _export(make_user("BCDTW", "secretariat"), fmt)
    if fmt == "csv":
        assert "=HYPERLINK" in data.decode()
        assert ",=HYPERLINK" not in data.decode()
        assert ',"=HYPERLINK' not in data.decode()
    else:
        sheet = load_workbook(io.BytesIO(data)).worksheets[0]
        titles = [row[1] for row in sheet.iter_rows(min_row=2)]
        assert [(cell.data_type, cell.value) for cell in titles] == [("s", "'" + TITLE)]
    Task.objects.filter(code="NV-F1").update(title="changed")
    tasks_import(SYSTEM, io.BytesIO(data))
    assert Task.objects.get(code="NV-F1").title == TITLE
