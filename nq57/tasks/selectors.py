"""Every read of tasks a page, the API, a command or an export uses; each starts from scope."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal

from django.db import connection
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
    Sum,
    Value,
    When,
)
from django.db.models.lookups import GreaterThanOrEqual, LessThan, LessThanOrEqual
from django.http import Http404

from nq57.accounts.access import deciding_org_ids, scope_of
from nq57.orgs.models import Organization

from . import rollups
from .choices import RequestStatus, TaskKind
from .models import (
    CompletionRequest,
    ExtensionRequest,
    MonthlyStatusDelta,
    Program,
    RollupScope,
    StatusDelta,
    Task,
    TaskCoordination,
    TaskDeadline,
)
from .status import Status, StatusCounts

Role = Literal["lead", "coordinate", "any"]


def get_task_for_user(actor: Any, pk: int) -> Task:
    """The task if the actor may see it; 404 otherwise, so missing and forbidden look alike."""
    task = (
        Task.objects.visible_to(actor)
        .select_related("program", "lead_org", "assigned_by", "parent")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise Http404
    return task


# --- the status rule in SQL (DESIGN.md §6); tests compare it with status.status_on ----------


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


def deadline_at_completion() -> Case:
    return Case(
        When(completed_on__isnull=True, then=Value(None)),
        default=_deadline_at(F("completed_on"), OuterRef("completed_on")),
    )


def with_status_terms(qs: QuerySet[Task], as_of: date) -> QuerySet[Task]:
    """Tasks that exist as of `as_of`: a task assigned later does not count."""
    return qs.filter(assigned_on__lte=as_of)


def status_condition(status: Status, as_of: date) -> Q:
    """The SQL condition of one status, over a queryset from `with_status_terms`."""
    is_deadline = Q(kind=TaskKind.DEADLINE)
    done = is_deadline & Q(completed_on__lte=as_of)
    still_open = is_deadline & (Q(completed_on__isnull=True) | Q(completed_on__gt=as_of))
    day = Value(as_of)
    conditions = {
        Status.REGULAR: Q(kind=TaskKind.REGULAR),
        Status.COMPLETED_ON_TIME: done & Q(completed_on__lte=deadline_at_completion()),
        Status.COMPLETED_LATE: done & Q(completed_on__gt=deadline_at_completion()),
        Status.IN_PROGRESS: still_open & Q(GreaterThanOrEqual(deadline_at(as_of), day)),
        Status.OVERDUE: still_open & Q(LessThan(deadline_at(as_of), day)),
    }
    return conditions[status]


def due_by_condition(as_of: date, due_by: date) -> Q:
    """In progress as of `as_of` with the deadline then in force on or before `due_by`."""
    return status_condition(Status.IN_PROGRESS, as_of) & Q(
        LessThanOrEqual(deadline_at(as_of), Value(due_by))
    )


def filter_by_status(qs: QuerySet[Task], statuses: Iterable[Status], as_of: date) -> QuerySet[Task]:
    condition = Q(pk__in=[])
    for status in statuses:
        condition |= status_condition(status, as_of)
    return with_status_terms(qs, as_of).filter(condition)


def _count_expressions(as_of: date, due_by: date | None) -> dict[str, Count]:
    counts = {
        "total": Count("pk"),
        **{s.value: Count("pk", filter=status_condition(s, as_of)) for s in Status},
    }
    if due_by is not None:
        counts["due_by"] = Count("pk", filter=due_by_condition(as_of, due_by))
    return counts


def _as_counts(row: dict[str, Any], due_by: date | None) -> StatusCounts:
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
    """Count `qs` by status as of a date, in one query."""
    row = with_status_terms(qs, as_of).aggregate(**_count_expressions(as_of, due_by))
    return _as_counts(row, due_by)


def status_counts_by_lead(
    qs: QuerySet[Task], as_of: date, due_by: date | None = None
) -> dict[int, StatusCounts]:
    """Counts per lead organisation id, in one grouped query."""
    rows = (
        with_status_terms(qs, as_of)
        .order_by()
        .values("lead_org_id")
        .annotate(**_count_expressions(as_of, due_by))
    )
    return {row["lead_org_id"]: _as_counts(row, due_by) for row in rows}


# --- summary --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryQuery:
    as_of: date
    due_by: date | None = None
    org: Organization | None = None
    role: Role = "lead"
    program: Program | None = None
    by: Literal["org", "program"] | None = None


def in_org_scope(
    qs: QuerySet[Task], org: Organization | None, role: Role, *, direct: bool = False
) -> QuerySet[Task]:
    """Tasks the organisation's subtree (or, `direct`, the organisation itself) leads,
    coordinates, or either; all tasks without org."""
    if org is None:
        return qs
    subtree: Any = [org.pk] if direct else Organization.objects.subtree_of(org).values("pk")
    led = Q(lead_org_id__in=subtree)
    coordinated = Q(
        Exists(TaskCoordination.objects.filter(task=OuterRef("pk"), organization_id__in=subtree))
    )
    return qs.filter({"lead": led, "coordinate": coordinated, "any": led | coordinated}[role])


def _visible_for(actor: Any, query: SummaryQuery) -> QuerySet[Task]:
    """The actor's tasks, as far as the query can reach beyond its organisation. What an
    organisation's subtree leads is visible to an actor whose scope covers the organisation, so
    its scope adds no condition there: left out, the counts read the lead index alone."""
    if query.org is not None and query.role == "lead" and scope_of(actor).covers(query.org.path):
        return Task.objects.all()
    return Task.objects.visible_to(actor)


def summary_queryset(actor: Any, query: SummaryQuery) -> QuerySet[Task]:
    qs = _visible_for(actor, query)
    if query.program is not None:
        qs = qs.filter(program=query.program)
    return in_org_scope(qs, query.org, query.role)


@dataclass(frozen=True)
class SummaryRow:
    key: str
    name: str
    counts: StatusCounts
    subtree: bool = True


def task_summary(
    actor: Any, query: SummaryQuery, *, use_rollups: bool | None = None
) -> tuple[StatusCounts, list[SummaryRow]]:
    """The status counts in scope, and the rows of the breakdown when `by` is given.

    Counts come from the rollups when they answer the question exactly (the actor sees every
    task they cover, and the role is `lead`), else from counting the tasks themselves; the
    tests hold the two paths to the same answers.
    """
    if use_rollups is None:
        use_rollups = rollups_answer(actor, query)
    if use_rollups:
        return _summary_from_rollups(actor, query)
    qs = summary_queryset(actor, query)
    if query.by == "org" and query.role == "lead":
        # The rows partition the tasks (the organisation's own, then each child's subtree, or
        # each top-level subtree) and a task has one lead: their sum is the total.
        rows = _rows_by_org(actor, query)
        zero = StatusCounts(due_by=0 if query.due_by is not None else None)
        return sum((row.counts for row in rows), zero), rows
    total = status_counts(qs, query.as_of, query.due_by)
    if query.by == "program":
        return total, _rows_by_program(qs, query)
    if query.by == "org":
        return total, _rows_by_org(actor, query)
    return total, []


def rollups_answer(actor: Any, query: SummaryQuery) -> bool:
    """Whether the rollups hold exactly the tasks this query counts for this actor: all
    tasks (per programme), or one top-level organisation's (all programmes)."""
    scope = scope_of(actor)
    if query.org is None:
        return scope.everything and not (query.by == "org" and query.program is not None)
    return (
        query.role == "lead"
        and query.org.depth == 0
        and query.program is None
        and query.by is None  # root rollups have no programme and no level below
        and scope.covers(query.org.path)
    )


def status_total(actor: Any, query: SummaryQuery, statuses: set[Status]) -> int | None:
    """How many tasks the query reaches are in `statuses` as of its date, read from the
    rollups when they answer it exactly (see `rollups_answer`); None when they do not."""
    if not statuses or query.due_by is not None or not rollups_answer(actor, query):
        return None
    counts = _rollup_counts(query).get(None, StatusCounts())
    return sum(getattr(counts, status.value) for status in statuses)


ROLLUP_SUMS = (
    "SELECT {keys}, SUM(delta) FROM {months} WHERE {where} AND on_date < %s GROUP BY {keys} "
    "UNION ALL SELECT {keys}, SUM(delta) FROM {days} "
    "WHERE {where} AND on_date >= %s AND on_date <= %s GROUP BY {keys}"
)


def _rollup_counts(query: SummaryQuery, *, group: str | None = None) -> dict[Any, StatusCounts]:
    """Sums of the stored deltas up to `as_of`, per value of `group` (or one entry, None): the
    months before `as_of`'s month, then its days, in one statement.

    Written in SQL: these sums are the dashboard's hottest read, a millisecond of database
    work, and composing the union through the ORM took longer than running it."""
    assert group in (None, "org_id", "program_id")
    conditions, params = _rollup_scope(query, group)
    keys = "status" + (f", {group}" if group else "")
    month = connection.ops.adapt_datefield_value(query.as_of.replace(day=1))
    day = connection.ops.adapt_datefield_value(query.as_of)
    sql = ROLLUP_SUMS.format(  # names are ours; every value is a parameter
        keys=keys,
        where=conditions,
        months=MonthlyStatusDelta._meta.db_table,
        days=StatusDelta._meta.db_table,
    )
    tallies: dict[Any, Counter[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, month, *params, month, day])
        for status, *key, count in cursor.fetchall():
            tallies.setdefault(key[0] if group else None, Counter())[status] += int(count)
    return {key: _counts_from_tally(tally) for key, tally in tallies.items()}


def _rollup_scope(query: SummaryQuery, group: str | None) -> tuple[str, list[Any]]:
    """The rollup rows of the query's scope, as SQL: a top-level organisation's, every
    top-level organisation's, or all tasks (per programme); the same as `_rollup_deltas`."""
    if query.org is not None:
        return "scope = %s AND org_id = %s", [RollupScope.ROOT.value, query.org.pk]
    if group == "org_id":
        return "scope = %s", [RollupScope.ROOT.value]
    if query.program is not None:
        return "scope = %s AND program_id = %s", [RollupScope.ALL.value, query.program.pk]
    return "scope = %s", [RollupScope.ALL.value]


def _rollup_deltas(
    model: type[StatusDelta] | type[MonthlyStatusDelta], query: SummaryQuery, group: str | None
) -> QuerySet[Any]:
    """The stored deltas (daily or monthly) of the query's scope: a top-level organisation's,
    every top-level organisation's (grouped by organisation), or all tasks (per programme)."""
    if query.org is not None:
        return model.objects.filter(scope=RollupScope.ROOT, org_id=query.org.pk)
    if group == "org_id":
        return model.objects.filter(scope=RollupScope.ROOT)
    deltas = model.objects.filter(scope=RollupScope.ALL)
    if query.program is not None:
        deltas = deltas.filter(program_id=query.program.pk)
    return deltas


def _counts_from_tally(tally: dict[str, int]) -> StatusCounts:
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
    return _due_by_counts(qs, as_of, due_by)[None]


def _in_force_by(as_of: date) -> Q:
    """Tasks whose current deadline (if any) was already in force at `as_of`: for them the
    deadline in force at `as_of` is the current one, no look-up in the history."""
    return Q(deadline_since__isnull=True) | Q(deadline_since__lte=as_of)


def _extended_after(as_of: date) -> Q:
    """The other tasks that exist at `as_of`: their current deadline took force later, which
    only an extension does (a first deadline takes force on assignment). `deadline_since >
    assigned_on` follows from `assigned_on <= as_of`; stating it lets the planner read the small
    index of extended tasks."""
    return Q(deadline_since__gt=as_of) & Q(deadline_since__gt=F("assigned_on"))


def _open_at(as_of: date) -> Q:
    return Q(kind=TaskKind.DEADLINE) & (Q(completed_on__isnull=True) | Q(completed_on__gt=as_of))


def _due_by_counts(
    qs: QuerySet[Task], as_of: date, due_by: date, group: str | None = None
) -> dict[Any, int]:
    """In-progress tasks due on or before `due_by`, counted on the tasks: the rollups keep no
    deadlines. Extensions only move deadlines later, so the deadline in force at `as_of` can
    differ from today's only for tasks whose current deadline took force after `as_of`."""
    candidates = with_status_terms(qs, as_of).filter(
        Q(deadline__gte=as_of, deadline__lte=due_by) | _extended_after(as_of),
        due_by_condition(as_of, due_by),
    )
    if group is None:
        return {None: candidates.count()}
    rows = candidates.order_by().values(group).annotate(count=Count("pk"))
    return {row[group]: row["count"] for row in rows}


def due_soon(
    qs: QuerySet[Task], as_of: date, due_bys: list[date], limit: int
) -> tuple[list[int], list[Task]]:
    """In-progress tasks as of `as_of` due on or before each of `due_bys` (ascending): how many
    for each, and the first `limit` of those due by the last, nearest deadline first (then id),
    with their lead organisation.

    The candidates of `_due_by_counts` in two disjoint parts: tasks whose current deadline was
    in force at `as_of` are counted from the deadline index and listed in its order; the few
    extended after `as_of` are read once, with their deadline then, and merged here (one query
    with an OR between the parts would sort every candidate)."""
    existing = with_status_terms(qs, as_of)
    latest = due_bys[-1]
    current = existing.filter(
        _in_force_by(as_of), _open_at(as_of), deadline__gte=as_of, deadline__lte=latest
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
        for pk, deadline, then in existing.filter(_extended_after(as_of), _open_at(as_of))
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


def _with_due_by(counts: StatusCounts, due: int | None) -> StatusCounts:
    return counts if due is None else replace(counts, due_by=due)


def _summary_from_rollups(actor: Any, query: SummaryQuery) -> tuple[StatusCounts, list[SummaryRow]]:
    empty = StatusCounts()
    qs = summary_queryset(actor, query)
    due = _due_by_counts(qs, query.as_of, query.due_by) if query.due_by else {}
    total = _with_due_by(_rollup_counts(query).get(None, empty), due.get(None))
    if query.by == "program":
        per_program = _rollup_counts(query, group="program_id")
        due_per = (
            _due_by_counts(qs, query.as_of, query.due_by, "program_id") if query.due_by else {}
        )
        # Deltas that cancel out (a task moved to a later date) leave no tasks behind.
        counted = [pk for pk, counts in per_program.items() if counts.total]
        programs = Program.objects.filter(pk__in=counted).order_by("code")
        return total, [
            SummaryRow(
                p.code,
                p.title,
                _with_due_by(per_program[p.pk], due_per.get(p.pk, 0) if query.due_by else None),
            )
            for p in programs
        ]
    if query.by != "org":
        return total, []
    # The top level, from the root rollups: each top-level organisation's whole subtree.
    per_root = _rollup_counts(query, group="org_id")
    due_per_root: Counter[int] = Counter()
    if query.due_by:
        roots = rollups.root_ids()
        for lead_id, count in _due_by_counts(qs, query.as_of, query.due_by, "lead_org_id").items():
            due_per_root[roots[lead_id]] += count
    rows = [
        SummaryRow(
            org.code,
            org.name,
            _with_due_by(
                per_root.get(org.pk, empty),
                due_per_root.get(org.pk, 0) if query.due_by else None,
            ),
        )
        for org in breakdown_orgs(None)
    ]
    return total, rows


def _rows_by_program(qs: QuerySet[Task], query: SummaryQuery) -> list[SummaryRow]:
    rows = (
        with_status_terms(qs, query.as_of)
        .order_by()
        .values("program_id")
        .annotate(**_count_expressions(query.as_of, query.due_by))
    )
    counts = {row["program_id"]: _as_counts(row, query.due_by) for row in rows}
    programs = Program.objects.filter(pk__in=counts).order_by("code")
    return [SummaryRow(p.code, p.title, counts[p.pk]) for p in programs]


def breakdown_orgs(parent: Organization | None) -> list[Organization]:
    """The rows of a per-organisation breakdown: the top level, or the parent's children."""
    if parent is None:
        return list(Organization.objects.filter(depth=0).order_by("path"))
    return list(parent.children.order_by("path"))


def _rows_by_org(actor: Any, query: SummaryQuery) -> list[SummaryRow]:
    row_orgs = breakdown_orgs(query.org)
    base = _visible_for(actor, query)
    if query.program is not None:
        base = base.filter(program=query.program)
    rows: list[SummaryRow] = []
    empty = StatusCounts(due_by=0 if query.due_by is not None else None)
    if query.role == "lead":
        # One grouped query; each task has one lead, so summing groups counts each task once;
        # the organisation's own row is its group.
        per_lead = status_counts_by_lead(
            in_org_scope(base, query.org, "lead"), query.as_of, query.due_by
        )
        paths = dict(Organization.objects.filter(pk__in=per_lead).values_list("pk", "path"))
        totals = {org.path: empty for org in row_orgs}
        for lead_id, lead_counts in per_lead.items():
            row_path = _row_containing(paths[lead_id], totals)
            if row_path is not None:
                totals[row_path] = totals[row_path] + lead_counts
        if query.org is not None:
            own = per_lead.get(query.org.pk, empty)
            rows.append(SummaryRow(query.org.code, query.org.name, own, subtree=False))
        rows.extend(SummaryRow(org.code, org.name, totals[org.path]) for org in row_orgs)
        return rows
    if query.org is not None:
        led_directly = Q(lead_org=query.org)
        coordinated_directly = Q(
            Exists(TaskCoordination.objects.filter(task=OuterRef("pk"), organization=query.org))
        )
        direct = (
            coordinated_directly
            if query.role == "coordinate"
            else led_directly | (coordinated_directly)
        )
        rows.append(
            SummaryRow(
                query.org.code,
                query.org.name,
                status_counts(base.filter(direct), query.as_of, query.due_by),
                subtree=False,
            )
        )
    for org in row_orgs:
        rows.append(
            SummaryRow(
                org.code,
                org.name,
                status_counts(in_org_scope(base, org, query.role), query.as_of, query.due_by),
            )
        )
    return rows


def summary_as_dict(
    query: SummaryQuery, total: StatusCounts, rows: list[SummaryRow]
) -> dict[str, Any]:
    """The JSON shape shared by `task_summary --format json` and the API."""
    result = total.as_dict(query.as_of)
    if query.by is not None:
        result["rows"] = [
            {
                query.by: row.key,
                "name": row.name,
                **row.counts.as_dict(query.as_of),
                **({} if row.subtree else {"direct_only": True}),
            }
            for row in rows
        ]
    return result


def _row_containing(path: str, row_paths: dict[str, Any]) -> str | None:
    """The row whose organisation is `path` or one of its ancestors ('/01/00070/' -> '/01/')."""
    end = 0
    while (end := path.find("/", end + 1)) != -1:
        if path[: end + 1] in row_paths:
            return path[: end + 1]
    return None


def annotate_status(qs: QuerySet[Task], as_of: date) -> QuerySet[Task]:
    """Adds `status` (a Status value, or None if not yet assigned) as of a date."""
    whens = [When(assigned_on__gt=as_of, then=Value(None))] + [
        When(status_condition(status, as_of), then=Value(status.value)) for status in Status
    ]
    return qs.annotate(status=Case(*whens, default=Value(None), output_field=CharField()))


def stale_condition(today: date, days: int) -> Q:
    """Open deadline tasks whose latest progress report (or, with none, their assignment) is
    more than `days` days before `today`. Judged on today's data only: the date of the latest
    report is kept, not the history of what was latest when."""
    cutoff = date.fromordinal(today.toordinal() - days)
    return Q(kind=TaskKind.DEADLINE, completed_on__isnull=True, assigned_on__lte=today) & (
        Q(progress_reported_on__lt=cutoff)
        | Q(progress_reported_on__isnull=True, assigned_on__lt=cutoff)
    )


def freshness_by_lead(today: date, days: int) -> dict[int, tuple[int, int]]:
    """For each lead organisation: (open tasks reported on within `days` days, open tasks),
    judged today; one grouped query over the open tasks' index."""
    rows = (
        Task.objects.filter(
            kind=TaskKind.DEADLINE, completed_on__isnull=True, assigned_on__lte=today
        )
        .order_by()
        .values("lead_org_id")
        .annotate(open=Count("pk"), stale=Count("pk", filter=stale_condition(today, days)))
    )
    return {row["lead_org_id"]: (row["open"] - row["stale"], row["open"]) for row in rows}


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


def status_series(actor: Any, query: SummaryQuery, days: list[date]) -> list[StatusCounts]:
    """The status counts at the end of each of `days` (ascending), for a trend chart, in one
    or two queries: from the rollups when they answer, else counted on the tasks."""
    if not days:
        return []
    if rollups_answer(actor, replace(query, by=None, due_by=None)):
        return _series_from_rollups(query, days)
    qs = summary_queryset(actor, query)
    expressions: dict[str, Count] = {}
    for index, day in enumerate(days):
        for status in Status:
            expressions[f"d{index}_{status.value}"] = Count(
                "pk", filter=Q(assigned_on__lte=day) & status_condition(status, day)
            )
    row = qs.aggregate(**expressions)
    series = []
    for index in range(len(days)):
        tally = {status.value: row[f"d{index}_{status.value}"] or 0 for status in Status}
        series.append(_counts_from_tally(tally))
    return series


def _series_from_rollups(query: SummaryQuery, days: list[date]) -> list[StatusCounts]:
    first = days[0]
    base = _rollup_counts(replace(query, as_of=first)).get(None, StatusCounts())
    deltas = _rollup_deltas(StatusDelta, query, None).filter(
        on_date__gt=first, on_date__lte=days[-1]
    )
    changes = deltas.order_by("on_date").values("on_date", "status").annotate(count=Sum("delta"))
    tally: Counter[str] = Counter({status.value: getattr(base, status.value) for status in Status})
    series = [base]
    pending = iter(changes)
    change = next(pending, None)
    for day in days[1:]:
        while change is not None and change["on_date"] <= day:
            tally[change["status"]] += change["count"]
            change = next(pending, None)
        series.append(_counts_from_tally(dict(tally)))
    return series


LIST_RELATED = ("program", "lead_org", "assigned_by")

# Orderings a list may ask for; the id breaks ties so pages never overlap.
LIST_ORDERINGS: dict[str, tuple[Any, ...]] = {
    "deadline": (F("deadline").asc(nulls_last=True), "pk"),
    "-deadline": (F("deadline").desc(nulls_last=True), "-pk"),
    "assigned_on": ("assigned_on", "pk"),
    "-assigned_on": ("-assigned_on", "-pk"),
    "code": ("program__code", "code"),
    "-code": ("-program__code", "-code"),
    "progress": ("progress", "pk"),
    "-progress": ("-progress", "-pk"),
    "reported": (F("progress_reported_on").asc(nulls_first=True), "pk"),
}


def task_list(actor: Any) -> QuerySet[Task]:
    """The tasks the actor may see, most urgent first; filter it, then page its ids."""
    return Task.objects.visible_to(actor).order_by(F("deadline").asc(nulls_last=True), "pk")


def program_choices() -> QuerySet[Program]:
    """The programmes a filter offers, by code."""
    return Program.objects.order_by("code").only("code", "title")


def task_rows(actor: Any, ids: list[int], *, as_of: date) -> list[Task]:
    """The full rows of one page, in the page's order, with their status as of a date.

    Lists count and page on ids first (the narrow indexes answer that) and load the few rows
    shown afterwards: sorting whole rows of a large list would read every one of them."""
    rows = annotate_status(
        Task.objects.visible_to(actor).filter(pk__in=ids).select_related(*LIST_RELATED), as_of
    )
    by_id = {task.pk: task for task in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def task_detail(actor: Any, pk: int) -> Task:
    """One task with its coordination and deadline history, or 404."""
    task = get_task_for_user(actor, pk)
    return (
        Task.objects.filter(pk=task.pk)
        .select_related(*LIST_RELATED, "parent")
        .prefetch_related("coordinating_orgs", "deadlines")
        .get()
    )


@dataclass(frozen=True)
class Inbox:
    completions: list[CompletionRequest]
    extensions: list[ExtensionRequest]


def decision_inbox(actor: Any) -> Inbox:
    """Pending completion and extension requests on tasks the actor decides on, oldest
    first."""
    orgs = deciding_org_ids(actor)

    def pending(model: Any) -> list[Any]:
        qs = model.objects.filter(status=RequestStatus.PENDING)
        if orgs is not None:
            qs = qs.filter(task__assigned_by_id__in=orgs)
        return list(
            qs.select_related("task", "task__lead_org", "requested_by").order_by(
                "requested_at", "pk"
            )[:500]
        )

    return Inbox(completions=pending(CompletionRequest), extensions=pending(ExtensionRequest))


def assigning_orgs(actor: Any) -> QuerySet[Organization]:
    """Organisations the actor may assign tasks for: the top level for the secretariat."""
    orgs = deciding_org_ids(actor)
    if orgs is None:
        return Organization.objects.filter(depth=0).order_by("path")
    return Organization.objects.filter(pk__in=orgs).order_by("path")


def task_status(pk: int, as_of: date) -> str | None:
    """One task's status as of a date, by the same SQL rule as the lists."""
    annotated = annotate_status(Task.objects.filter(pk=pk), as_of).get()
    return getattr(annotated, "status", None)


def task_page(actor: Any, pk: int, *, today: date) -> dict[str, Any]:
    """Everything the task page shows, in a fixed number of queries."""
    from nq57.core.audit import history_of

    task = task_detail(actor, pk)
    return {
        "task": task,
        "status": task_status(task.pk, today),
        "reports": list(
            task.progress_reports.select_related("created_by")
            .prefetch_related("evidence")
            .order_by("-reported_on", "-pk")
        ),
        "completion_requests": list(
            task.completion_requests.select_related("requested_by", "decided_by")
            .prefetch_related("evidence")
            .order_by("-requested_at")
        ),
        "extension_requests": list(
            task.extension_requests.select_related("requested_by", "decided_by").order_by(
                "-requested_at"
            )
        ),
        "subtasks": list(
            annotate_status(task.subtasks.select_related("lead_org"), today).order_by("code")
        ),
        "history": list(history_of(task).select_related("actor").order_by("-occurred_at", "-pk")),
    }
