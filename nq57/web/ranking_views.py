"""The public ranking pages: the on-time ranking and, behind each of its figures, the list of
exactly the tasks it counts. No sign-in; the same for everyone. Thin: parse, call, render."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from nq57.core.errors import ValidationFailed
from nq57.core.paging import PageRequest
from nq57.orgs.selectors import top_level_orgs
from nq57.tasks.filters import summary_query_from
from nq57.tasks.models import Program
from nq57.tasks.ranking import on_time_ranking
from nq57.tasks.selectors import listing
from nq57.tasks.selectors.public_ranking import LIST_STATUSES, PublicListQuery, public_task_page

from .public_ranking import ranked_rows

PAGE_SIZE = 50


def _as_of_and_program(request: HttpRequest) -> tuple[date, Program | None]:
    """as_of and programme from the query string; a problem is shown and today, all
    programmes, used instead."""
    params = {key: request.GET.get(key, "") for key in ("as_of", "program")}
    try:
        query = summary_query_from(params)
    except ValidationFailed as failure:
        for field_messages in failure.fields.values():
            for message in field_messages:
                messages.error(request, message)
        return timezone.localdate(), None
    return query.as_of, query.program


def ranking_page(request: HttpRequest) -> HttpResponse:
    """Organisations ranked by on-time completion of the tasks assigned to them by a higher
    authority, the rule and the formula stated on the page; public."""
    as_of, program = _as_of_and_program(request)
    groups = on_time_ranking(as_of=as_of, program=program)
    return render(
        request,
        "web/ranking.html",
        {
            "as_of": as_of,
            "program": program,
            "programs": listing.program_choices(),
            "groups": ranked_rows(groups, as_of=as_of, program=program),
        },
    )


def ranking_tasks_page(request: HttpRequest, code: str) -> HttpResponse:
    """The tasks behind one figure of a top-level organisation: title, lead, deadline in force
    as of the date, status; a confidential task without its title. Public."""
    org = top_level_orgs().filter(code=code).first()
    status = request.GET.get("status") or "total"
    if org is None or status not in LIST_STATUSES:
        raise Http404
    as_of, program = _as_of_and_program(request)
    query = PublicListQuery(org=org, as_of=as_of, status=status, program=program)
    listed = public_task_page(query, PageRequest(request.GET.get("page"), PAGE_SIZE))
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "web/ranking_tasks.html",
        {"query": query, "listed": listed, "page": listed.page, "params": kept.urlencode()},
    )
