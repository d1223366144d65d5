"""The help pages: one per screen (`/help/tasks-detail/`), and their index. Officials only,
behind the gate like their pages. Thin: look the entry up, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from .help_content import HelpEntry, entry_for_slug, help_entries


def _next(request: HttpRequest) -> str:
    """Where the reader came from (`?next=`), if it is a page of this site; else ""."""
    target = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and safe else ""


def _screen_url(entry: HelpEntry) -> str:
    """The screen itself when its address needs nothing (a task's page needs its task)."""
    try:
        return reverse(entry.name)
    except NoReverseMatch:
        return ""


@login_required
def help_page(request: HttpRequest, screen: str) -> HttpResponse:
    """One screen's help in the active language, with the way back to where one was."""
    entry = entry_for_slug(screen)
    if entry is None:
        raise Http404
    came_from = _next(request)
    context = {
        "help": entry.text(),
        "back": came_from or _screen_url(entry),
        "keep": urlencode({"next": came_from}) if came_from else "",
    }
    return render(request, "web/help.html", context)


@login_required
def help_index_page(request: HttpRequest) -> HttpResponse:
    """Every screen's help, in the order of the shipped file."""
    came_from = _next(request)
    rows = [(entry.slug, entry.text()) for entry in help_entries().values()]
    context = {
        "rows": rows,
        "back": came_from,
        "keep": urlencode({"next": came_from}) if came_from else "",
    }
    return render(request, "web/help_index.html", context)
