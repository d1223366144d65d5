"""The officials' dashboard (the public rankings are in `ranking_views`). Thin: parse, call
selectors, render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext

from nq57.accounts.access import scope_of
from nq57.core.errors import ValidationFailed
from nq57.tasks.choices import STATUS_LABELS
from nq57.tasks.filters import summary_query_from
from nq57.tasks.selectors import listing

from .dashboard import dashboard, default_org
from .queue import HOME_ROWS, QUEUE_ROWS, queue_for
from .search import search


def _scope_params(request: HttpRequest) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """as_of, org and programme from the query string; problems by field."""
    params = {key: request.GET.get(key, "") for key in ("as_of", "org", "program")}
    try:
        query = summary_query_from(params)
    except ValidationFailed as failure:
        return {"as_of": timezone.localdate(), "org": None, "program": None}, failure.fields
    return {"as_of": query.as_of, "org": query.org, "program": query.program}, {}


def _stale_days(request: HttpRequest) -> int:
    try:
        return max(1, min(365, int(request.GET.get("stale_days") or settings.NQ57_STALE_DAYS)))
    except ValueError:
        return int(settings.NQ57_STALE_DAYS)


@login_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    """The status picture of the user's scope (national for the secretariat), drilled down by
    organisation, as of any date."""
    scope, errors = _scope_params(request)
    for messages_of_field in errors.values():
        for message in messages_of_field:
            messages.error(request, message)
    org = scope["org"]
    if org is None and "org" not in request.GET:
        org = default_org(request.user)
    board = dashboard(
        request.user,
        as_of=scope["as_of"],
        today=timezone.localdate(),
        org=org,
        program=scope["program"],
        stale_days=_stale_days(request),
        show_empty_rows=scope_of(request.user).everything,
    )
    chart = {
        # Organisations with no tasks are folded away under the tables, and left out here.
        # A bar leads where the row's name does: the organisation's dashboard, or its tasks.
        "orgs": [
            {
                "code": row.code,
                "name": row.name,
                "group": row.group,
                "url": row.link,
                "own": not row.subtree,
                **{key: getattr(row.counts, key) for key in _CHART_KEYS},
            }
            for row in board.rows
            if row.counts.total
        ],
        "trend": [
            {
                "label": formats.date_format(day, "SHORT_DATE_FORMAT"),
                **{key: getattr(counts, key) for key in _CHART_KEYS},
            }
            for day, counts in board.trend
        ],
        "labels": {
            **{key: str(STATUS_LABELS[key]) for key in _CHART_KEYS},
            "total": gettext("Total"),
            "itself": gettext("itself"),
        },
    }
    return render(
        request,
        "web/dashboard.html",
        {
            "board": board,
            "chart": chart,
            "errors": errors,
            "programs": listing.program_choices(),
            "queue": queue_for(request.user, timezone.localdate()).shortened(HOME_ROWS),
        },
    )


@login_required
def queue_page(request: HttpRequest) -> HttpResponse:
    """“Việc cần làm”: everything waiting on the signed-in official, section by section."""
    return render(
        request,
        "web/queue.html",
        {"queue": queue_for(request.user, timezone.localdate()), "rows": QUEUE_ROWS},
    )


_CHART_KEYS = ("completed_on_time", "completed_late", "in_progress", "overdue", "regular")


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    """Search from the menu across tasks, indicators and feedback items."""
    query = request.GET.get("q", "")[:200]
    return render(request, "web/search.html", {"results": search(request.user, query)})
