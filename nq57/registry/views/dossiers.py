"""Investment dossier pages: the list as of a date with its figures by state (and its XLSX
export), one dossier with its steps and timeline, the owner's registration and resubmission,
the appraising body's decision. Every official reads them; a step is taken only by those the
permissions name, anyone else is answered 404 (another organisation's dossier is not theirs
to act on). Thin adapters from forms to the dossier services and selectors."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nq57.core.errors import DomainError
from nq57.core.exchange import Flavour, write_xlsx
from nq57.core.paging import PageRequest

from ..choices import DossierState
from ..dossiers import permissions, selectors, services
from ..dossiers.export import DOSSIERS, dossier_rows
from ..dossiers.forms import AppraiseForm, DossierFilterForm, RegisterForm, ResubmitForm
from ..dossiers.rules import AWAITING_APPRAISAL
from ..models import Database, DatabaseList, InvestmentDossier
from ..sharing.forms import add_problems

PAGE_SIZE = 50


def _lists() -> list[DatabaseList]:
    return list(DatabaseList.objects.order_by("code"))


@login_required
def dossier_list_page(request: HttpRequest) -> HttpResponse:
    """The dossiers registered by a day, by their state then, filtered and paged, with the
    figures of every state (each a link to exactly its dossiers) and by owner."""
    lists = _lists()
    form = DossierFilterForm(request.GET, lists=lists)
    query = request.GET.copy()
    query.pop("page", None)
    context: dict[str, Any] = {
        "form": form,
        "lists": lists,
        "states": DossierState.choices,
        "query": query.urlencode(),
    }
    if form.is_valid():
        filters = form.filters()
        listed = selectors.dossier_list_page(
            filters, PageRequest(request.GET.get("page"), PAGE_SIZE)
        )
        context.update(
            filters=filters,
            as_of=filters.as_of,
            listed=listed,
            page=listed.page,
            rows=listed.page.object_list,
            returned=DossierState.RETURNED,
        )
    return render(request, "registry/dossiers.html", context)


@login_required
def dossier_export(request: HttpRequest) -> HttpResponseBase:
    """The filtered list as XLSX for people: the page's rows, words and dates."""
    form = DossierFilterForm(request.GET, lists=_lists())
    if not form.is_valid():
        # Back to the list, which names what is wrong.
        return dossier_list_page(request)
    filters = form.filters()
    buffer = io.BytesIO()
    write_xlsx(dossier_rows(selectors.dossiers_filtered(filters)), buffer, DOSSIERS, Flavour.PEOPLE)
    buffer.seek(0)
    name = f"nq57-dossiers-{filters.as_of.isoformat()}.xlsx"
    return FileResponse(buffer, as_attachment=True, filename=name)


def _dossier_context(
    request: HttpRequest,
    dossier: InvestmentDossier,
    *,
    appraise: AppraiseForm | None = None,
    resubmit: ResubmitForm | None = None,
) -> dict[str, Any]:
    current = selectors.current_step(dossier)
    state = current.state if current else ""
    return {
        "dossier": dossier,
        "database": dossier.database,
        "current": current,
        "steps": list(reversed(list(dossier.decisions.all()))),
        "timeline": selectors.timeline(dossier),
        "may_appraise": permissions.can_appraise(request.user, dossier)
        and state in AWAITING_APPRAISAL,
        "may_resubmit": permissions.can_resubmit(request.user, dossier)
        and state == DossierState.RETURNED,
        "appraise_form": appraise or AppraiseForm(),
        "resubmit_form": resubmit or ResubmitForm(),
        "today": timezone.localdate(),
    }


@login_required
def dossier_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One dossier: what it asks, its steps (who, when, what was missing), its timeline, and
    the form of whoever may take its next step."""
    dossier = selectors.dossier_detail(pk)
    return render(request, "registry/dossier.html", _dossier_context(request, dossier))


@login_required
def dossier_register_page(request: HttpRequest, code: str) -> HttpResponse:
    """The owner registers an investment dossier of its database (the database page shows
    the same form). Anyone else is answered 404."""
    database = get_object_or_404(Database.objects.select_related("owner"), code=code)
    if not permissions.can_register(request.user, database):
        raise Http404
    form = RegisterForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                dossier = services.dossier_register(
                    request.user,
                    database=database,
                    amount_million_vnd=data["amount_million_vnd"],
                    registered_on=data["registered_on"],
                    reference=data["reference"],
                    note=data["note"],
                )
            except DomainError as failure:
                add_problems(form, failure)
            else:
                messages.success(
                    request,
                    _("Dossier %(code)s registered with %(body)s.")
                    % {"code": dossier.code, "body": dossier.appraiser.name},
                )
                return redirect("registry:dossier", pk=dossier.pk)
        status = 400
    body = selectors.appraising_body()
    return render(
        request,
        "registry/dossier_register.html",
        {"database": database, "form": form, "appraiser_name": body.name if body else ""},
        status=status,
    )


def _acted_on(request: HttpRequest, pk: int, may: Any) -> InvestmentDossier:
    """The dossier for a step, or 404 when it is missing or the step is not the actor's."""
    dossier = selectors.dossier_detail(pk)
    if not may(request.user, dossier):
        raise Http404
    return dossier


@login_required
@require_POST
def dossier_appraise(request: HttpRequest, pk: int) -> HttpResponse:
    """The appraising body approves the dossier or returns it with the missing documents."""
    dossier = _acted_on(request, pk, permissions.can_appraise)
    form = AppraiseForm(request.POST)
    if form.is_valid() and (decision := form.decision_of()):
        data = form.cleaned_data
        try:
            if decision == "approve":
                services.dossier_approve(
                    request.user, dossier=dossier, on=data["dated"], note=data["note"]
                )
                messages.success(request, _("The dossier was approved."))
            else:
                services.dossier_return(
                    request.user,
                    dossier=dossier,
                    missing_documents=data["missing_documents"],
                    on=data["dated"],
                    note=data["note"],
                )
                messages.success(request, _("The dossier was returned to its owner."))
        except DomainError as failure:
            add_problems(form, failure)
        else:
            return redirect("registry:dossier", pk=dossier.pk)
    context = _dossier_context(request, dossier, appraise=form)
    return render(request, "registry/dossier.html", context, status=400)


@login_required
@require_POST
def dossier_resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner resubmits a returned dossier with the documents it lacked."""
    dossier = _acted_on(request, pk, permissions.can_resubmit)
    form = ResubmitForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.dossier_resubmit(
                request.user, dossier=dossier, on=data["dated"], note=data["note"]
            )
        except DomainError as failure:
            add_problems(form, failure)
        else:
            messages.success(request, _("The dossier was resubmitted for appraisal."))
            return redirect("registry:dossier", pk=dossier.pk)
    context = _dossier_context(request, dossier, resubmit=form)
    return render(request, "registry/dossier.html", context, status=400)
