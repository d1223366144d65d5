"""The task list page, the count it asks for afterwards, and its export: each parses the query
string, calls `selectors.listing` and renders."""

from __future__ import annotations

import io

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import render

from nq57.core.errors import ValidationFailed
from nq57.core.exchange import Flavour
from nq57.core.paging import PageRequest

from ..exchange import csv_chunks, export_rows, write_xlsx
from ..filters import TaskFilterSet
from ..selectors.listing import (
    LIST_ORDERINGS,
    empty_task_list_page,
    program_choices,
    task_list_count,
    task_list_page,
    tasks_filtered,
)
from ..selectors.summaries import breakdown_orgs

PAGE_SIZE = 50


def _filters(request: HttpRequest) -> TaskFilterSet:
    return TaskFilterSet(request.GET or None)


@login_required
def task_list_view(request: HttpRequest) -> HttpResponse:
    """Tasks in scope, filtered, searched, sorted and paged (`listing.task_list_page`)."""
    filters = _filters(request)
    ordering = request.GET.get("ordering", "")
    problems: list[str] = []
    try:
        listing = task_list_page(
            actor=request.user,
            filters=filters,
            page=PageRequest(request.GET.get("page"), PAGE_SIZE),
            ordering=ordering,
            # `count=1` asks for the exact count inline (the page's link without JavaScript).
            exact_count=bool(request.GET.get("count")),
        )
    except ValidationFailed as failure:
        problems.append(failure.message)
        listing = empty_task_list_page(filters, PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("count", None)
    context = {
        "filter": filters,
        "page": listing.page,
        "rows": listing.rows,
        "count": listing.count,
        "count_limit": settings.NQ57_SEARCH_COUNT_LIMIT,
        "as_of": listing.as_of,
        "ordering": ordering,
        "orderings": list(LIST_ORDERINGS),
        "query": query.urlencode(),
        "problems": problems,
        "programs": program_choices(),
        "top_orgs": breakdown_orgs(None),
    }
    if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
        return render(request, "tasks/_list_results.html", context)
    return render(request, "tasks/list.html", context)


@login_required
def task_count(request: HttpRequest) -> HttpResponse:
    """The exact number of tasks a list holds, for a list shown before it was counted."""
    filters = _filters(request)
    if not filters.is_valid():
        raise Http404
    try:
        count = task_list_count(actor=request.user, filters=filters)
    except ValidationFailed:
        raise Http404 from None
    return render(request, "tasks/_count.html", {"count": count})


@login_required
def task_export(request: HttpRequest) -> HttpResponseBase:
    """The filtered list as XLSX or CSV for people: the labels, words and formats of the
    page's language, in the import's layout (it imports back unchanged; the API and
    `export_tasks` write the machine format)."""
    filters = TaskFilterSet(request.GET)
    if not filters.is_valid():
        raise Http404
    tasks = tasks_filtered(actor=request.user, filters=filters)
    rows = export_rows(tasks, as_of=filters.status_as_of)
    if request.GET.get("format") == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(rows, buffer, Flavour.PEOPLE)
        buffer.seek(0)
        return FileResponse(buffer, as_attachment=True, filename="nq57-tasks.xlsx")
    response = StreamingHttpResponse(
        csv_chunks(rows, Flavour.PEOPLE), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="nq57-tasks.csv"'
    return response
