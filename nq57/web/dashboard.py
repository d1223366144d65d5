"""The dashboard: status figures in the viewer's scope, each with the task-list link that
lists exactly the tasks behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from nq57.accounts.access import scope_of
from nq57.budget.selectors.pages import DashboardBudget, dashboard_budget
from nq57.core.actors import Actor
from nq57.orgs.choices import OrgKind
from nq57.orgs.models import Organization
from nq57.registry.listing import ListFigures, figures_by_list
from nq57.tasks.models import Program, Task
from nq57.tasks.selectors import attention, summaries
from nq57.tasks.selectors.summaries import SummaryQuery, SummaryRow
from nq57.tasks.status import StatusCounts, on_time_rate, one_decimal

LIST_LIMIT = 10
DUE_WINDOWS = (7, 30)
# The statuses of every task that exists as of a date: listing them all lists the total.
ALL_STATUSES = ("regular", "completed", "in_progress", "overdue")
CARD_STATUSES = ("completed", "in_progress", "overdue", "regular")


def task_list_url(params: dict[str, Any], path: str | None = None) -> str:
    """The task list filtered by `params` (empty values left out); `path`, the list's path when
    the caller has reversed it already (hundreds of figures on one page)."""
    kept = {key: value for key, value in params.items() if value not in (None, "", False)}
    return f"{path or reverse('tasks:list')}?{urlencode(kept, doseq=True)}"


@dataclass(frozen=True)
class Figure:
    """A number on the dashboard and the list of exactly the tasks it counts."""

    value: int
    url: str
    share: float | None = None


@dataclass(frozen=True)
class OrgRow:
    code: str
    name: str
    group: str
    subtree: bool
    drill_url: str | None
    counts: StatusCounts
    figures: dict[str, Figure]

    @property
    def on_time_rate(self) -> float | None:
        """As the dashboard and the ranking show it, to one decimal."""
        return one_decimal(on_time_rate(self.counts))

    @property
    def link(self) -> str:
        """Where the organisation's name and its chart bar lead: its own dashboard when it has
        sub-organisations to drill into, else the list of its tasks (the total's list)."""
        return self.drill_url or self.figures["total"].url


@dataclass(frozen=True)
class OrgTable:
    """A breakdown table: the rows with tasks, listed, and those without, folded away behind
    their count (a province has over a hundred communes, most often with nothing to show)."""

    listed: list[OrgRow]
    empty: list[OrgRow]


def fold_empty(rows: list[OrgRow]) -> OrgTable:
    """The rows with tasks in their order, and apart those whose total is nought."""
    return OrgTable(
        listed=[row for row in rows if row.counts.total],
        empty=[row for row in rows if not row.counts.total],
    )


@dataclass
class Dashboard:
    as_of: date
    today: date
    org: Organization | None
    program: Program | None
    stale_days: int
    counts: StatusCounts
    cards: dict[str, Figure]
    split: dict[str, Figure]
    due: dict[int, Figure]
    stale: Figure
    rows: list[OrgRow]
    trend: list[tuple[date, StatusCounts]]
    overdue_tasks: list[Task]
    due_tasks: list[Task]
    stale_tasks: list[Task]
    breadcrumbs: list[Organization] = field(default_factory=list)
    # The registry's databases by list as of the same date (the national picture only).
    registry: list[ListFigures] = field(default_factory=list)
    # The budget's latest year as of the same date, beside them (the national picture only).
    budget: DashboardBudget | None = None

    @property
    def central_rows(self) -> list[OrgRow]:
        return [row for row in self.rows if row.group == "central"]

    @property
    def local_rows(self) -> list[OrgRow]:
        return [row for row in self.rows if row.group == "local"]

    @property
    def table(self) -> OrgTable:
        return fold_empty(self.rows)

    @property
    def central_table(self) -> OrgTable:
        return fold_empty(self.central_rows)

    @property
    def local_table(self) -> OrgTable:
        return fold_empty(self.local_rows)


def default_org(actor: Actor) -> Organization | None:
    """Where a non-secretariat user's dashboard opens: their organisation's subtree when it
    leads tasks (a ministry, a province, a commune); None — every task they may see — for an
    assigning body such as a steering committee, which leads none itself."""
    scope = scope_of(actor)
    if scope.everything:
        return None
    for org in Organization.objects.filter(path__in=scope.paths).order_by("depth", "path"):
        if summaries.leads_tasks(org):
            return org
    return None


def week_ends(as_of: date) -> list[date]:
    """The Sundays of `as_of`'s year up to `as_of`, and `as_of` itself."""
    day = date(as_of.year, 1, 1)
    day += timedelta(days=(6 - day.weekday()) % 7)
    ends = []
    while day < as_of:
        ends.append(day)
        day += timedelta(days=7)
    ends.append(as_of)
    return ends


def _weekly_trend(actor: Actor, query: SummaryQuery) -> list[tuple[date, StatusCounts]]:
    """The counts at the end of each week of the year so far, and as of the query's date."""
    days = week_ends(query.as_of)
    return list(zip(days, summaries.status_series(actor, query, days), strict=True))


def dashboard(
    actor: Actor,
    *,
    as_of: date,
    today: date,
    org: Organization | None = None,
    program: Program | None = None,
    stale_days: int = 7,
    show_empty_rows: bool = True,
) -> Dashboard:
    """Everything the dashboard shows for `actor`, as of a date, in a bounded number of
    queries whatever the number of tasks."""
    query = SummaryQuery(as_of=as_of, org=org, program=program, by="org")
    counts, summary_rows = summaries.task_summary(actor, query)
    base: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "program": program.code if program else None,
        "org": org.code if org else None,
        "role": "lead" if org else None,
    }

    def figure(value: int, share: float | None = None, **params: Any) -> Figure:
        return Figure(value, task_list_url({**base, **params}), share)

    shares = counts.shares()
    cards = {"total": figure(counts.total, None, status=list(ALL_STATUSES))}
    for key in CARD_STATUSES:
        cards[key] = figure(getattr(counts, key), shares[key], status=key)
    split = {
        key: figure(getattr(counts, key), shares[key], status=key)
        for key in ("completed_on_time", "completed_late")
    }
    tasks = summaries.summary_queryset(actor, query)
    due_bys = [as_of + timedelta(days=days) for days in DUE_WINDOWS]
    due_counts, due_tasks = attention.due_soon(tasks, as_of, due_bys, LIST_LIMIT)
    due = {
        days: figure(count, status="in_progress", due_by=due_by.isoformat())
        for days, due_by, count in zip(DUE_WINDOWS, due_bys, due_counts, strict=True)
    }
    stale = Figure(
        attention.stale_count(tasks, today, stale_days),
        task_list_url({**base, "as_of": None, "stale_days": stale_days, "ordering": "reported"}),
    )
    return Dashboard(
        as_of=as_of,
        today=today,
        org=org,
        program=program,
        stale_days=stale_days,
        counts=counts,
        cards=cards,
        split=split,
        due=due,
        stale=stale,
        rows=dashboard_rows(summary_rows, base, show_empty_rows),
        trend=_weekly_trend(actor, SummaryQuery(as_of, org=org, program=program)),
        overdue_tasks=attention.overdue_first(tasks, as_of, LIST_LIMIT),
        due_tasks=due_tasks,
        stale_tasks=attention.stale_tasks(tasks, today, stale_days, LIST_LIMIT),
        breadcrumbs=[*org.ancestors(), org] if org else [],
        # One query for every list; the registry is the same whoever looks.
        registry=figures_by_list(as_of) if org is None else [],
        # Two queries; the budget is the same whoever looks.
        budget=dashboard_budget(as_of) if org is None else None,
    )


def dashboard_rows(rows: list[SummaryRow], base: dict[str, Any], show_empty: bool) -> list[OrgRow]:
    """Breakdown rows with their figures and, where the organisation has sub-organisations,
    the link that drills the dashboard down to it. A steering committee assigns tasks and
    leads none: without tasks it is no row at all, not an empty one among the ministries."""
    has_children = set(
        Organization.objects.filter(parent__code__in=[r.key for r in rows if r.subtree])
        .order_by()  # the default order by path would make every child distinct
        .values_list("parent__code", flat=True)
        .distinct()
    )
    list_path, dashboard_path = reverse("tasks:list"), reverse("web:dashboard")
    # A row's links differ only in their status, which comes last: task_list_url's result,
    # with the row's part encoded once instead of for each of its nine figures.
    by_status = {
        key: urlencode({"status": key}, doseq=True)
        for key in (*CARD_STATUSES, "completed_on_time", "completed_late")
    }
    every_status = urlencode({"status": list(ALL_STATUSES)}, doseq=True)
    result = []
    for row in rows:
        if not row.counts.total and (not show_empty or row.kind == OrgKind.STEERING_COMMITTEE):
            continue
        params = {**base, "org": row.key, "role": "lead", "direct": "" if row.subtree else "1"}
        row_url = task_list_url(params, list_path) + "&"
        shares = row.counts.shares()
        figures = {"total": Figure(row.counts.total, row_url + every_status)}
        for key, status in by_status.items():
            figures[key] = Figure(getattr(row.counts, key), row_url + status, shares[key])
        drill = None
        if row.subtree and row.key in has_children:
            drill_params = {"org": row.key, "as_of": base["as_of"], "program": base["program"]}
            kept = {k: v for k, v in drill_params.items() if v}
            drill = f"{dashboard_path}?{urlencode(kept)}"
        result.append(
            OrgRow(
                code=row.key,
                name=row.name,
                group=row.group,
                subtree=row.subtree,
                drill_url=drill,
                counts=row.counts,
                figures=figures,
            )
        )
    return result
