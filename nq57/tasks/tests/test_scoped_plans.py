"""A ministry's, a province's or a commune's reads go through indexes, not the whole task table
(issue 13: the scope as lead OR assigner OR coordinator made PostgreSQL read every task)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nq57.orgs.models import Organization
from nq57.tasks.models import Program, Task, TaskCoordination

# Enough rows that reading them all costs the planner more than a few index look-ups for a
# scope holding a small share of them (a commune's, a ministry's here). A scope with several
# per cent of all tasks may still be read whole at the default random_page_cost: see
# docs/production/scoped-reads.md.
TASKS = 20_000
READS = {
    "summary": ("/api/v1/tasks/summary/", {"as_of": "2025-12-31"}),
    "overdue list": ("/api/v1/tasks/", {"status": "overdue", "as_of": "2025-12-31"}),
}


def spread_tasks(program: Program) -> None:
    """TASKS tasks led round-robin by every organisation that may lead, all assigned by the
    steering committee, every tenth coordinated by another organisation."""
    leads = list(Organization.objects.exclude(kind="steering_committee").order_by("path"))
    committee = Organization.objects.get(code="BCDTW")
    tasks = [
        Task(
            program=program,
            code=f"P-{number}",
            title="t",
            lead_org=lead,
            assigned_by=committee,
            assigned_on=date(2025, 1, 15),
            deadline=date(2025, 6, 30 - number % 2 * 29),
        )
        for number, lead in zip(range(TASKS), itertools.cycle(leads), strict=False)
    ]
    Task.objects.bulk_create(tasks, batch_size=5_000)
    TaskCoordination.objects.bulk_create(
        (
            TaskCoordination(task=task, organization=leads[(number * 7) % len(leads)])
            for number, task in enumerate(tasks)
            if number % 10 == 0 and leads[(number * 7) % len(leads)] != task.lead_org
        ),
        batch_size=5_000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE tasks_task, tasks_taskcoordination, orgs_organization")


def plans_of(queries: list[dict[str, Any]]) -> list[str]:
    """EXPLAIN of every statement that reads tasks (the captured SQL has its values in)."""
    plans = []
    with connection.cursor() as cursor:
        for query in queries:
            if '"tasks_task"' in query["sql"] and query["sql"].startswith("SELECT"):
                cursor.execute("EXPLAIN " + query["sql"])
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_scoped_reads_do_not_scan_the_task_table(
    program: Program, make_user: Callable[..., Any], api: Callable[..., Any]
) -> None:
    spread_tasks(program)
    ministry = Organization.objects.filter(kind="ministry").order_by("code").first()
    commune = Organization.objects.filter(kind="commune").order_by("path").first()
    assert ministry is not None
    assert commune is not None
    for org in (ministry, commune):
        client = api(make_user(org.code, "reporter"))
        subtree = Organization.objects.subtree_of(org)
        expected = (
            Task.objects.filter(lead_org__in=subtree)
            .union(Task.objects.filter(coordinations__organization__in=subtree))
            .count()
        )
        for read, (url, params) in READS.items():
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url, params)
            assert response.status_code == 200
            if read == "summary":
                assert response.json()["total"] == expected
            plans = plans_of(captured.captured_queries)
            assert plans, read
            for plan in plans:
                assert "Seq Scan on tasks_task " not in plan, f"{org.code} {read}:\n{plan}"
