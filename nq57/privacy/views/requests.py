"""Data-subject requests: the person's own pages (on the portal) and the secretariat's."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.core import audit
from nq57.core.errors import DomainError
from nq57.feedback import selectors as feedback_selectors
from nq57.feedback.views import sign_in_first
from nq57.tasks.forms import show_domain_error

from .. import events, permissions, selectors, services
from ..forms import CorrectionForm, DataRequestForm
from ..models import DataRequest


@sign_in_first
def my_requests_page(request: HttpRequest) -> HttpResponse:
    """One's requests about one's personal data, and the form to make one."""
    own_items = [
        (item.tracking_code, f"{item.tracking_code}: {item.title}")
        for item in feedback_selectors.sent_by(request.user)
    ]
    form = DataRequestForm(request.POST or None, item_codes=own_items)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filed = services.data_request_file(
                request.user,
                kind=data["kind"],
                item_code=data["item"],
                wrong=data["wrong"],
                wanted=data["wanted"],
            )
        except DomainError as failure:
            show_domain_error(form, failure)
        else:
            messages.success(request, _("Your request was received."))
            return redirect(reverse("privacy:mine_request", args=[filed.pk]))
    context = {
        "form": form,
        "requests": selectors.requests_of(request.user),
        "due_hours": settings.NQ57_DATA_REQUEST_HOURS,
    }
    return render(request, "privacy/my_requests.html", context)


@sign_in_first
def my_request_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One's own request: where it stands, its answer, and the copy once it is ready."""
    own = selectors.get_request_for_user(request.user, pk)
    if own.requester_id != request.user.pk:
        raise Http404  # a handler reads it on the secretariat's page
    context = {"request_": own, "overdue": selectors.is_overdue(own, timezone.now())}
    return render(request, "privacy/my_request.html", context)


@sign_in_first
def my_copy_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The copy of one's personal data, as JSON, built now from what the system holds."""
    own = selectors.copy_request(request.user, pk)
    now = timezone.now()
    copy = selectors.personal_data_copy(own, at=now)
    audit.record(request.user, events.COPY_DOWNLOADED, subject=own)
    response = HttpResponse(
        json.dumps(copy, ensure_ascii=False, indent=2), content_type="application/json"
    )
    name = f"nq57-personal-data-{now:%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def request_list_page(request: HttpRequest) -> HttpResponse:
    """The secretariat's requests: open first, the nearest due first, overdue marked."""
    now = timezone.now()
    queue = selectors.request_queue(request.user, at=now, page=request.GET.get("page"))
    rows = [(row, selectors.is_overdue(row, now)) for row in queue.page.object_list]
    return render(request, "privacy/request_list.html", {"queue": queue, "rows": rows})


@login_required
def request_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One request for the secretariat, with its actions: correct, answer, refuse."""
    handled = selectors.get_request_for_user(request.user, pk)
    if not permissions.can_handle_data_requests(request.user):
        raise Http404
    items = selectors.items_of_requester(handled)
    correction = CorrectionForm(
        request.POST if request.POST.get("action") == "correct" else None,
        item_codes=[item.tracking_code for item in items],
    )
    if request.method == "POST":
        if _act(request, handled, correction):
            return redirect(reverse("privacy:request", args=[handled.pk]))
        handled.refresh_from_db()
    context = {
        "request_": handled,
        "overdue": selectors.is_overdue(handled, timezone.now()),
        "items": items,
        "kept": selectors.kept_items(handled) if handled.is_open else [],
        "correction": correction,
        "history": audit.history_of(handled),
    }
    return render(request, "privacy/request.html", context)


def _act(request: HttpRequest, handled: DataRequest, correction: CorrectionForm) -> bool:
    """Run the posted action; True when it succeeded (its errors go to messages or the
    correction form)."""
    action = request.POST.get("action")
    try:
        if action == "correct":
            if not correction.is_valid():
                return False
            services.data_request_correct(request.user, request=handled, **correction.cleaned_data)
            messages.success(request, _("Corrected."))
        elif action == "answer":
            services.data_request_answer(
                request.user, request=handled, answer=request.POST.get("answer", "")
            )
            messages.success(request, _("Answered."))
        elif action == "refuse":
            services.data_request_refuse(
                request.user, request=handled, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Refused."))
        else:
            return False
    except DomainError as failure:
        if action == "correct":
            show_domain_error(correction, failure)
        else:
            messages.error(request, failure.message)
        return False
    return True
