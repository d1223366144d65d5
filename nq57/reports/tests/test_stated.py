"""A report's stated record: every section read as its own pages read it, a section with no
data left out rather than failing, and a record checked later against the live data names
exactly the figures that no longer hold."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from nq57.budget import services as budget
from nq57.core.actors import SYSTEM
from nq57.orgs.models import Organization
from nq57.reports.sections import report_figures
from nq57.reports.stated import Difference, differences, digest, stated
from nq57.tasks.models import Task

pytestmark = pytest.mark.django_db
AS_OF = date(2025, 12, 4)


def test_with_no_data_every_section_says_nothing_and_nothing_fails() -> None:
    found = report_figures(AS_OF)
    assert (found.registry, found.budget, found.behind) == (None, None, [])
    record = stated(found)
    assert record["tasks.total"] == record["tasks.remaining"] == 0
    assert not any(name.startswith(("budget.", "registry.", "behind.")) for name in record)
    assert differences(record) == []


def test_the_organisations_furthest_behind_come_first(make_task: Callable[..., Task]) -> None:
    for _ in range(3):
        make_task(lead="BTC", deadline=date(2025, 11, 1))
    make_task(lead="BCA", deadline=date(2025, 11, 1))
    make_task(lead="BCA", deadline=date(2026, 11, 1))
    make_task(lead="BYT", deadline=date(2025, 11, 1))
    behind = report_figures(AS_OF).behind
    # BTC 3 overdue; then BYT and BCA one each, BYT's one of one before BCA's one of two.
    assert [(row.code, row.overdue, row.total) for row in behind] == [
        ("BTC", 3, 3),
        ("BYT", 1, 1),
        ("BCA", 1, 2),
    ]


def test_a_record_checked_later_names_the_figures_that_changed(
    make_task: Callable[..., Task],
) -> None:
    make_task(lead="BTC", deadline=date(2025, 11, 1))
    make_task(lead="BCA", deadline=date(2025, 12, 20))
    common: dict[str, Any] = {
        "year": 2025,
        "organization": Organization.objects.get(code="BCA"),
        "programme": budget.programme_get_or_create(SYSTEM, code="NQ57"),
    }
    budget.entry_record(SYSTEM, **common, stage="proposed", amount=9149, dated=date(2025, 12, 1))
    record = stated(report_figures(AS_OF))
    assert (record["tasks.overdue"], record["tasks.falling_due"], record["tasks.remaining"]) == (
        1,
        1,
        2,
    )
    assert record["budget.proposed"] == 9149
    assert differences(record) == []
    # Later: a task assigned before the report's day is entered, and a proposal dated before
    # it; what the report stated of the day no longer holds, figure by figure.
    make_task(lead="BYT", assigned_on=date(2025, 6, 1), deadline=date(2025, 11, 15))
    budget.entry_record(SYSTEM, **common, stage="proposed", amount=10_000, dated=date(2025, 12, 2))
    changed = {found.name: found for found in differences(record)}
    assert changed["tasks.total"] == Difference("tasks.total", 2, 3)
    assert changed["tasks.overdue"] == Difference("tasks.overdue", 1, 2)
    assert changed["tasks.remaining"] == Difference("tasks.remaining", 2, 3)
    assert changed["budget.proposed"] == Difference("budget.proposed", 9149, 10_000)
    assert "tasks.falling_due" not in changed
    # A later day's data changes nothing the report stated.
    make_task(lead="BYT", assigned_on=date(2026, 1, 5), deadline=date(2026, 6, 30))
    assert set({found.name for found in differences(record)}) == set(changed)


def test_the_digest_is_of_the_content_not_its_order() -> None:
    record = stated(report_figures(AS_OF))
    assert digest(dict(reversed(list(record.items())))) == digest(record)
    assert digest({**record, "tasks.total": 1}) != digest(record)
