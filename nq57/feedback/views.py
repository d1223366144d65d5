"""The public portal's pages: read without signing in."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from nq57.accounts import oidc
from nq57.core.errors import DomainError

from . import notify, selectors, services
from .forms import SubmissionForm

PAGE_SIZE = 20


def home_page(request: HttpRequest) -> HttpResponse:
    """Counters, the search over published items, and the look-up by tracking code."""
    query = request.GET.get("q", "").strip()
    items = selectors.search_published(query)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"counters": selectors.counters(), "q": query, "page": page}
    return render(request, "feedback/home.html", context)


def item_page(request: HttpRequest, code: str) -> HttpResponse:
    """A published item: what was asked, the answer, and how it was handled."""
    return render(request, "feedback/item.html", {"public": selectors.public_item(code)})


def track_page(request: HttpRequest) -> HttpResponse:
    """Where an item stands, for whoever holds its tracking code."""
    code = request.GET.get("code", "").strip().upper()
    if not code:
        return redirect(reverse("feedback:home"))
    return render(request, "feedback/track.html", {"tracked": selectors.tracked(code)})


def sign_in_first(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors go to the national identity's sign-in (the officials' page when no
    provider is configured), then back here."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        start = reverse("accounts:oidc_start") if oidc.is_configured() else reverse("web:login")
        return redirect(f"{start}?{urlencode({'next': request.get_full_path()})}")

    return wrapper


@sign_in_first
def submit_page(request: HttpRequest) -> HttpResponse:
    """Send feedback, a recommendation, an initiative or a solution."""
    user = request.user
    initial = {
        "contact_name": getattr(user, "full_name", ""),
        "contact_email": getattr(user, "email", ""),
    }
    form = SubmissionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data.get("website"):
            return redirect(reverse("feedback:home"))  # a robot filled the hidden field
        try:
            item = services.item_submit(request.user, **form.service_arguments())
        except DomainError as failure:
            for name, problems in failure.fields.items():
                for problem in problems:
                    form.add_error(name if name in form.fields else None, problem)
        else:
            site = request.build_absolute_uri("/").rstrip("/")
            transaction.on_commit(lambda: notify.receipt(item.pk, site))
            messages.success(
                request,
                _("Received. Your tracking code is %(code)s.") % {"code": item.tracking_code},
            )
            return redirect(reverse("feedback:mine_item", args=[item.tracking_code]))
    return render(request, "feedback/submit.html", {"form": form})


@sign_in_first
def mine_page(request: HttpRequest) -> HttpResponse:
    """The items the signed-in person sent, newest first, with where each stands."""
    return render(request, "feedback/mine.html", {"items": selectors.sent_by(request.user)})


@sign_in_first
def mine_item_page(request: HttpRequest, code: str) -> HttpResponse:
    """One's own item: what was sent, the answer (published or not), the history."""
    item = selectors.get_item_for_handler(request.user, code)
    history = list(item.events.select_related("body"))
    return render(request, "feedback/mine_item.html", {"item": item, "history": history})
