"""The public readiness ranking and, behind each of its figures, the list of exactly what it
counts. No sign-in; the same for everyone. Thin: parse, call, render."""

from __future__ import annotations

import io
from datetime import date

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from nq57.core.dates import day_param
from nq57.core.paging import PageRequest
from nq57.orgs.choices import OrgGroup
from nq57.orgs.selectors import top_level_orgs

from ..choices import DatabaseStatus
from ..readiness.export import write_readiness_xlsx
from ..readiness.method import readiness_method
from ..readiness.rows import (
    REQUEST_FIGURES,
    DatabaseRowsQuery,
    RequestRowsQuery,
    database_rows_page,
    is_database_figure,
    request_rows_page,
)
from ..readiness.rules import COMPONENTS
from ..readiness.selectors import readiness_ranking

PAGE_SIZE = 50


def _as_of(request: HttpRequest) -> date:
    """The page's day from `as_of` (30/11/2026 or 2026-11-30); a wrong one is said, and
    today used instead."""
    try:
        return day_param(request.GET, "as_of") or timezone.localdate()
    except ValueError as problem:
        messages.error(request, str(problem))
        return timezone.localdate()


def readiness_page(request: HttpRequest) -> HttpResponse:
    """Ministries and agencies, and provinces, ranked by their readiness to connect and share
    data as of a day, every component beside the score and the formula stated; public."""
    as_of = _as_of(request)
    return render(
        request,
        "registry/readiness.html",
        {
            "as_of": as_of,
            "groups": readiness_ranking(as_of),
            "method": readiness_method(),
            "components": COMPONENTS,
        },
    )


def readiness_export(request: HttpRequest) -> FileResponse:
    """The ranking as of the day as a workbook, as the page shows it. Public."""
    as_of = _as_of(request)
    groups = {group.value: str(group.label) for group in OrgGroup}
    buffer = io.BytesIO()
    write_readiness_xlsx(as_of, buffer, groups)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=f"readiness-{as_of.isoformat()}.xlsx")


def readiness_databases_page(request: HttpRequest, code: str) -> HttpResponse:
    """The databases behind one figure of a ministry or province: code, name, owner, status
    as of the day, the day it joined the sharing platform. Public."""
    org = top_level_orgs().filter(code=code).first()
    figure = request.GET.get("figure") or "databases"
    if org is None or not is_database_figure(figure):
        raise Http404
    query = DatabaseRowsQuery(org=org, as_of=_as_of(request), figure=figure)
    shown, count = database_rows_page(query, PageRequest(request.GET.get("page"), PAGE_SIZE))
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "registry/readiness_databases.html",
        {
            "query": query,
            "page": shown,
            "count": count,
            "params": kept.urlencode(),
            "status_labels": dict(DatabaseStatus.choices),
        },
    )


def readiness_requests_page(request: HttpRequest, code: str) -> HttpResponse:
    """The data sharing requests behind one figure of a ministry or province, as the public
    register shows them. Public."""
    org = top_level_orgs().filter(code=code).first()
    figure = request.GET.get("figure") or "received"
    if org is None or figure not in REQUEST_FIGURES:
        raise Http404
    query = RequestRowsQuery(org=org, as_of=_as_of(request), figure=figure)
    shown, count = request_rows_page(query, PageRequest(request.GET.get("page"), PAGE_SIZE))
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "registry/readiness_requests.html",
        {"query": query, "page": shown, "count": count, "params": kept.urlencode()},
    )
