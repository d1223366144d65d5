"""The composite ranking's page: the ranking with each component beside the score; the
secretariat sets the weights here. Thin: parse, call the selector or the service, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.core.errors import DomainError
from nq57.indicators import permissions, scoring, selectors, services

from .composite import composite_ranking, ranking_date
from .public_ranking import component_links


def composite_ranking_page(request: HttpRequest) -> HttpResponse:
    """The composite ranking with each component beside the score, public and the same for
    everyone; the secretariat sets the weights here (signed in)."""
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            services.ranking_weights_set(
                request.user,
                weights={name: _whole(request.POST.get(name)) for name in scoring.COMPONENTS},
            )
            messages.success(request, _("The weights were saved."))
        except DomainError as failure:
            messages.error(request, failure.message)
        return redirect(reverse("indicators:ranking"))
    try:
        as_of = ranking_date(request.GET.get("as_of") or "")
    except ValueError:
        as_of = timezone.localdate()
    weights = selectors.ranking_weights()
    today = timezone.localdate()
    groups = composite_ranking(as_of=as_of, today=today, weights=weights.as_dict())
    context = {
        "as_of": as_of,
        "weights": weights,
        "groups": groups,
        "links": component_links(groups, as_of=as_of, today=today),
        "today": today,
        "components": scoring.COMPONENTS,
        "can_set": permissions.can_set_ranking_weights(request.user),
        "stale_days": settings.NQ57_STALE_DAYS,
    }
    return render(request, "web/composite_ranking.html", context)


def _whole(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return -1  # refused by the service with its message
