"""The public ranking's reads, the same whoever looks: which tasks count for a top-level
organisation, their status counts for every top-level organisation at once, and the public
list behind each figure.

The rule (issue 11): a top-level organisation X answers for the tasks X or a body under X leads
that an organisation outside X's subtree assigned (a higher authority); what X assigns to itself
or its own units is its internal business and does not move its rank. A path begins with its
top-level organisation's code ("/01/00070/" is under "/01/"), so the rule is one comparison of
two path prefixes, in SQL, for every task at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import StrIndex, Substr

from nq57.core.paging import CountedPaginator, ListPage, PageRequest, page_of
from nq57.orgs.models import PATH_SEPARATOR, Organization

from ..models import Program, Task
from ..status import Status, StatusCounts
from .attention import stale_condition
from .status_sql import (
    annotate_status,
    count_expressions,
    counted_on,
    counts_of_row,
    deadline_at,
    open_at,
    status_condition,
    with_status_terms,
)

# What a public list can be asked for: one status, the tasks fallen due (the on-time rate's
# denominator), the open ones (the freshness component's), or all the figure's tasks.
ListStatus = Literal[
    "total",
    "completed_on_time",
    "completed_late",
    "in_progress",
    "overdue",
    "regular",
    "fallen_due",
    "open",
]
LIST_STATUSES: tuple[str, ...] = ListStatus.__args__  # type: ignore[attr-defined]


def _top_level_path(path_field: str) -> Substr:
    """The path of the top-level organisation at or above the one at `path_field`:
    "/01/00070/" gives "/01/"."""
    after_first = Substr(path_field, 2)
    return Substr(path_field, 1, StrIndex(after_first, Value(PATH_SEPARATOR)) + 1)


def counted_tasks() -> QuerySet[Task]:
    """Every task the public ranking counts: those assigned from outside the subtree of their
    lead's top-level organisation."""
    return (
        Task.objects.alias(
            lead_top=_top_level_path("lead_org__path"),
            assigner_top=_top_level_path("assigned_by__path"),
        )
        .exclude(lead_top=F("assigner_top"))
        .order_by()
    )


def _counted(program: Program | None) -> QuerySet[Task]:
    tasks = counted_tasks()
    return tasks if program is None else tasks.filter(program=program)


def counts_by_top_org(*, as_of: date, program: Program | None = None) -> dict[str, StatusCounts]:
    """The status counts as of `as_of` of the tasks each top-level organisation answers for,
    keyed by its path; one grouped query."""
    rows = (
        with_status_terms(_counted(program), as_of)
        .values(top=_top_level_path("lead_org__path"))
        .annotate(**count_expressions(as_of, None))
    )
    return {row["top"]: counts_of_row(row, None) for row in rows}


def freshness_by_top_org(*, today: date, stale_days: int) -> dict[str, tuple[int, int]]:
    """For each top-level organisation with open counted tasks: (those reported on within
    `stale_days` days, all of them), judged today, keyed by its path; one grouped query."""
    rows = (
        counted_tasks()
        .filter(open_condition(today))
        .values(top=_top_level_path("lead_org__path"))
        .annotate(open=Count("pk"), stale=Count("pk", filter=stale_condition(today, stale_days)))
    )
    return {row["top"]: (row["open"] - row["stale"], row["open"]) for row in rows}


def open_condition(today: date) -> Q:
    """Deadline tasks being worked on today: what the freshness component divides by. A task
    on hold or withdrawn owes no report, so it is not among them."""
    return counted_on(today) & open_at(today)


def _status_filter(status: str, as_of: date) -> Q:
    if status == "total":
        return Q()
    if status == "open":
        return open_condition(as_of)
    if status == "fallen_due":
        wanted = [Status.COMPLETED_ON_TIME, Status.COMPLETED_LATE, Status.OVERDUE]
    else:
        wanted = [Status(status)]
    condition = Q(pk__in=[])
    for one in wanted:
        condition |= status_condition(one, as_of)
    return condition


@dataclass(frozen=True)
class PublicListQuery:
    """One figure's list: a top-level organisation's counted tasks in a status as of a date."""

    org: Organization
    as_of: date
    status: str = "total"
    program: Program | None = None


def public_tasks(query: PublicListQuery) -> QuerySet[Task]:
    """The tasks behind one figure, in deadline order: the count is the figure."""
    # A lead under the organisation: its path begins with the organisation's.
    tasks = with_status_terms(_counted(query.program), query.as_of).filter(
        lead_org__path__startswith=query.org.path
    )
    return tasks.filter(_status_filter(query.status, query.as_of)).order_by(
        F("deadline").asc(nulls_last=True), "pk"
    )


def public_task_page(query: PublicListQuery, page: PageRequest) -> ListPage[Task]:
    """A page of a figure's list: its count, and its rows with only what the public may read
    (title, code, lead, the deadline in force as of the date, status, whether confidential)."""
    ids = public_tasks(query).values_list("pk", flat=True)
    shown = page_of(CountedPaginator(ids, page.size), page)
    page_ids = list(shown.object_list)
    rows: Any = annotate_status(
        Task.objects.filter(pk__in=page_ids)
        .select_related("lead_org")
        .only(
            "code",
            "title",
            "kind",
            "is_confidential",
            "lead_org__code",
            "lead_org__name_vi",
            "lead_org__name_en",
        )
        .annotate(deadline_then=deadline_at(query.as_of)),
        query.as_of,
    )
    by_id = {task.pk: task for task in rows}
    return ListPage(
        rows=[by_id[pk] for pk in page_ids if pk in by_id],
        count=shown.paginator.count,
        page=shown,
    )
