"""The pages of a request that could not be served — 400, 403 (a refused CSRF check among
them) and 404 — in the site's frame and the user's language, each saying what happened and
offering the ways back. The 500 page is `templates/500.html` (no request context: whatever
failed may fail again) and the database outage has its own (`outage`)."""

from __future__ import annotations

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def _error_page(
    request: HttpRequest, status: int, title: str, text: str, reason: str = ""
) -> HttpResponse:
    return render(
        request,
        "web/_error.html",
        {
            "error_code": status,
            "error_title": title,
            "error_text": text,
            "reason": reason,
            "back_url": _back_url(request),
        },
        status=status,
    )


def _back_url(request: HttpRequest) -> str:
    """The page the user came from, when it is one of this site's."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except DisallowedHost:  # the 400 of a request to a host this site is not
        return ""
    safe = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    )
    return referer if referer and safe else ""


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        request,
        400,
        _("The request could not be understood"),
        _("Something in the address or in what was sent is not valid. Go back and try again."),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        request,
        403,
        _("You may not do this"),
        _(
            "Your roles do not allow this action. Ask your organisation's administrator "
            "if you need it."
        ),
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        request,
        404,
        _("Page not found"),
        _(
            "There is no such page, or it is not one you may see. Check the address, or go back "
            "to where you came from."
        ),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from a page too old (its session ended, another tab signed out): the
    usual cause, said plainly, rather than Django's English page."""
    return _error_page(
        request,
        403,
        _("The form could not be sent"),
        _(
            "The page was open too long or you signed in again elsewhere, so it can no longer "
            "be sent. Go back, reload the page and send it again."
        ),
    )
