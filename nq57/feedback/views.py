"""The public portal's pages: read without signing in."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from . import selectors

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
