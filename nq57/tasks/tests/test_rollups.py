"""The rollups answer exactly what counting the tasks answers, after every kind of write."""

from __future__ import annotations

import io
import random
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.db.models import Sum
from hypothesis import given, settings
from hypothesis import strategies as st

from nq57.core.actors import SYSTEM
from nq57.orgs.models import Organization
from nq57.tasks import rollups, services
from nq57.tasks.exchange import ImportRejected, tasks_import, write_csv
from nq57.tasks.models import MonthlyStatusDelta, Program, StatusDelta, Task
from nq57.tasks.selectors.summaries import SummaryQuery, rollups_answer, task_summary

pytestmark = pytest.mark.django_db

CENTRAL_LEADS = ["BKHCN", "BYT", "NHNN", "01", "79"]


def leads() -> list[str]:
    """Ministries, two provinces and a few of their communes."""
    communes = [
        code
        for parent in ("01", "79")
        for code in Organization.objects.filter(parent__code=parent)
        .order_by("code")
        .values_list("code", flat=True)[:2]
    ]
    return CENTRAL_LEADS + communes


FIRST = date(2025, 1, 1)


def random_rows(rng: random.Random, count: int) -> list[dict[str, Any]]:
    rows = []
    lead_codes = leads()
    for number in range(count):
        assigned = FIRST + timedelta(days=rng.randrange(300))
        regular = rng.random() < 0.15
        deadline = None if regular else assigned + timedelta(days=rng.randrange(0, 200))
        completed = (
            assigned + timedelta(days=rng.randrange(0, 260))
            if deadline and rng.random() < 0.4
            else None
        )
        rows.append(
            {
                "code": f"R-{number}",
                "title": "Nhiệm vụ kiểm thử",
                "program": rng.choice(["57-NQ/TW", "71/NQ-CP"]),
                "lead_org": rng.choice(lead_codes),
                "coordinating_orgs": "",
                "assigned_by": "BCDTW",
                "assigned_on": assigned.isoformat(),
                "deadline": deadline.isoformat() if deadline else "",
                "kind": "regular" if regular else "",
                "expected_product": "Báo cáo",
                "responsible_person": "A",
                "completed_on": completed.isoformat() if completed else "",
                "progress": "0",
            }
        )
    return rows


def load(rng: random.Random, count: int) -> list[dict[str, Any]]:
    rows = random_rows(rng, count)
    reimport(rows)
    return rows


def reimport(rows: list[dict[str, Any]]) -> Any:
    out = io.StringIO()
    write_csv(rows, out)
    return tasks_import(SYSTEM, io.BytesIO(out.getvalue().encode()))


def shifted(rows: list[dict[str, Any]], rng: random.Random) -> list[dict[str, Any]]:
    """The same tasks with assignment dates and deadlines moved, some leads changed."""
    moved = []
    for row in rows:
        row = dict(row)
        days = rng.randrange(-40, 1)  # earlier: later could pass a confirmed completion
        assigned = date.fromisoformat(row["assigned_on"]) + timedelta(days=days)
        row["assigned_on"] = assigned.isoformat()
        if row["deadline"]:
            row["deadline"] = (assigned + timedelta(days=rng.randrange(0, 150))).isoformat()
        if row["completed_on"] and row["completed_on"] < row["assigned_on"]:
            row["completed_on"] = row["assigned_on"]
        if rng.random() < 0.2:
            row["lead_org"] = rng.choice(leads())
        moved.append(row)
    return moved


def workflow(rng: random.Random) -> None:
    """Extensions, completions, suspensions, withdrawals, a correction and a change of lead,
    through the services."""
    open_tasks = list(Task.objects.filter(kind="deadline", completed_on__isnull=True))
    rng.shuffle(open_tasks)
    for task in open_tasks[:6]:
        assert task.deadline is not None
        with time_machine.travel(
            task.deadline + timedelta(days=rng.randrange(-20, 30)), tick=False
        ):
            request = services.extension_request(
                SYSTEM,
                task=task,
                reason="Lý do",
                requested_deadline=task.deadline + timedelta(days=rng.randrange(1, 90)),
            )
            services.extension_approve(SYSTEM, request=request)
    for task in open_tasks[6:10]:
        services.completion_request(SYSTEM, task=task, links=["https://example.gov.vn/x"])
        with time_machine.travel(
            task.assigned_on + timedelta(days=rng.randrange(0, 250)), tick=False
        ):
            services.completion_confirm(
                SYSTEM, task=Task.objects.get(pk=task.pk), evidence_checked=True
            )
    lifecycle(rng, open_tasks[10:])
    moved = Task.objects.filter(withdrawn_on__isnull=True).order_by("pk").first()
    assert moved is not None
    services.task_update(
        SYSTEM, task=moved, version=moved.version, lead_org=Organization.objects.get(code="79")
    )


def lifecycle(rng: random.Random, open_tasks: list[Task]) -> None:
    """Some tasks on hold for a while, some withdrawn, one deadline corrected."""

    def some_day_after(task: Task, low: int, high: int) -> Any:
        return time_machine.travel(
            task.assigned_on + timedelta(days=rng.randrange(low, high)), tick=False
        )

    for task in open_tasks[:3]:
        with some_day_after(task, 0, 100):
            services.task_suspend(SYSTEM, task=task, reason="Tạm dừng")
        with some_day_after(task, 100, 200):
            services.task_resume(SYSTEM, task=Task.objects.get(pk=task.pk))
    for task in open_tasks[3:5]:
        with some_day_after(task, 0, 300):
            services.task_withdraw(SYSTEM, task=task, reason="Rút")
    for task in open_tasks[5:6]:
        assert task.deadline is not None
        services.task_correct(
            SYSTEM,
            task=task,
            reason="Nhập sai",
            deadline=task.deadline + timedelta(days=rng.randrange(1, 60)),
        )


def queries(rng: random.Random) -> list[SummaryQuery]:
    day = FIRST + timedelta(days=rng.randrange(-10, 500))
    due = day + timedelta(days=rng.randrange(0, 120))
    program = Program.objects.order_by("code").first()
    org = Organization.objects.get(code=rng.choice(leads()))
    root = Organization.objects.get(code=rng.choice(["01", "79", "BKHCN", "BYT"]))
    answered_by_rollups = [
        SummaryQuery(as_of=day),
        SummaryQuery(as_of=day, due_by=due),
        SummaryQuery(as_of=day, due_by=due, by="org"),
        SummaryQuery(as_of=day, due_by=due, by="program"),
        SummaryQuery(as_of=day, program=program, due_by=due),
        SummaryQuery(as_of=day, org=root, due_by=due),
    ]
    assert all(rollups_answer(SYSTEM, q) for q in answered_by_rollups)
    return [
        *answered_by_rollups,
        SummaryQuery(as_of=day, org=org, due_by=due),
        SummaryQuery(as_of=day, org=root, by="program"),
        SummaryQuery(as_of=day, org=root, by="org", due_by=due),
        SummaryQuery(as_of=day, org=org, by="org", due_by=due),
        SummaryQuery(as_of=day, program=program, by="org"),
        SummaryQuery(as_of=day, org=Organization.objects.get(code="01"), program=program),
    ]


def both_ways(query: SummaryQuery) -> tuple[Any, Any]:
    """The answer as the application gives it, and counted on the tasks."""
    return task_summary(SYSTEM, query), task_summary(SYSTEM, query, use_rollups=False)


def stored_deltas(model: Any = StatusDelta) -> Counter[tuple[Any, ...]]:
    rows = model.objects.values_list("scope", "org_id", "program_id", "status", "on_date")
    totals = rows.annotate(total=Sum("delta"))
    return Counter({key[:5]: key[5] for key in totals if key[5]})


def monthly_sums(daily: Counter[tuple[Any, ...]]) -> Counter[tuple[Any, ...]]:
    months: Counter[tuple[Any, ...]] = Counter()
    for (*key, day), delta in daily.items():
        months[(*key, day.replace(day=1))] += delta
    return Counter({key: delta for key, delta in months.items() if delta})


@settings(max_examples=8, deadline=None)
@given(st.integers(0, 10_000))
def test_rollups_agree_with_counting_the_tasks_after_imports_and_workflow(seed: int) -> None:
    rng = random.Random(seed)
    with transaction.atomic():
        rows = load(rng, 60)
        workflow(rng)
        extended = {
            task.code: (task.deadline, task.deadline_since)
            for task in Task.objects.filter(deadlines__source="extension").distinct()
        }
        confirmed = dict(
            Task.objects.filter(completion_requests__status="confirmed").values_list(
                "code", "completed_on"
            )
        )
        # An older copy of the list, dates moved; withdrawn tasks no longer change.
        withdrawn = set(
            Task.objects.filter(withdrawn_on__isnull=False).values_list("code", flat=True)
        )
        report = reimport(shifted([r for r in rows if r["code"] not in withdrawn], rng))
        assert report.updated > 0
        for code, (deadline, _since) in extended.items():
            assert Task.objects.get(code=code).deadline == deadline  # the workflow's stands
        for code, completed_on in confirmed.items():
            assert Task.objects.get(code=code).completed_on == completed_on
        for _ in range(3):
            for query in queries(rng):
                from_rollups, from_tasks = both_ways(query)
                assert from_rollups == from_tasks, query
                if query.by is not None:  # a breakdown's total is its rows' sum: check it
                    alone = task_summary(SYSTEM, replace(query, by=None), use_rollups=False)
                    assert from_tasks[0] == alone[0], query
        incremental = stored_deltas()
        assert stored_deltas(MonthlyStatusDelta) == monthly_sums(incremental)
        rollups.rebuild()
        assert stored_deltas() == incremental
        assert stored_deltas(MonthlyStatusDelta) == monthly_sums(incremental)
        transaction.set_rollback(True)  # each example starts from an empty task table


def test_a_reimport_cannot_move_assignment_past_a_confirmed_completion() -> None:
    rows = random_rows(random.Random(3), 1)
    rows[0].update(kind="", deadline="2025-06-30", completed_on="", assigned_on="2025-01-15")
    reimport(rows)
    task = Task.objects.get()
    services.completion_request(SYSTEM, task=task, links=["https://example.gov.vn/x"])
    with time_machine.travel(date(2025, 3, 1), tick=False):
        services.completion_confirm(SYSTEM, task=Task.objects.get(), evidence_checked=True)
    rows[0]["assigned_on"] = "2025-04-01"
    with pytest.raises(ImportRejected) as failure:
        reimport(rows)
    assert failure.value.report.problems == [
        "line 2: assigned_on: 2025-04-01 is after the completion 2025-03-01 set through "
        "the workflow"
    ]


def test_a_reimport_that_moves_dates_moves_the_counts() -> None:
    rng = random.Random(5)
    rows = random_rows(rng, 30)
    out = io.StringIO()
    write_csv(rows, out)
    tasks_import(SYSTEM, io.BytesIO(out.getvalue().encode()))
    for row in rows:
        if row["deadline"]:
            row["deadline"] = (date.fromisoformat(row["deadline"]) + timedelta(days=40)).isoformat()
        row["lead_org"] = "BYT"
    out = io.StringIO()
    write_csv(rows, out)
    tasks_import(SYSTEM, io.BytesIO(out.getvalue().encode()))
    for query in queries(rng):
        from_rollups, from_tasks = both_ways(query)
        assert from_rollups == from_tasks


def test_a_user_outside_the_organisation_is_counted_on_the_tasks(
    make_user: Any, make_task: Any
) -> None:
    make_task(lead="01", assigned_by="BCDCP")
    make_task(lead="BYT", assigned_by="BCDTW", coordinating=("01",))
    hanoi = make_user("01", "viewer")
    national, _rows = task_summary(hanoi, SummaryQuery(as_of=date(2025, 6, 1)))
    assert national.total == 2  # its own task and the one it coordinates, not the nation's
    everything, _rows = task_summary(SYSTEM, SummaryQuery(as_of=date(2025, 6, 1)))
    assert everything.total == 2
