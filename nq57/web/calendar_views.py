"""The calendar of one's deadlines: the month page (with the private link's management) and
the iCal feed a calendar program polls with that link. Thin: parse, call, render."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from nq57.accounts.models import User
from nq57.accounts.selectors import calendar_feed_of
from nq57.accounts.services import calendar_feed_create, calendar_feed_open
from nq57.core.errors import ValidationFailed

from .calendar import calendar_page, deadlines_of, parse_month
from .calendar_ics import absolute, feed


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def calendar_view(request: HttpRequest) -> HttpResponse:
    """The signed-in official's deadlines in a month (`?month=YYYY-MM`) and the days ahead;
    POST creates their calendar link (anew, the earlier one stops working) and shows it
    once: only its hash is kept."""
    today = timezone.localdate()
    try:
        month = parse_month(request.GET.get("month"), today)
    except ValidationFailed as failure:
        messages.error(request, failure.message)
        month = today.replace(day=1)
    link = ""
    if request.method == "POST":
        holder = cast(User, request.user)  # login_required
        _feed, secret = calendar_feed_create(holder, user=holder)
        link = absolute(reverse("web:calendar_feed", args=[secret]))
        messages.success(
            request, _("Your new calendar link is below; an earlier one no longer works.")
        )
    context = {
        "page": calendar_page(request.user, month=month, today=today),
        "feed": calendar_feed_of(request.user),
        "link": link,
    }
    return render(request, "web/calendar.html", context)


@require_safe
def calendar_feed_view(request: HttpRequest, token: str) -> HttpResponse:
    """The deadlines of the link's holder as iCalendar, to anyone who has the link: no
    session (a calendar program has none); an unknown or replaced link is not found."""
    user = calendar_feed_open(token)
    if user is None:
        raise Http404
    # The programme's language, whatever the calendar program asks for.
    with translation.override(settings.LANGUAGE_CODE):
        body = feed(
            deadlines_of(user, timezone.localdate()),
            name=_("NQ57 deadlines"),
            stamped_at=timezone.now(),
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="nq57.ics"'
    # The holder's deadlines: never kept by a shared cache, and never indexed.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
