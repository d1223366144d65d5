"""The report's task figures are the task summary's, partitioned: the four statuses add up to
the total and their shares to 100.0; what remains is what falls due plus the overdue."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from nq57.core.actors import SYSTEM
from nq57.reports.figures import PARTITION, task_figures
from nq57.tasks.models import Task
from nq57.tasks.services import completion_confirm, completion_request

pytestmark = pytest.mark.django_db
AS_OF = date(2025, 12, 4)


def summary(as_of: date, due_by: date) -> dict[str, Any]:
    out = StringIO()
    call_command(
        "task_summary",
        "--as-of",
        as_of.isoformat(),
        "--due-by",
        due_by.isoformat(),
        "--format",
        "json",
        stdout=out,
    )
    loaded: dict[str, Any] = json.loads(out.getvalue())
    return loaded


def test_the_figures_are_the_summary_s_partitioned(make_task: Callable[..., Task]) -> None:
    # Completed, in progress falling due by the year's end or later, overdue, regular.
    done = make_task(deadline=date(2025, 11, 30))
    with time_machine.travel(date(2025, 11, 20)):
        completion_request(SYSTEM, task=done, links=["https://most.gov.vn/bao-cao"])
        completion_confirm(SYSTEM, task=done, evidence_checked=True)
    make_task(deadline=date(2025, 12, 20))
    make_task(deadline=date(2026, 6, 30))
    make_task(deadline=date(2025, 10, 31))
    make_task(kind="regular", deadline=None)
    found = task_figures(AS_OF)
    expected = summary(AS_OF, date(2025, 12, 31))
    assert (found.total, found.completed, found.in_progress, found.overdue, found.regular) == (
        expected["total"],
        expected["completed"],
        expected["in_progress"],
        expected["overdue"],
        expected["regular"],
    )
    assert found.falling_due == expected["due_by"] == 1
    assert found.remaining == 2  # one falling due, one overdue
    assert sum(getattr(found, key) for key in PARTITION) == found.total == 5
    assert sum(found.shares.values()) == Decimal(100)
    assert found.shares == {
        "completed": Decimal("20.0"),
        "in_progress": Decimal("40.0"),
        "overdue": Decimal("20.0"),
        "regular": Decimal("20.0"),
    }
    # An earlier day is recomputed as of itself: the overdue task was then in progress.
    before = task_figures(date(2025, 10, 1), date(2025, 10, 31))
    assert (before.overdue, before.falling_due) == (0, 1)


def test_no_task_gives_zeros_not_an_error() -> None:
    found = task_figures(AS_OF)
    assert (found.total, found.remaining) == (0, 0)
    assert set(found.shares.values()) == {Decimal("0.0")}
