"""The status rule of DESIGN.md §6 in SQL: conditions, annotations and counts over any queryset
of tasks. The tests compare every one of them with the pure rule in `tasks.status`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Any

from django.db import connections
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual, LessThan, LessThanOrEqual

from ..choices import TaskKind
from ..models import Task, TaskDeadline, TaskSuspension
from ..status import Status, StatusCounts


def _deadline_at(day: Any, outer_day: Any) -> Case:
    """The deadline in force at `day`: the task's current one when it was already in force,
    else the latest earlier approval from the history (rare: only extended tasks)."""
    history = (
        TaskDeadline.objects.filter(task=OuterRef("pk"), effective_on__lte=outer_day)
        .order_by("-effective_on", "-id")
        .values("deadline")[:1]
    )
    return Case(
        When(deadline_since__isnull=True, then=F("deadline")),
        When(deadline_since__lte=day, then=F("deadline")),
        default=Subquery(history),
    )


def deadline_at(day: date) -> Case:
    return _deadline_at(Value(day), Value(day))


def judged_on() -> Coalesce:
    """The day a completion is judged on: when it was requested, or (brought in from history)
    when it was completed."""
    return Coalesce(F("completion_requested_on"), F("completed_on"))


def deadline_at_completion() -> Case:
    """The deadline in force on the day the confirmed completion was requested."""
    return Case(
        When(completed_on__isnull=True, then=Value(None)),
        default=_deadline_at(
            judged_on(), Coalesce(OuterRef("completion_requested_on"), OuterRef("completed_on"))
        ),
    )


def counted_on(as_of: date) -> Q:
    """Tasks that count as of `as_of`: assigned by then and not withdrawn by then."""
    return Q(assigned_on__lte=as_of) & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=as_of))


def with_status_terms(qs: QuerySet[Task], as_of: date) -> QuerySet[Task]:
    """Tasks that count as of `as_of`: a task assigned later, or withdrawn by then, does not."""
    return qs.filter(counted_on(as_of))


def _on_hold_at(as_of: date) -> Exists:
    return Exists(
        TaskSuspension.objects.filter(task=OuterRef("pk"), starts_on__lte=as_of).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gt=as_of)
        )
    )


def suspended_at(as_of: date) -> Q:
    """On hold at `as_of`; the look-up runs only for the few tasks ever suspended by then.
    `IS NOT NULL` comes first: `NULL <= day` is not false, so an AND would go on to the
    look-up for every task never suspended."""
    return (
        Q(first_suspended_on__isnull=False)
        & Q(first_suspended_on__lte=as_of)
        & Q(_on_hold_at(as_of))
    )


def not_suspended_at(as_of: date) -> Q:
    return (
        Q(first_suspended_on__isnull=True)
        | Q(first_suspended_on__gt=as_of)
        | ~Q(_on_hold_at(as_of))
    )


def status_condition(status: Status, as_of: date) -> Q:
    """The SQL condition of one status, over a queryset from `with_status_terms`."""
    is_deadline = Q(kind=TaskKind.DEADLINE)
    done = is_deadline & Q(completed_on__lte=as_of)
    still_open = is_deadline & (Q(completed_on__isnull=True) | Q(completed_on__gt=as_of))
    day = Value(as_of)
    conditions = {
        Status.REGULAR: Q(kind=TaskKind.REGULAR),
        Status.COMPLETED_ON_TIME: done & Q(LessThanOrEqual(judged_on(), deadline_at_completion())),
        Status.COMPLETED_LATE: done & Q(GreaterThan(judged_on(), deadline_at_completion())),
        # On hold, the deadline does not run: a suspended task is in progress.
        Status.IN_PROGRESS: still_open
        & (Q(GreaterThanOrEqual(deadline_at(as_of), day)) | suspended_at(as_of)),
        Status.OVERDUE: still_open & not_suspended_at(as_of) & Q(LessThan(deadline_at(as_of), day)),
    }
    return conditions[status]


def due_by_condition(as_of: date, due_by: date) -> Q:
    """In progress as of `as_of`, not on hold, with the deadline then in force on or before
    `due_by`."""
    return (
        status_condition(Status.IN_PROGRESS, as_of)
        & not_suspended_at(as_of)
        & Q(LessThanOrEqual(deadline_at(as_of), Value(due_by)))
    )


def filter_by_status(qs: QuerySet[Task], statuses: Iterable[Status], as_of: date) -> QuerySet[Task]:
    condition = Q(pk__in=[])
    for status in statuses:
        condition |= status_condition(status, as_of)
    return with_status_terms(qs, as_of).filter(condition)


def count_expressions(as_of: date, due_by: date | None) -> dict[str, Count]:
    counts = {
        "total": Count("pk"),
        **{s.value: Count("pk", filter=status_condition(s, as_of)) for s in Status},
    }
    if due_by is not None:
        counts["due_by"] = Count("pk", filter=due_by_condition(as_of, due_by))
    return counts


def counts_of_row(row: dict[str, Any], due_by: date | None) -> StatusCounts:
    return StatusCounts(
        total=row["total"] or 0,
        completed_on_time=row[Status.COMPLETED_ON_TIME] or 0,
        completed_late=row[Status.COMPLETED_LATE] or 0,
        in_progress=row[Status.IN_PROGRESS] or 0,
        overdue=row[Status.OVERDUE] or 0,
        regular=row[Status.REGULAR] or 0,
        due_by=(row["due_by"] or 0) if due_by is not None else None,
    )


def status_counts(qs: QuerySet[Task], as_of: date, due_by: date | None = None) -> StatusCounts:
    """Count `qs` by status as of a date, in one query: grouped by the status, or, with
    `due_by`, one count per condition."""
    counted = with_status_terms(qs, as_of)
    if due_by is not None:
        return counts_of_row(counted.aggregate(**count_expressions(as_of, due_by)), due_by)
    # `status` is annotate_status's annotation, which django-stubs cannot see through it.
    by_status = annotate_status(counted, as_of).order_by().values("status")  # type: ignore[misc]
    rows = by_status.annotate(count=Count("pk"))
    return counts_from_tally({row["status"]: row["count"] for row in rows})


def status_counts_by_lead(
    qs: QuerySet[Task], as_of: date, due_by: date | None = None
) -> dict[int, StatusCounts]:
    """Counts per lead organisation id, in one grouped query."""
    rows = (
        with_status_terms(qs, as_of)
        .order_by()
        .values("lead_org_id")
        .annotate(**count_expressions(as_of, due_by))
    )
    return {row["lead_org_id"]: counts_of_row(row, due_by) for row in rows}


def counts_from_tally(tally: dict[str, int]) -> StatusCounts:
    return StatusCounts(
        total=sum(tally.values()),
        completed_on_time=tally.get(Status.COMPLETED_ON_TIME, 0),
        completed_late=tally.get(Status.COMPLETED_LATE, 0),
        in_progress=tally.get(Status.IN_PROGRESS, 0),
        overdue=tally.get(Status.OVERDUE, 0),
        regular=tally.get(Status.REGULAR, 0),
    )


def due_by_count(qs: QuerySet[Task], as_of: date, due_by: date) -> int:
    """In-progress tasks as of `as_of` whose deadline then in force is on or before `due_by`."""
    return due_by_counts(qs, as_of, due_by)[None]


def in_force_by(as_of: date) -> Q:
    """Tasks whose current deadline (if any) was already in force at `as_of`: for them the
    deadline in force at `as_of` is the current one, no look-up in the history."""
    return Q(deadline_since__isnull=True) | Q(deadline_since__lte=as_of)


def extended_after(as_of: date) -> Q:
    """The other tasks that exist at `as_of`: their current deadline took force later, which
    only an extension does (a first deadline takes force on assignment). `deadline_since >
    assigned_on` follows from `assigned_on <= as_of`; stating it lets the planner read the small
    index of extended tasks."""
    return Q(deadline_since__gt=as_of) & Q(deadline_since__gt=F("assigned_on"))


def open_at(as_of: date) -> Q:
    """Deadline tasks still being worked on at `as_of`: not completed by then, not on hold."""
    return (
        Q(kind=TaskKind.DEADLINE)
        & (Q(completed_on__isnull=True) | Q(completed_on__gt=as_of))
        & not_suspended_at(as_of)
    )


def due_by_counts(
    qs: QuerySet[Task], as_of: date, due_by: date, group: str | None = None
) -> dict[Any, int]:
    """In-progress tasks due on or before `due_by`, counted on the tasks: the rollups keep no
    deadlines. Extensions only move deadlines later, so the deadline in force at `as_of` can
    differ from today's only for tasks whose current deadline took force after `as_of`."""
    candidates = with_status_terms(qs, as_of).filter(
        Q(deadline__gte=as_of, deadline__lte=due_by) | extended_after(as_of),
        due_by_condition(as_of, due_by),
    )
    if group is None:
        return {None: candidates.count()}
    rows = candidates.order_by().values(group).annotate(count=Count("pk"))
    return {row[group]: row["count"] for row in rows}


def status_case(as_of: date) -> Case:
    """A task's status as of a date (a Status value, or None if not yet assigned or
    withdrawn), as one SQL expression."""
    whens = [
        When(assigned_on__gt=as_of, then=Value(None)),
        When(withdrawn_on__lte=as_of, then=Value(None)),
    ] + [When(status_condition(status, as_of), then=Value(status.value)) for status in Status]
    return Case(*whens, default=Value(None), output_field=CharField())


@lru_cache(maxsize=64)
def _status_case_sql(as_of: date, alias: str) -> tuple[str, tuple[Any, ...]]:
    """`status_case` compiled for one database: building and compiling its dozen conditions
    and subqueries costs ~12 ms of Python, more than reading a page of tasks, and the result
    depends only on the date. It names the task table "tasks_task", so it serves only a query
    over that table, not one nested in another query as a subquery."""
    query = Task.objects.annotate(status=status_case(as_of)).query
    sql, params = query.get_compiler(connection=connections[alias]).compile(
        query.annotations["status"]
    )
    return sql, tuple(params)


def annotate_status(qs: QuerySet[Task], as_of: date) -> QuerySet[Task]:
    """Adds `status` (a Status value, or None if not yet assigned or withdrawn) as of a date,
    from `status_case` compiled once per date. `qs` is evaluated as it is, never as a
    subquery of another (see `_status_case_sql`)."""
    sql, params = _status_case_sql(as_of, qs.db)
    # The SQL is Django's own compilation of `status_case`; every value in it is a parameter.
    return qs.annotate(status=RawSQL(sql, params, output_field=CharField()))  # noqa: S611  # nosec B611
