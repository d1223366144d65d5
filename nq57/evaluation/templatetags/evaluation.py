"""Small filters of the evaluation pages: a score as the page shows it, a band's and a
reason's words, a value by key."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

from ..labels import reason_text
from ..rules import Reason

register = template.Library()


@register.filter
def score(value: Decimal | None) -> str:
    """0–100 to two decimals in the page's language (91,25 in Vietnamese); — without data."""
    return "—" if value is None else number_format(value, 2)


@register.filter
def pick(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.filter
def reason(value: Reason) -> str:
    return reason_text(value)


@register.simple_tag
def band_label(band: Any, labels: dict[Any, Any]) -> str:
    """The band's words; "not classified" without a score."""
    from django.utils.translation import gettext

    return gettext("Not classified (no data)") if band is None else str(labels[band])
