"""A stated figure as the verify page shows it: a count grouped in the page's language, a
share or a day as stated, nothing as "—"."""

from __future__ import annotations

from django import template

from nq57.core.numbers import Numbers

from ..stated import Value

register = template.Library()


@register.filter
def figure_value(value: Value) -> str:
    if value is None:
        return "—"
    if isinstance(value, int):
        return Numbers().grouped(value)
    return str(value)
