"""Issue 15: every export a page offers is for people. Each column has a label that is no
code, in Vietnamese and English; no cell of a page export in Vietnamese holds an ISO date, a
number of four digits or more left ungrouped, or a stored code."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell

from nq57.accounts.models import User
from nq57.core.actors import SYSTEM
from nq57.core.exchange import Layout
from nq57.feedback import services as feedback_services
from nq57.feedback.choices import ItemStatus, Kind
from nq57.feedback.exchange import FEEDBACK
from nq57.feedback.models import Field
from nq57.indicators.choices import ProgressStatus
from nq57.indicators.selectors.figures import NOT_YET_APPROVED
from nq57.indicators.services import catalogue_load, value_set
from nq57.indicators.views import EXPORT as INDICATOR_EXPORT
from nq57.tasks.choices import STATUS_LABELS, TaskKind
from nq57.tasks.exchange import TASKS
from nq57.tasks.models import Task

pytestmark = pytest.mark.django_db

PEOPLE_LAYOUTS: dict[str, Layout] = {
    "tasks": TASKS,
    "indicator": INDICATOR_EXPORT,
    "feedback": FEEDBACK,
}
SNAKE_CASE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)+")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A quantity of four digits or more without grouping (an identifier such as a phone number
# or an organisation code starts with 0 and is not one).
UNGROUPED = re.compile(r"-?[1-9]\d{3,}([.,]\d+)?")
CODES = {
    *TaskKind.values,
    *STATUS_LABELS,
    *Kind.values,
    *ItemStatus.values,
    *ProgressStatus.values,
    NOT_YET_APPROVED,
}


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("name", list(PEOPLE_LAYOUTS))
def test_every_column_of_a_people_export_has_a_label_that_is_no_code(
    name: str, language: str
) -> None:
    layout = PEOPLE_LAYOUTS[name]
    with translation.override(language):
        titles = layout.titles
    for column, title in zip(layout.columns, titles, strict=True):
        assert column.label, column.key
        assert not SNAKE_CASE.fullmatch(title), (name, language, title)
        assert title.strip() == title
        assert title
    assert len(set(titles)) == len(titles)


def problem_of(text: str) -> str | None:
    """Why a cell's text is not for people, if it is not."""
    text = text.strip()
    if ISO_DATE.search(text):
        return "an ISO date"
    if UNGROUPED.fullmatch(text):
        return "an ungrouped number"
    if SNAKE_CASE.fullmatch(text) or text in CODES:
        return "a code"
    return None


@pytest.fixture
def dataset(make_task: Callable[..., Task]) -> None:
    """Tasks of every kind, indicator values in the thousands, a feedback item."""
    make_task("BKHCN", coordinating=("01",))
    make_task("BYT", kind="regular", is_confidential=True)
    catalogue_load(SYSTEM)
    for org, total, online in [("BKHCN", 12500, 7300), ("01", 4321, 1290)]:
        value_set(SYSTEM, element="records_total", org=org, period="202503", value=total)
        value_set(SYSTEM, element="records_online", org=org, period="202503", value=online)
    field = Field.objects.create(
        code="digital_transformation", name_vi="Chuyển đổi số", name_en="Digital"
    )
    feedback_services.item_submit(
        User.objects.create_user(username="dan", password=None),
        kind="recommendation",
        field=field,
        title="Đề nghị ký số trên điện thoại",
        content="Đề nghị cho phép ký số trên điện thoại cho mọi thủ tục hành chính.",
        contact_name="Trần Thị B",
        contact_email="b@example.vn",
    )


def page_exports(client: Client) -> dict[str, bytes]:
    urls = {
        "tasks.csv": "/tasks/export/?format=csv",
        "tasks.xlsx": "/tasks/export/?format=xlsx",
        "indicator.xlsx": "/indicators/online_records_rate/export.xlsx?period=2025",
        "feedback.csv": "/feedback/export.csv",
    }
    found = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        found[name] = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return found


@time_machine.travel("2025-04-15 09:00 +07:00", tick=False)
def test_no_cell_of_a_page_export_in_vietnamese_is_for_machines(
    dataset: None, make_user: Callable[..., Any]
) -> None:
    client = Client()
    client.force_login(make_user("BCDTW", "secretariat"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    large_numbers = 0
    dates = 0
    for name, data in page_exports(client).items():
        if name.endswith(".csv"):
            rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
            assert len(rows) > 1, name
            for line, row in enumerate(rows, start=1):
                for text in row:
                    assert problem_of(text) is None, (name, line, text, problem_of(text))
                    dates += bool(re.fullmatch(r"\d{2}/\d{2}/\d{4}", text))
            continue
        sheet = load_workbook(io.BytesIO(data)).worksheets[0]
        assert sheet.max_row > 1, name
        for cells in sheet.iter_rows():
            for cell in cells:
                assert isinstance(cell, Cell)
                if cell.is_date:
                    assert cell.number_format == "dd/mm/yyyy", (name, cell.coordinate)
                    dates += 1
                elif isinstance(cell.value, int | float):
                    assert cell.number_format.startswith("#,##0"), (name, cell.coordinate)
                    large_numbers += abs(cell.value) >= 1000
                elif cell.value is not None:
                    text = str(cell.value)
                    assert problem_of(text) is None, (name, cell.coordinate, text)
    # The dataset puts the rules to the test: numbers in the thousands, dates.
    assert large_numbers > 0
    assert dates > 0


def test_the_rules_catch_what_they_should() -> None:
    assert problem_of("2025-12-31") == "an ISO date"
    assert problem_of("1290") == "an ungrouped number"
    assert problem_of("59.76") is None
    assert problem_of("1.290") is None
    assert problem_of("in_progress") == "a code"
    assert problem_of("regular") == "a code"
    assert problem_of("Thường xuyên") is None
    assert problem_of("0912345678") is None
