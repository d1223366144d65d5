"""Who reaches which page, decided once for every page before its view runs (and when the
signed-in session was last seen, for the profile's list of sessions).

Public pages (the portal, the rankings, signing in and out, resetting a password) are open to
anyone, signed in or not, and never ask for a second factor. Every other page is the
officials': a citizen signed in through the identity provider is sent to the portal, and an
official who must sign in with a second factor is sent to verify it first. The API decides the
same questions in `authentication.OfficialAccess` (it answers 401/403, never a redirect).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import second_factor
from .access import is_official
from .services import session_note_seen

# The one allow-list of public pages, by URL name: anyone reaches them, nobody is asked for a
# second factor there. Everything else is for officials only.
PUBLIC_VIEWS = frozenset(
    {
        "feedback:home",
        "feedback:track",
        "feedback:item",
        "feedback:submit",
        "feedback:mine",
        "feedback:mine_item",
        "feedback:stats",
        "feedback:export",
        "feedback:support",
        "feedback:rate",
        # A person's own requests about their personal data, beside their items.
        "privacy:mine",
        "privacy:mine_request",
        "privacy:mine_copy",
        "accounts:oidc_start",
        "accounts:oidc_callback",
        "web:login",
        "web:logout",
        "web:password_reset",
        "web:password_reset_sent",
        "web:password_reset_confirm",
        "web:password_reset_complete",
        "web:ranking",
        "web:ranking_tasks",
        # Anyone checks a report they were given against the live data.
        "reports:verify",
        # One's calendar of deadlines for calendar programs: the private link is the key.
        "web:calendar_feed",
        "indicators:ranking",
        # The public register of refusals to share data (nothing secret in it).
        "registry:sharing_refusals",
        "registry:sharing_refusals_export",
        # The readiness ranking of ministries and provinces and the rows behind its figures.
        "registry:readiness",
        "registry:readiness_export",
        "registry:readiness_databases",
        "registry:readiness_requests",
        # Leaders' commitments are public (issue 18): each organisation's, a leader's
        # record, the signed files.
        "commitments:org",
        "commitments:leader",
        "commitments:signed",
        "set_language",
        # The probes (answered before this gate by nq57.web.health.ProbeMiddleware).
        "healthz",
        "readyz",
    }
)
# Paths outside the pages: the API (OfficialAccess decides there) and files.
PUBLIC_PREFIXES = ("/api/", "/static/")
# Pages an official reaches before the second factor is verified: to verify or enrol it.
SECOND_FACTOR_VIEWS = frozenset({"accounts:second_factor", "accounts:second_factor_setup"})


def is_public(request: HttpRequest) -> bool:
    match = request.resolver_match
    if match is not None and match.view_name in PUBLIC_VIEWS:
        return True
    return request.path_info.startswith(PUBLIC_PREFIXES)


class AccountGateMiddleware:
    """Officials only beyond the public pages, and their second factor verified first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated:
            return None
        session_note_seen(request)
        if is_public(request):
            return None
        if not is_official(user):
            return redirect("feedback:home")
        match = request.resolver_match
        name = match.view_name if match is not None else ""
        if second_factor.is_due(request) and name not in SECOND_FACTOR_VIEWS:
            target = reverse("accounts:second_factor")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return None
