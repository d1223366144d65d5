"""The breach register: the secretariat keeps it, the inspectors read it, nobody else."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.core import audit
from nq57.core.errors import DomainError
from nq57.core.processing import processing_record
from nq57.tasks.forms import show_domain_error

from .. import permissions, selectors, services
from ..forms import BreachForm, ClosingForm, NotificationForm


@login_required
def breach_list_page(request: HttpRequest) -> HttpResponse:
    """Every breach with its 72-hour clock; the secretariat records a new one here."""
    now = timezone.now()
    rows = selectors.breach_register(request.user, at=now)  # 404 for anyone else
    may_record = permissions.can_record_breaches(request.user)
    form = BreachForm(request.POST or None) if may_record else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            breach = services.breach_record(request.user, **form.cleaned_data)
        except DomainError as failure:
            show_domain_error(form, failure)
        else:
            messages.success(request, _("The breach is recorded: the 72-hour clock runs."))
            return redirect(reverse("privacy:breach", args=[breach.pk]))
    context = {"rows": rows, "form": form, "may_record": may_record}
    return render(request, "privacy/breach_list.html", context)


@login_required
def breach_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One breach, its clock and its trail; the secretariat records the notification of the
    authority and the closing."""
    row = selectors.get_breach_for_user(request.user, pk, at=timezone.now())
    may_record = permissions.can_record_breaches(request.user)
    action = request.POST.get("action") if may_record and request.method == "POST" else None
    notification = NotificationForm(request.POST if action == "notify" else None)
    closing = ClosingForm(request.POST if action == "close" else None)
    form = {"notify": notification, "close": closing}.get(action or "")
    if form is not None and form.is_valid():
        try:
            if action == "notify":
                services.breach_notify(request.user, breach=row.breach, **form.cleaned_data)
            else:
                services.breach_close(request.user, breach=row.breach, **form.cleaned_data)
        except DomainError as failure:
            show_domain_error(form, failure)
        else:
            messages.success(request, _("Recorded."))
            return redirect(reverse("privacy:breach", args=[pk]))
    names = {
        activity.code: f"{activity.data} ({activity.subjects})" for activity in processing_record()
    }
    context = {
        "row": row,
        "categories": [(code, names.get(code, code)) for code in row.breach.categories],
        "may_record": may_record,
        "notification": notification,
        "closing": closing,
        "history": audit.history_of(row.breach),
    }
    return render(request, "privacy/breach.html", context)
