"""The notification centre: one's notices, read and unread, and one's choices."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nq57.core.errors import ValidationFailed
from nq57.core.form_errors import add_service_errors, flash_errors
from nq57.core.paging import open_page

from . import selectors, services
from .forms import PreferencesForm

PER_PAGE = 50


@login_required
def centre_page(request: HttpRequest) -> HttpResponse:
    notices = selectors.notices_of(_me(request))
    page = open_page(notices, request.GET.get("page"), PER_PAGE)
    rows = [(notice, selectors.sentence(notice)) for notice in page.object_list]
    return render(request, "notices/centre.html", {"page": page, "rows": rows})


@login_required
def open_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a notice: marked read, then on to what it is about. Another user's notice: 404."""
    notice = selectors.notices_of(_me(request)).filter(pk=pk).first()
    if notice is None:
        raise Http404
    services.mark_read(_me(request), [notice.pk])
    safe = url_has_allowed_host_and_scheme(notice.link, allowed_hosts=None)
    return redirect(notice.link if notice.link and safe else "notices:centre")


@login_required
@require_POST
def read_all_view(request: HttpRequest) -> HttpResponse:
    """Mark one's notices read: those named (`notice`, repeated), or all of them."""
    named = None
    if "notice" in request.POST:
        # ASCII digits only: "²".isdigit() is true and int() refuses it.
        named = [int(pk) for pk in request.POST.getlist("notice") if pk.isascii() and pk.isdigit()]
    count = services.mark_read(_me(request), named)
    messages.success(request, _("Marked read: %(n)s.") % {"n": count})
    return redirect("notices:centre")


@login_required
@require_POST
def preferences_view(request: HttpRequest) -> HttpResponse:
    """Save the choices sent from the profile page; back there with the outcome."""
    form = PreferencesForm(request.POST)
    if form.is_valid():
        try:
            services.preferences_set(_me(request), **form.cleaned_data)
        except ValidationFailed as failure:
            add_service_errors(form, failure)
    if not flash_errors(request, form):
        messages.success(request, _("Your notification choices were saved."))
    return redirect("/account/#notifications")


def _me(request: HttpRequest) -> int:
    """The signed-in user's id (every view here is behind login_required)."""
    return int(request.user.pk or 0)


def initial_form(user_id: int) -> PreferencesForm:
    """The form filled with the user's current choices (the profile page shows it)."""
    choices = selectors.choices_of(user_id)
    return PreferencesForm(
        initial={
            "delivery": choices.delivery,
            "deadline_days": ", ".join(str(d) for d in choices.deadline_days),
            "silence_days": choices.silence_days,
        }
    )
