"""The budget as officials read it, the same for every one of them: a year's picture as of a
day, the entries behind each of its figures (and their export, in the import's layout), and
an organisation's budget over the years beside its tasks. Thin: parse, call, render."""

from __future__ import annotations

import io
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from nq57.core.dates import day_param
from nq57.core.exchange import Flavour, write_xlsx
from nq57.core.paging import CountedPaginator, PageRequest, page_of
from nq57.orgs.models import Organization

from ..exchange import BUDGET
from ..exchange.export import export_rows
from ..forms import FIGURE_CHOICES, GROUP_CHOICES, EntryFilterForm, YearForm
from ..permissions import can_read_budget, can_record_budget
from ..selectors.entries import budget_years, entries_filtered, entry_totals
from ..selectors.orgs import org_budget
from ..selectors.pages import year_page

PAGE_SIZE = 50


def _require_reader(request: HttpRequest) -> None:
    # The gate lets only officials reach these pages; the question is asked all the same.
    if not can_read_budget(request.user):
        raise Http404


@login_required
def year_view(request: HttpRequest) -> HttpResponse:
    """A year's money as of a day: in all, by group, organisation and programme, every
    figure a link to exactly the entries it counts."""
    _require_reader(request)
    form = YearForm(request.GET)
    context: dict[str, object] = {
        "form": form,
        "keeper": can_record_budget(request.user),
    }
    if form.is_valid():
        as_of = form.cleaned_data.get("as_of") or timezone.localdate()
        years = budget_years(as_of)
        year = form.cleaned_data.get("year") or years.default
        page = year_page(year, as_of, years)
        context.update(page=page, years=page.years)
    else:
        context.update(years=budget_years(timezone.localdate()).years)
    return render(request, "budget/year.html", context)


@login_required
def entries_view(request: HttpRequest) -> HttpResponse:
    """The entries a figure counts, filtered and paged, with what they add up to (the
    figure itself)."""
    _require_reader(request)
    form = EntryFilterForm(request.GET)
    query = request.GET.copy()
    query.pop("page", None)
    context: dict[str, object] = {
        "form": form,
        "figures": FIGURE_CHOICES,
        "groups": GROUP_CHOICES,
        "query": query.urlencode(),
    }
    if form.is_valid():
        filters = form.filters()
        entries = entries_filtered(filters)
        totals = entry_totals(entries)
        paginator = CountedPaginator(entries, PAGE_SIZE, count=totals.count)
        page = page_of(paginator, PageRequest(request.GET.get("page"), PAGE_SIZE))
        context.update(
            filters=filters,
            totals=totals,
            figure_sum=totals.of(filters.figure),
            page=page,
            rows=page.object_list,
            as_of=filters.as_of,
            year_query=urlencode({"year": str(filters.year), "as_of": filters.as_of.isoformat()}),
        )
    return render(request, "budget/entries.html", context)


@login_required
def entries_export(request: HttpRequest) -> HttpResponseBase:
    """The filtered entries as XLSX for people, in the import's layout: labels, words, dates
    and numbers of the page's language (it imports back unchanged)."""
    _require_reader(request)
    form = EntryFilterForm(request.GET)
    if not form.is_valid():
        # Back to the list, which names what is wrong.
        return entries_view(request)
    filters = form.filters()
    buffer = io.BytesIO()
    write_xlsx(export_rows(entries_filtered(filters)), buffer, BUDGET, Flavour.PEOPLE)
    buffer.seek(0)
    name = f"nq57-budget-{filters.year}-{filters.as_of.isoformat()}.xlsx"
    return FileResponse(buffer, as_attachment=True, filename=name)


def _as_of(request: HttpRequest) -> date:
    """The page's day from `as_of` (30/11/2026 or 2026-11-30); a wrong one is said, and
    today used instead."""
    try:
        return day_param(request.GET, "as_of") or timezone.localdate()
    except ValueError as problem:
        messages.error(request, str(problem))
        return timezone.localdate()


@login_required
def org_view(request: HttpRequest, code: str) -> HttpResponse:
    """An organisation's budget over the years as of a day, with the history of its entries,
    beside the tasks it answers for."""
    _require_reader(request)
    organization = Organization.objects.filter(code=code).first()
    if organization is None:
        raise Http404
    as_of = _as_of(request)
    return render(
        request,
        "budget/org.html",
        {
            "budget": org_budget(organization, as_of),
            "organization": organization,
            "as_of": as_of,
            "keeper": can_record_budget(request.user),
        },
    )
