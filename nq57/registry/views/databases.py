"""The registry by list as of a date, the database list behind each of its figures (and its
export), and a database's page. The same for every signed-in official: the registry is one."""

from __future__ import annotations

import io
from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from nq57.core.dates import day_param
from nq57.core.exchange import Flavour, write_xlsx
from nq57.core.paging import PageRequest, page_of

from ..choices import DatabaseStatus, RiskLevel
from ..dossiers import permissions as dossier_permissions
from ..dossiers.forms import RegisterForm
from ..dossiers.selectors import (
    DossierFilters,
    appraising_body,
    database_dossiers,
    dossier_figures,
)
from ..exchange import DATABASES
from ..exchange.export import export_rows
from ..forms import RISK_CHOICES, DatabaseFilterForm, RegistryForm
from ..listing import (
    database_list_url,
    database_page,
    databases_filtered,
    figures_of,
    owner_rows,
)
from ..models import DatabaseList
from ..quality.selectors.scores import database_scores
from ..selectors import registry_summary
from ..sharing.selectors import database_requests

PAGE_SIZE = 50


@login_required
def registry_page(request: HttpRequest) -> HttpResponse:
    """A list's databases by status and risk as of a date, each figure a link to exactly its
    databases, then by owner; and their investment dossiers by state then."""
    lists = list(DatabaseList.objects.order_by("code"))
    form = RegistryForm(request.GET, lists=lists)
    context: dict[str, object] = {"form": form, "lists": lists}
    if form.is_valid():
        filters = form.filters()
        chosen = filters.database_list
        base = {"list": chosen.code if chosen else "", "as_of": filters.as_of.isoformat()}
        summary = registry_summary(list_code=chosen.code if chosen else "", as_of=filters.as_of)
        context.update(
            chosen=chosen,
            as_of=filters.as_of,
            figures=figures_of(summary, base),
            owners=owner_rows(chosen, filters.as_of),
            dossiers=dossier_figures(DossierFilters(as_of=filters.as_of, database_list=chosen)),
        )
    else:
        context["as_of"] = None
    return render(request, "registry/registry.html", context)


@login_required
def database_list_page(request: HttpRequest) -> HttpResponse:
    """The databases with a status on the date, by their status and risk then, filtered and
    paged, with the exact count (the registry's figures link here)."""
    lists = list(DatabaseList.objects.order_by("code"))
    form = DatabaseFilterForm(request.GET, lists=lists)
    query = request.GET.copy()
    query.pop("page", None)
    context: dict[str, object] = {
        "form": form,
        "lists": lists,
        "statuses": DatabaseStatus.choices,
        "risks": RISK_CHOICES,
        "query": query.urlencode(),
        "high": RiskLevel.HIGH,
        "formed": DatabaseStatus.FORMED,
    }
    if form.is_valid():
        filters = form.filters()
        paginator = Paginator(databases_filtered(filters), PAGE_SIZE)
        page = page_of(paginator, PageRequest(request.GET.get("page"), PAGE_SIZE))
        context.update(
            filters=filters,
            as_of=filters.as_of,
            page=page,
            rows=page.object_list,
            count=paginator.count,
            registry_query=urlencode(
                {k: v for k, v in filters.params().items() if k in ("list", "as_of")}
            ),
        )
    return render(request, "registry/databases.html", context)


@login_required
def database_export(request: HttpRequest) -> HttpResponseBase:
    """The filtered list as XLSX for people, in the import's layout: labels, words, dates
    and numbers of the page's language (it imports back unchanged)."""
    form = DatabaseFilterForm(request.GET, lists=list(DatabaseList.objects.order_by("code")))
    if not form.is_valid():
        # Back to the list, which names what is wrong.
        return database_list_page(request)
    filters = form.filters()
    buffer = io.BytesIO()
    rows = export_rows(databases_filtered(filters), filters.as_of)
    write_xlsx(rows, buffer, DATABASES, Flavour.PEOPLE)
    buffer.seek(0)
    name = f"nq57-databases-{filters.as_of.isoformat()}.xlsx"
    return FileResponse(buffer, as_attachment=True, filename=name)


def _as_of(request: HttpRequest) -> tuple[date, str]:
    """The page's day (default today) and the problem with the one asked, if any."""
    try:
        return day_param(request.GET, "as_of") or timezone.localdate(), ""
    except ValueError as exc:
        return timezone.localdate(), str(exc)


@login_required
def database_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A database as it stood on a date: what it is, who owns it, its status and risk then
    with the history that led there, its investment dossiers then (and, for its owner, the
    form to register one)."""
    as_of, problem = _as_of(request)
    found = database_page(code, as_of)
    may_register = dossier_permissions.can_register(request.user, found.database)
    body = appraising_body() if may_register else None
    context = {
        "page": found,
        "database": found.database,
        "as_of": as_of,
        "problem": problem,
        "as_of_text": request.GET.get("as_of", "") if problem else as_of,
        "owner_url": database_list_url(
            {"owner": found.database.owner.code, "as_of": as_of.isoformat()}
        ),
        "today_url": f"?{urlencode({'as_of': timezone.localdate().isoformat()})}",
        "quality": database_scores(as_of, [found.database.pk]).get(found.database.pk),
        "requests": database_requests(found.database, as_of),
        "dossiers": database_dossiers(found.database, as_of),
        "may_register": may_register,
        "register_form": RegisterForm(),
        "appraiser_name": body.name if body else "",
    }
    return render(request, "registry/database.html", context)
