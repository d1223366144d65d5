"""The dashboard's lists of tasks falling due and of stale tasks, read in parts for speed, are
exactly what one plain query over the status rule returns."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import time_machine
from django.db.models import F

from nq57.core.actors import SYSTEM
from nq57.tasks import services
from nq57.tasks.models import Task
from nq57.tasks.selectors import attention, status_sql

TODAY = date(2025, 12, 4)


def varied(make_task: Callable[..., Task], make_user: Callable[..., Any]) -> None:
    """Deadlines every few days around the dates asked, some completed, some extended later,
    some reported on."""
    approver = make_user("BCDTW", "approver")
    tasks = [
        make_task(
            ["BKHCN", "01", "79"][index % 3],
            assigned_on=date(2025, 1, 1) + timedelta(days=index * 7),
            deadline=date(2025, 3, 1) + timedelta(days=index * 9),
        )
        for index in range(36)
    ]
    with time_machine.travel(date(2025, 5, 20), tick=False):
        for task in tasks[:18:5]:
            services.completion_request(SYSTEM, task=task, links=["https://example.gov.vn/a"])
            services.completion_confirm(approver, task=task, evidence_checked=True)
    for day, task in ((date(2025, 6, 10), tasks[3]), (date(2025, 9, 1), tasks[16])):
        assert task.deadline is not None
        with time_machine.travel(day, tick=False):
            request = services.extension_request(
                SYSTEM,
                task=task,
                requested_deadline=task.deadline + timedelta(days=120),
                reason="Chờ nguồn vốn",
            )
            services.extension_approve(approver, request=request)
    Task.objects.filter(pk__in=[t.pk for t in tasks[1::4]]).update(
        progress_reported_on=date(2025, 11, 30)
    )
    Task.objects.filter(pk__in=[t.pk for t in tasks[2::6]]).update(
        progress_reported_on=date(2025, 10, 1)
    )


@time_machine.travel(TODAY, tick=False)
def test_tasks_falling_due_are_those_of_the_rule_in_deadline_order(
    make_task: Callable[..., Task], make_user: Callable[..., Any]
) -> None:
    varied(make_task, make_user)
    everything = Task.objects.all()
    for as_of in (date(2025, 5, 1), date(2025, 6, 1), date(2025, 8, 20), TODAY):
        due_bys = [as_of + timedelta(days=7), as_of + timedelta(days=30), as_of + timedelta(100)]
        for limit in (3, 50):
            counts, first = attention.due_soon(everything, as_of, due_bys, limit)
            plain = status_sql.with_status_terms(everything, as_of)
            assert counts == [
                plain.filter(status_sql.due_by_condition(as_of, due_by)).count()
                for due_by in due_bys
            ]
            assert counts == [
                status_sql.due_by_count(everything, as_of, due_by) for due_by in due_bys
            ]
            expected = plain.filter(status_sql.due_by_condition(as_of, due_bys[-1])).order_by(
                "deadline", "pk"
            )[:limit]
            assert [task.pk for task in first] == [task.pk for task in expected]
        assert counts[-1] > 0


@time_machine.travel(TODAY, tick=False)
def test_stale_tasks_are_those_of_the_rule_never_reported_first(
    make_task: Callable[..., Task], make_user: Callable[..., Any]
) -> None:
    varied(make_task, make_user)
    everything = Task.objects.all()
    for days in (1, 7, 30, 90):
        for limit in (4, 50):
            expected = (
                everything.filter(attention.stale_condition(TODAY, days))
                .order_by(F("progress_reported_on").asc(nulls_first=True), "pk")
                .values_list("pk", flat=True)[:limit]
            )
            found = attention.stale_tasks(everything, TODAY, days, limit)
            assert [task.pk for task in found] == list(expected)
