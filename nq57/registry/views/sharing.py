"""Data-sharing pages: the provider's inbox, the requests sent and a new one, the competent
authority's queue, a request with its timeline, and the public register of refusals (with
their XLSX exports). Thin adapters from forms to the sharing services and selectors."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from nq57.accounts.access import REPORTING_ROLES, organisations_with_role
from nq57.core.errors import DomainError
from nq57.core.exchange import Column, Flavour, Layout, write_xlsx
from nq57.orgs.models import Organization

from ..models import SharingRequest
from ..sharing import forms, permissions, selectors, services
from ..sharing_rules import AuthorityDecision, RefusalBasis, SharingState

PAGE_SIZE = 50


def _page(request: HttpRequest, rows: Any) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
def inbox_page(request: HttpRequest) -> HttpResponse:
    """Requests received by one's organisations: overdue first, each to open and answer."""
    today = timezone.localdate()
    page = _page(request, selectors.inbox(request.user, today=today))
    return render(request, "registry/sharing/inbox.html", {"page": page, "today": today})


@login_required
def sent_page(request: HttpRequest) -> HttpResponse:
    """Requests one's organisations sent, newest first."""
    page = _page(request, selectors.sent(request.user))
    return render(
        request, "registry/sharing/sent.html", {"page": page, "today": timezone.localdate()}
    )


def _requesters(request: HttpRequest) -> Any:
    return Organization.objects.filter(
        pk__in=organisations_with_role(request.user, REPORTING_ROLES)
    ).order_by("path")


@login_required
def new_page(request: HttpRequest) -> HttpResponse:
    """Ask another organisation for data of one of its databases."""
    form = forms.RequestForm(request.user, _requesters(request), request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.sharing_request_submit(request.user, **form.cleaned_data)
        except DomainError as failure:
            forms.add_problems(form, failure)
        else:
            messages.success(
                request,
                _("Request %(code)s sent; the answer is due on %(day)s.")
                % {"code": created.code, "day": created.due_on.strftime("%d/%m/%Y")},
            )
            return redirect(reverse("registry:sharing_request", args=[created.pk]))
    return render(request, "registry/sharing/new.html", {"form": form})


@login_required
def authority_page(request: HttpRequest) -> HttpResponse:
    """The competent authority's queue: refusals to decide, and answers raised to it."""
    return render(
        request,
        "registry/sharing/authority.html",
        {"queue": selectors.authority_queue(request.user), "today": timezone.localdate()},
    )


@login_required
def request_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One request with its timeline, and what the actor may do: grant or refuse (the
    provider), uphold or overrule a refusal (the competent authority)."""
    shown = selectors.get_request_for_user(request.user, pk)
    grant, refuse, decide = forms.GrantForm(), forms.RefuseForm(), forms.DecisionForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in ("grant", "refuse"):
                if not permissions.can_answer(request.user, shown):
                    raise PermissionDenied
                if action == "grant":
                    grant = forms.GrantForm(request.POST)
                    if grant.is_valid():
                        services.sharing_request_grant(
                            request.user,
                            request=shown,
                            connection_details=grant.cleaned_data["connection_details"],
                        )
                        messages.success(request, _("Granted."))
                        return redirect(reverse("registry:sharing_request", args=[pk]))
                else:
                    refuse = forms.RefuseForm(request.POST)
                    if refuse.is_valid():
                        services.sharing_request_refuse(
                            request.user,
                            request=shown,
                            basis=refuse.cleaned_data["refusal_basis"],
                            citation=refuse.cleaned_data["refusal_citation"],
                            justification=refuse.cleaned_data["refusal_justification"],
                        )
                        messages.success(request, _("Refused; the competent authority is told."))
                        return redirect(reverse("registry:sharing_request", args=[pk]))
            elif action == "decide":
                if not permissions.can_decide(request.user, shown):
                    raise PermissionDenied
                decide = forms.DecisionForm(request.POST)
                if decide.is_valid():
                    services.sharing_refusal_decide(
                        request.user,
                        request=shown,
                        decision=decide.cleaned_data["decision"],
                        reason=decide.cleaned_data["decision_reason"],
                    )
                    messages.success(request, _("Decision recorded."))
                    return redirect(reverse("registry:sharing_request", args=[pk]))
            else:
                raise PermissionDenied
        except DomainError as failure:
            target = {"grant": grant, "refuse": refuse, "decide": decide}[action]
            forms.add_problems(target, failure)
    context = {
        "shown": shown,
        "today": timezone.localdate(),
        "timeline": selectors.timeline(shown),
        "can_answer": permissions.can_answer(request.user, shown)
        and shown.state in (SharingState.PENDING, SharingState.OVERRULED),
        "can_refuse": permissions.can_answer(request.user, shown)
        and shown.state == SharingState.PENDING,
        "can_decide": permissions.can_decide(request.user, shown)
        and shown.state == SharingState.REFUSED,
        "sees_connection": permissions.can_see_connection(request.user, shown),
        "grant_form": grant,
        "refuse_form": refuse,
        "decide_form": decide,
    }
    return render(request, "registry/sharing/request.html", context)


@require_GET
def register_page(request: HttpRequest) -> HttpResponse:
    """The public register of refusals: no sign-in, nothing secret (see REGISTER_FIELDS)."""
    page = _page(request, selectors.refusal_register())
    rows = [
        {
            **row,
            "basis": _basis_words(row["refusal_basis"]),
            "decision_words": _decision_words(row["decision"]) if row["decision"] else "",
        }
        for row in _register_rows(page.object_list)
    ]
    return render(request, "registry/sharing/register.html", {"page": page, "rows": rows})


def _state_words(value: str) -> str:
    return str(SharingState(value).label)


def _basis_words(value: str) -> str:
    return str(RefusalBasis(value).label)


def _decision_words(value: str) -> str:
    return str(AuthorityDecision(value).label)


INBOX = Layout(
    "requests",
    (
        Column("code", label=gettext_lazy("Request")),
        Column("database", label=gettext_lazy("Database")),
        Column("requester", label=gettext_lazy("Requesting organisation")),
        Column("provider", label=gettext_lazy("Providing organisation")),
        Column("submitted_on", typed=True, label=gettext_lazy("Submitted on")),
        Column("due_on", typed=True, label=gettext_lazy("Answer due")),
        Column("state", label=gettext_lazy("State"), show=_state_words),
        Column("answered_on", typed=True, label=gettext_lazy("Answered on")),
        Column("refusal_basis", label=gettext_lazy("Basis of the refusal"), show=_basis_words),
        Column("decision", label=gettext_lazy("Authority's decision"), show=_decision_words),
    ),
)
REGISTER = Layout(
    "refusals",
    (
        Column("code", label=gettext_lazy("Request")),
        Column("database", label=gettext_lazy("Database")),
        Column("provider", label=gettext_lazy("Providing organisation")),
        Column("requester", label=gettext_lazy("Requesting organisation")),
        Column("answered_on", typed=True, label=gettext_lazy("Refused on")),
        Column("refusal_basis", label=gettext_lazy("Basis of the refusal"), show=_basis_words),
        Column("refusal_citation", label=gettext_lazy("Citation")),
        Column("refusal_justification", label=gettext_lazy("Justification")),
        Column("decision", label=gettext_lazy("Authority's decision"), show=_decision_words),
        Column("decision_reason", label=gettext_lazy("Reason for the decision")),
        Column("decided_on", typed=True, label=gettext_lazy("Decided on")),
    ),
)


def _inbox_rows(requests: Iterable[SharingRequest]) -> Iterator[dict[str, Any]]:
    for each in requests:
        yield {
            "code": each.code,
            "database": f"{each.database.code} — {each.database.name}",
            "requester": each.requester.name,
            "provider": each.provider.name,
            "submitted_on": each.submitted_on,
            "due_on": each.answer_due_on or each.due_on,
            "state": each.state,
            "answered_on": each.answered_on,
            "refusal_basis": each.refusal_basis,
            "decision": each.decision,
        }


def _named(row: dict[str, Any], prefix: str) -> str:
    english = translation.get_language() or ""
    if english.startswith("en") and row[f"{prefix}__name_en"]:
        return str(row[f"{prefix}__name_en"])
    return str(row[f"{prefix}__name_vi"])


def _register_rows(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for row in rows:
        yield {
            "code": f"YC-{row['pk']}",
            "database": f"{row['database__code']} — {row['database__name']}",
            "provider": _named(row, "provider"),
            "requester": _named(row, "requester"),
            "answered_on": row["answered_on"],
            "refusal_basis": row["refusal_basis"],
            "refusal_citation": row["refusal_citation"],
            "refusal_justification": row["refusal_justification"],
            "decision": row["decision"],
            "decision_reason": row["decision_reason"],
            "decided_on": row["decided_on"],
        }


def _workbook(rows: Iterable[dict[str, Any]], layout: Layout, name: str) -> FileResponse:
    buffer = io.BytesIO()
    write_xlsx(rows, buffer, layout, Flavour.PEOPLE)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=name)


@login_required
def inbox_export(request: HttpRequest) -> FileResponse:
    """The inbox as a workbook (never the connection details)."""
    requests = selectors.inbox(request.user, today=timezone.localdate())
    return _workbook(_inbox_rows(requests.iterator()), INBOX, "nq57-sharing-inbox.xlsx")


@require_GET
def register_export(request: HttpRequest) -> FileResponse:
    """The public register of refusals as a workbook: what the page shows."""
    return _workbook(
        _register_rows(selectors.refusal_register().iterator()),
        REGISTER,
        "nq57-sharing-refusals.xlsx",
    )
