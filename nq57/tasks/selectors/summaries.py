"""Status counts of a scope as of a date, with their breakdowns by organisation or programme and
their weekly series: read from the rollups when these answer exactly, else counted on the tasks
by the rule in `status_sql`; the tests hold the two paths to the same answers."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal

from django.db import connections, router
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from nq57.accounts.access import scope_of
from nq57.core.actors import Actor
from nq57.orgs.models import Organization

from .. import rollups
from ..models import (
    MonthlyStatusDelta,
    Program,
    RollupScope,
    StatusDelta,
    Task,
    TaskCoordination,
)
from ..status import Status, StatusCounts
from .status_sql import (
    count_expressions,
    counted_on,
    counts_from_tally,
    counts_of_row,
    due_by_counts,
    status_condition,
    status_counts,
    status_counts_by_lead,
    with_status_terms,
)

Role = Literal["lead", "coordinate", "any"]


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


def leads_tasks(org: Organization) -> bool:
    """Whether the organisation or one below it leads any task."""
    return in_org_scope(Task.objects.all(), org, "lead").exists()


def _visible_for(actor: Actor, query: SummaryQuery) -> QuerySet[Task]:
    """The actor's tasks, as far as the query can reach beyond its organisation. What an
    organisation's subtree leads is visible to an actor whose scope covers the organisation, so
    its scope adds no condition there: left out, the counts read the lead index alone."""
    if query.org is not None and query.role == "lead" and scope_of(actor).covers(query.org.path):
        return Task.objects.all()
    return Task.objects.visible_to(actor)


def summary_queryset(actor: Actor, query: SummaryQuery) -> QuerySet[Task]:
    qs = _visible_for(actor, query)
    if query.program is not None:
        qs = qs.filter(program=query.program)
    return in_org_scope(qs, query.org, query.role)


@dataclass(frozen=True)
class SummaryRow:
    """One row of a breakdown: an organisation (`group`, central or local, its `kind`, and
    whether the row counts its whole subtree or the organisation alone) or a programme."""

    key: str
    name: str
    counts: StatusCounts
    subtree: bool = True
    group: str = ""
    kind: str = ""


def task_summary(
    actor: Actor, query: SummaryQuery, *, use_rollups: bool | None = None
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


def rollups_answer(actor: Actor, query: SummaryQuery) -> bool:
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


def status_total(actor: Actor, query: SummaryQuery, statuses: set[Status]) -> int | None:
    """How many tasks the query reaches are in `statuses` as of its date, read from the
    rollups when they answer it exactly (see `rollups_answer`); None when they do not."""
    if not statuses or query.due_by is not None or not rollups_answer(actor, query):
        return None
    counts = _rollup_counts(query).get(None, StatusCounts())
    return sum(int(getattr(counts, status.value)) for status in statuses)


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
    if group not in (None, "org_id", "program_id"):  # it is written into the SQL below
        raise ValueError(f"cannot group rollups by {group!r}")
    conditions, params = _rollup_scope(query, group)
    # Raw SQL is not routed by itself: ask the router, as the ORM would, so that the
    # dashboard's figures come from the replica when the request's other reads do.
    connection = connections[router.db_for_read(StatusDelta)]
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
    return {key: counts_from_tally(tally) for key, tally in tallies.items()}


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


def _with_due_by(counts: StatusCounts, due: int | None) -> StatusCounts:
    return counts if due is None else replace(counts, due_by=due)


def _summary_from_rollups(
    actor: Actor, query: SummaryQuery
) -> tuple[StatusCounts, list[SummaryRow]]:
    empty = StatusCounts()
    qs = summary_queryset(actor, query)
    due = due_by_counts(qs, query.as_of, query.due_by) if query.due_by else {}
    total = _with_due_by(_rollup_counts(query).get(None, empty), due.get(None))
    if query.by == "program":
        per_program = _rollup_counts(query, group="program_id")
        due_per = due_by_counts(qs, query.as_of, query.due_by, "program_id") if query.due_by else {}
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
        for lead_id, count in due_by_counts(qs, query.as_of, query.due_by, "lead_org_id").items():
            due_per_root[roots[lead_id]] += count
    rows = [
        SummaryRow(
            org.code,
            org.name,
            _with_due_by(
                per_root.get(org.pk, empty),
                due_per_root.get(org.pk, 0) if query.due_by else None,
            ),
            group=org.group,
            kind=org.kind,
        )
        for org in breakdown_orgs(None)
    ]
    return total, rows


def _rows_by_program(qs: QuerySet[Task], query: SummaryQuery) -> list[SummaryRow]:
    rows = (
        with_status_terms(qs, query.as_of)
        .order_by()
        .values("program_id")
        .annotate(**count_expressions(query.as_of, query.due_by))
    )
    counts = {row["program_id"]: counts_of_row(row, query.due_by) for row in rows}
    programs = Program.objects.filter(pk__in=counts).order_by("code")
    return [SummaryRow(p.code, p.title, counts[p.pk]) for p in programs]


def breakdown_orgs(parent: Organization | None) -> list[Organization]:
    """The rows of a per-organisation breakdown: the top level, or the parent's children."""
    if parent is None:
        return list(Organization.objects.filter(depth=0).order_by("path"))
    return list(parent.children.order_by("path"))


def _rows_by_org(actor: Actor, query: SummaryQuery) -> list[SummaryRow]:
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
            rows.append(
                SummaryRow(
                    query.org.code,
                    query.org.name,
                    own,
                    subtree=False,
                    group=query.org.group,
                    kind=query.org.kind,
                )
            )
        rows.extend(
            SummaryRow(org.code, org.name, totals[org.path], group=org.group, kind=org.kind)
            for org in row_orgs
        )
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
                group=query.org.group,
                kind=query.org.kind,
            )
        )
    for org in row_orgs:
        rows.append(
            SummaryRow(
                org.code,
                org.name,
                status_counts(in_org_scope(base, org, query.role), query.as_of, query.due_by),
                group=org.group,
                kind=org.kind,
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


def status_series(actor: Actor, query: SummaryQuery, days: list[date]) -> list[StatusCounts]:
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
                "pk", filter=counted_on(day) & status_condition(status, day)
            )
    row = qs.aggregate(**expressions)
    series = []
    for index in range(len(days)):
        tally = {status.value: row[f"d{index}_{status.value}"] or 0 for status in Status}
        series.append(counts_from_tally(tally))
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
        series.append(counts_from_tally(dict(tally)))
    return series
