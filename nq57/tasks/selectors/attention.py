"""The tasks that need attention as of a date, for the dashboard and the composite ranking:
due soon, overdue, and stale (no recent progress report)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet

from ..models import OPEN_NOW, Task
from ..status import Status
from .status_sql import (
    deadline_at,
    extended_after,
    filter_by_status,
    in_force_by,
    open_at,
    with_status_terms,
)


def due_soon(
    qs: QuerySet[Task], as_of: date, due_bys: list[date], limit: int
) -> tuple[list[int], list[Task]]:
    """In-progress tasks as of `as_of` due on or before each of `due_bys` (ascending): how many
    for each, and the first `limit` of those due by the last, nearest deadline first (then id),
    with their lead organisation.

    The candidates of `status_sql.due_by_counts` in two disjoint parts: tasks whose current
    deadline was in force at `as_of` are counted from the deadline index and listed in its
    order; the few extended after `as_of` are read once, with their deadline then, and merged
    here (one query with an OR between the parts would sort every candidate)."""
    existing = with_status_terms(qs, as_of)
    latest = due_bys[-1]
    current = existing.filter(
        in_force_by(as_of), open_at(as_of), deadline__gte=as_of, deadline__lte=latest
    )
    row = current.aggregate(
        **{
            f"due_{index}": Count("pk", filter=Q(deadline__lte=due_by))
            for index, due_by in enumerate(due_bys)
        }
    )
    # In progress and due by the last date, tested here: in SQL the deadline then would be
    # looked up in the history once for each comparison.
    extended = [
        (pk, deadline, then)
        for pk, deadline, then in existing.filter(extended_after(as_of), open_at(as_of))
        .order_by()
        .values_list("pk", "deadline", deadline_at(as_of))
        if then is not None and as_of <= then <= latest
    ]
    counts = [
        (row[f"due_{index}"] or 0) + sum(1 for *_, then in extended if then <= due_by)
        for index, due_by in enumerate(due_bys)
    ]
    first = list(current.select_related("lead_org").order_by("deadline", "pk")[:limit])
    extended.sort(key=lambda task: (task[1], task[0]))
    first += Task.objects.select_related("lead_org").filter(
        pk__in=[pk for pk, *_ in extended[:limit]]
    )
    first.sort(key=lambda task: (task.deadline, task.pk))
    return counts, first[:limit]


def stale_condition(today: date, days: int) -> Q:
    """Open deadline tasks whose latest progress report (or, with none, their assignment) is
    more than `days` days before `today`. Judged on today's data only: the date of the latest
    report is kept, not the history of what was latest when."""
    cutoff = date.fromordinal(today.toordinal() - days)
    return (
        OPEN_NOW
        & Q(assigned_on__lte=today)
        & (
            Q(progress_reported_on__lt=cutoff)
            | Q(progress_reported_on__isnull=True, assigned_on__lt=cutoff)
        )
    )


def stale_tasks(qs: QuerySet[Task], today: date, days: int, limit: int) -> list[Task]:
    """The first `limit` stale tasks, never reported first (by id), then the oldest report
    first, with their lead organisation.

    Two queries, each in the order of the index of open tasks by report date: PostgreSQL's
    index puts the never-reported (NULL) last, so one query sorting NULLs first would sort
    every stale task."""
    stale = qs.filter(stale_condition(today, days)).select_related("lead_org")
    never = stale.filter(progress_reported_on__isnull=True).order_by("pk")
    reported = stale.filter(progress_reported_on__isnull=False).order_by(
        "progress_reported_on", "pk"
    )
    return [*never[:limit], *reported[:limit]][:limit]


def overdue_first(qs: QuerySet[Task], as_of: date, limit: int) -> list[Task]:
    """The first `limit` tasks overdue as of `as_of`, the oldest deadline first (then id),
    with their lead organisation and, as `deadline_then`, the deadline in force at `as_of`
    (an extension approved later is not what they were overdue against)."""
    overdue = filter_by_status(qs, [Status.OVERDUE], as_of).order_by("deadline", "pk")
    return list(
        overdue.select_related("lead_org").annotate(deadline_then=deadline_at(as_of))[:limit]
    )


def stale_count(qs: QuerySet[Task], today: date, days: int) -> int:
    """How many of `qs` are stale today (see `stale_condition`)."""
    return qs.filter(stale_condition(today, days)).count()
