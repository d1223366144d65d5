"""The status rule of DESIGN.md §6 as a pure function, and the SQL counting against it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nq57.orgs.models import Organization
from nq57.tasks.choices import DeadlineSource, TaskKind
from nq57.tasks.models import Program, Task, TaskDeadline, TaskSuspension
from nq57.tasks.selectors.status_sql import annotate_status, filter_by_status, status_counts
from nq57.tasks.status import (
    Deadline,
    Status,
    StatusCounts,
    Suspension,
    TaskFacts,
    count_statuses,
    deadline_in_force,
    share,
    status_on,
    status_timeline,
    timeline_deltas,
)

START = date(2024, 1, 1)
days = st.integers(min_value=0, max_value=900).map(lambda n: START + timedelta(days=n))


@st.composite
def task_facts(draw: Any) -> TaskFacts:
    assigned_on = draw(days)
    is_regular = draw(st.booleans()) and draw(st.booleans())
    original = assigned_on + timedelta(days=draw(st.integers(0, 400)))
    deadlines = [Deadline(assigned_on, original)]
    # Extensions: later approvals, each to a later deadline than the one it replaces.
    for _ in range(draw(st.integers(0, 3))):
        last = deadlines[-1]
        approved = last.effective_on + timedelta(days=draw(st.integers(0, 200)))
        deadlines.append(
            Deadline(approved, last.deadline + timedelta(days=draw(st.integers(1, 200))))
        )
    completed_on = requested_on = None
    if draw(st.booleans()):
        completed_on = assigned_on + timedelta(days=draw(st.integers(0, 700)))
        # Confirmed some days after the lead asked, or brought in from history (no request).
        if draw(st.booleans()):
            waited = draw(st.integers(0, (completed_on - assigned_on).days))
            requested_on = completed_on - timedelta(days=waited)
    suspensions = [] if is_regular else draw(_suspensions(assigned_on, completed_on))
    withdrawn_on = None
    if completed_on is None and draw(st.booleans()) and draw(st.booleans()):
        withdrawn_on = assigned_on + timedelta(days=draw(st.integers(0, 500)))
    return TaskFacts(
        assigned_on=assigned_on,
        is_regular=is_regular,
        completed_on=completed_on,
        deadlines=() if is_regular else tuple(deadlines),
        completion_requested_on=requested_on,
        withdrawn_on=withdrawn_on,
        suspensions=tuple(suspensions),
    )


@st.composite
def _suspensions(draw: Any, assigned_on: date, completed_on: date | None) -> list[Suspension]:
    """Up to two times on hold, one after the other, ended before any completion; the last
    may still be open when the task is not completed."""
    periods: list[Suspension] = []
    start = assigned_on
    for _ in range(draw(st.integers(0, 2))):
        starts_on = start + timedelta(days=draw(st.integers(0, 200)))
        ends_on: date | None = starts_on + timedelta(days=draw(st.integers(0, 200)))
        if completed_on is not None and (ends_on is None or ends_on > completed_on):
            break
        if completed_on is None and draw(st.booleans()) and draw(st.booleans()):
            ends_on = None
        periods.append(Suspension(starts_on, ends_on))
        if ends_on is None:
            break
        start = ends_on
    return periods


@given(task_facts(), days)
def test_a_task_has_exactly_one_status_from_assignment_until_withdrawal(
    facts: TaskFacts, day: date
) -> None:
    status = status_on(facts, day)
    withdrawn = facts.withdrawn_on is not None and facts.withdrawn_on <= day
    assert (status is None) == (day < facts.assigned_on or withdrawn)


@given(task_facts(), days, days)
def test_a_withdrawal_leaves_every_earlier_day_as_it_was(
    facts: TaskFacts, withdrawn_on: date, day: date
) -> None:
    if (
        facts.completed_on is not None
        or facts.withdrawn_on is not None
        or withdrawn_on < facts.assigned_on
    ):
        return
    withdrawn = replace(facts, withdrawn_on=withdrawn_on)
    if day < withdrawn_on:
        assert status_on(withdrawn, day) is status_on(facts, day)
    else:
        assert status_on(withdrawn, day) is None


@given(task_facts(), days)
def test_a_task_on_hold_is_never_overdue(facts: TaskFacts, day: date) -> None:
    if any(s.covers(day) for s in facts.suspensions) and facts.completed_on is None:
        assert status_on(facts, day) in (Status.IN_PROGRESS, None)


@given(task_facts(), days)
def test_regular_tasks_are_regular_whatever_else(facts: TaskFacts, day: date) -> None:
    withdrawn = facts.withdrawn_on is not None and facts.withdrawn_on <= day
    if facts.is_regular and day >= facts.assigned_on and not withdrawn:
        assert status_on(facts, day) is Status.REGULAR


@given(task_facts(), days, st.integers(1, 400))
def test_a_completed_task_stays_completed_with_the_same_verdict(
    facts: TaskFacts, day: date, later: int
) -> None:
    status = status_on(facts, day)
    if status is not None and status.is_completed:
        assert status_on(facts, day + timedelta(days=later)) is status


@given(task_facts(), days)
def test_overdue_exactly_when_past_the_deadline_in_force(facts: TaskFacts, day: date) -> None:
    status = status_on(facts, day)
    on_hold = any(s.covers(day) for s in facts.suspensions)
    if status in (Status.IN_PROGRESS, Status.OVERDUE) and not on_hold:
        in_force = deadline_in_force(facts, day)
        assert in_force is not None
        assert (status is Status.OVERDUE) == (day > in_force)
        assert facts.completed_on is None or facts.completed_on > day


@given(task_facts(), days)
def test_completion_is_judged_against_the_deadline_in_force_when_requested(
    facts: TaskFacts, day: date
) -> None:
    status = status_on(facts, day)
    if status is not None and status.is_completed:
        assert facts.completed_on is not None
        requested = facts.completion_requested_on or facts.completed_on
        in_force = deadline_in_force(facts, requested)
        assert in_force is not None
        assert (status is Status.COMPLETED_ON_TIME) == (requested <= in_force)


def test_the_rule_on_named_cases() -> None:
    facts = TaskFacts(
        assigned_on=date(2025, 1, 10),
        deadlines=(
            Deadline(date(2025, 1, 10), date(2025, 6, 30)),
            Deadline(date(2025, 7, 15), date(2025, 9, 30)),
        ),
    )
    assert status_on(facts, date(2025, 1, 9)) is None
    assert status_on(facts, date(2025, 6, 30)) is Status.IN_PROGRESS
    # Overdue after the original deadline, until the extension is approved on 15 July.
    assert status_on(facts, date(2025, 7, 1)) is Status.OVERDUE
    assert status_on(facts, date(2025, 7, 15)) is Status.IN_PROGRESS
    done = TaskFacts(facts.assigned_on, completed_on=date(2025, 9, 1), deadlines=facts.deadlines)
    assert status_on(done, date(2025, 8, 31)) is Status.IN_PROGRESS
    assert status_on(done, date(2025, 9, 1)) is Status.COMPLETED_ON_TIME
    late = TaskFacts(facts.assigned_on, completed_on=date(2025, 7, 5), deadlines=facts.deadlines)
    assert status_on(late, date(2025, 12, 31)) is Status.COMPLETED_LATE
    # Asked on 30 June, confirmed on 5 July: the approver's delay does not make it late.
    waited = TaskFacts(
        facts.assigned_on,
        completed_on=date(2025, 7, 5),
        deadlines=facts.deadlines,
        completion_requested_on=date(2025, 6, 30),
    )
    assert status_on(waited, date(2025, 7, 4)) is Status.OVERDUE
    assert status_on(waited, date(2025, 7, 5)) is Status.COMPLETED_ON_TIME


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_shares_have_one_decimal_and_round_half_up(part: int, total: int) -> None:
    part = min(part, total)
    value = share(part, total)
    assert round(value, 1) == value
    assert abs(value - part * 100 / total) <= 0.05 + 1e-9


def test_share_of_the_reported_figures() -> None:
    counts = StatusCounts(
        total=1287, completed_on_time=601, in_progress=404, overdue=104, regular=178
    )
    assert counts.shares()["completed"] == 46.7
    assert counts.shares()["in_progress"] == 31.4


# --- the database counts as the pure function does -----------------------------------------


def _insert(facts_list: list[TaskFacts], program: Program, lead: Organization) -> None:
    tasks = []
    for number, facts in enumerate(facts_list):
        current = facts.deadlines[-1] if facts.deadlines else None
        tasks.append(
            Task(
                program=program,
                code=f"H-{number}",
                title="t",
                lead_org=lead,
                assigned_by=lead,
                assigned_on=facts.assigned_on,
                completed_on=facts.completed_on,
                completion_requested_on=facts.completion_requested_on,
                kind=TaskKind.REGULAR if facts.is_regular else TaskKind.DEADLINE,
                deadline=current.deadline if current else None,
                deadline_since=current.effective_on if current else None,
                withdrawn_on=facts.withdrawn_on,
                first_suspended_on=facts.suspensions[0].starts_on if facts.suspensions else None,
                suspended_since=next(
                    (s.starts_on for s in facts.suspensions if s.ends_on is None), None
                ),
            )
        )
    Task.objects.bulk_create(tasks)
    TaskSuspension.objects.bulk_create(
        TaskSuspension(task=task, starts_on=s.starts_on, ends_on=s.ends_on, reason="r")
        for task, facts in zip(tasks, facts_list, strict=True)
        for s in facts.suspensions
    )
    TaskDeadline.objects.bulk_create(
        TaskDeadline(
            task=task,
            deadline=d.deadline,
            effective_on=d.effective_on,
            source=DeadlineSource.ORIGINAL if i == 0 else DeadlineSource.EXTENSION,
        )
        for task, facts in zip(tasks, facts_list, strict=True)
        for i, d in enumerate(facts.deadlines)
    )


class Rollback(Exception):
    pass


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(task_facts(), min_size=0, max_size=40), days, days)
def test_sql_counting_agrees_with_the_status_function(
    facts_list: list[TaskFacts], as_of: date, due_by: date
) -> None:
    try:
        with transaction.atomic():
            program = Program.objects.create(code="P-hypothesis")
            lead = Organization.objects.get(code="BKHCN")
            _insert(facts_list, program, lead)
            tasks = Task.objects.filter(program=program)
            counted = status_counts(tasks, as_of, due_by)
            assert counted == count_statuses(facts_list, as_of, due_by)
            # Row by row too: the list's status column and its status filter.
            by_code = dict(annotate_status(tasks, as_of).values_list("code", "status"))  # type: ignore[misc]
            for number, facts in enumerate(facts_list):
                expected = status_on(facts, as_of)
                assert by_code[f"H-{number}"] == (expected.value if expected else None)
            overdue = set(
                filter_by_status(tasks, [Status.OVERDUE], as_of).values_list("code", flat=True)
            )
            assert overdue == {
                f"H-{n}" for n, f in enumerate(facts_list) if status_on(f, as_of) is Status.OVERDUE
            }
            raise Rollback
    except Rollback:
        pass


@given(task_facts(), days)
def test_the_timeline_gives_the_status_of_every_day(facts: TaskFacts, day: date) -> None:
    timeline = status_timeline(facts)
    current = None
    for first_day, status in timeline:
        if first_day <= day:
            current = status
    assert current is status_on(facts, day)
    assert all(a[1] is not b[1] for a, b in pairwise(timeline))


@given(task_facts(), days)
def test_deltas_sum_to_exactly_one_status(facts: TaskFacts, day: date) -> None:
    totals: dict[Status, int] = {}
    for first_day, status, change in timeline_deltas(facts):
        if first_day <= day:
            totals[status] = totals.get(status, 0) + change
    expected = status_on(facts, day)
    assert {s: n for s, n in totals.items() if n} == ({expected: 1} if expected else {})
