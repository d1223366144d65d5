"""The frame's link to the help of the page it frames (issue 14 item 7)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from ..help_content import entry_for

register = template.Library()


@register.simple_tag(takes_context=True)
def help_url(context: Any) -> str:
    """The help of the current page, with the way back to it; "" when it has none. A look-up
    in the data read once per process: no query."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if request is None or match is None:
        return ""
    entry = entry_for(match.view_name)
    if entry is None:
        return ""
    target = reverse("web:help", args=[entry.slug])
    return f"{target}?{urlencode({'next': request.get_full_path()})}"
