"""The task list: one selector serves the list page, the API list, the count a page asks for
afterwards and the exports, so they can never drift apart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.paginator import Page
from django.db.models import F, QuerySet
from django.utils import timezone

from nq57.core.actors import Actor
from nq57.core.paging import (
    CountedPaginator,
    ListPage,
    OpenPage,
    PageRequest,
    count_up_to,
    open_page,
    page_of,
)

from ..filters import TaskFilterSet
from ..models import Program, Task
from .status_sql import annotate_status

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


def task_list(actor: Actor) -> QuerySet[Task]:
    """The tasks the actor may see, most urgent first; filter it, then page its ids."""
    return Task.objects.visible_to(actor).order_by(F("deadline").asc(nulls_last=True), "pk")


def program_choices() -> QuerySet[Program]:
    """The programmes a filter offers, by code."""
    return Program.objects.order_by("code").only("code", "title")


def task_rows(actor: Actor, ids: list[int], *, as_of: date) -> list[Task]:
    """The full rows of one page, in the page's order, with their status as of a date.

    Lists count and page on ids first (the narrow indexes answer that) and load the few rows
    shown afterwards: sorting whole rows of a large list would read every one of them."""
    rows = annotate_status(
        Task.objects.visible_to(actor).filter(pk__in=ids).select_related(*LIST_RELATED), as_of
    )
    by_id = {task.pk: task for task in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


@dataclass(frozen=True)
class TaskListPage(ListPage[Task]):
    """A page of the task list, its rows' status as of `as_of`."""

    as_of: date


def _is_filtering(filters: TaskFilterSet) -> bool:
    """Whether the filters were given and are valid; a page shown without any is unbound."""
    return bool(filters.is_bound and filters.is_valid())


def tasks_filtered(*, actor: Actor, filters: TaskFilterSet, ordering: str = "") -> QuerySet[Task]:
    """Every task of the list, in its order: the list's rows before paging, and the export's.
    Without filters, all the actor may see; with invalid ones, none. Raises ValidationFailed
    for an organisation that cannot be found."""
    tasks = task_list(actor)
    if filters.is_bound:
        tasks = filters.filter_queryset(tasks) if filters.is_valid() else tasks.none()
    if ordering in LIST_ORDERINGS:
        tasks = tasks.order_by(*LIST_ORDERINGS[ordering])
    return tasks


def task_list_page(
    *,
    actor: Actor,
    filters: TaskFilterSet,
    page: PageRequest,
    ordering: str = "",
    exact_count: bool = True,
) -> TaskListPage:
    """The rows, the count and the paging of the task list as `actor` may see it.

    Counts and pages on ids, then loads the rows shown (see `task_rows`). The count comes from
    the rollups when the filters ask only for statuses (`TaskFilterSet.status_total`). Without
    `exact_count`, a search past NQ57_SEARCH_COUNT_LIMIT is left uncounted: a phrase found in
    6% of a million tasks takes ~300 ms to count exactly on PostgreSQL, the rows of one page
    ~10 ms, so the page shows its rows at once and asks `task_list_count` afterwards."""
    ids = tasks_filtered(actor=actor, filters=filters, ordering=ordering).values_list(
        "pk", flat=True
    )
    filtering = _is_filtering(filters)
    deferred = not exact_count and filtering and bool(filters.form.cleaned_data.get("q"))
    count = filters.status_total(actor) if filtering else None
    if count is None and deferred:
        count = count_up_to(ids, settings.NQ57_SEARCH_COUNT_LIMIT)
    shown: Page[Any] | OpenPage
    if count is None and deferred:
        shown = open_page(ids, page.number, page.size)
    else:
        paginator = CountedPaginator(ids, page.size, count=count)
        shown = page_of(paginator, page)
        count = paginator.count
    as_of = filters.status_as_of if filtering else timezone.localdate()
    rows = task_rows(actor, list(shown.object_list), as_of=as_of)
    return TaskListPage(rows=rows, count=count, page=shown, as_of=as_of)


def empty_task_list_page(filters: TaskFilterSet, size: int) -> TaskListPage:
    """The list shown when its filters name what cannot be found."""
    as_of = filters.status_as_of if _is_filtering(filters) else timezone.localdate()
    return TaskListPage(rows=[], count=0, page=open_page([], 1, size), as_of=as_of)


def task_list_count(*, actor: Actor, filters: TaskFilterSet) -> int:
    """The exact number of tasks the list holds, for a list shown before it was counted."""
    count = filters.status_total(actor)
    if count is None:
        count = tasks_filtered(actor=actor, filters=filters).count()
    return count
