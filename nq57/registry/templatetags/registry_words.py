"""The registry's codes as people read them on its pages: statuses, risks, kinds, dossier
states in the page's language, the colour of each status and state, and a figure's link."""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ..choices import DatabaseKind, DatabaseStatus, DossierState, RiskLevel

register = template.Library()

STATUS_STYLES: dict[str, str] = {
    DatabaseStatus.FORMED: "success",
    DatabaseStatus.DEPLOYING: "primary",
    DatabaseStatus.NOT_STARTED: "secondary",
}


def _label(choices: type[models.TextChoices], value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return "—" if value in (None, "") else str(value)


@register.filter
def database_status(value: Any) -> str:
    return _label(DatabaseStatus, value)


@register.filter
def database_status_style(value: Any) -> str:
    return STATUS_STYLES.get(str(value), "light")


@register.filter
def risk_level(value: Any) -> str:
    return _label(RiskLevel, value)


@register.filter
def database_kind(value: Any) -> str:
    return _label(DatabaseKind, value)


@register.filter
def dossier_state(value: Any) -> str:
    return _label(DossierState, value)


DOSSIER_STATE_STYLES: dict[str, str] = {
    DossierState.REGISTERED: "primary",
    DossierState.RESUBMITTED: "info",
    DossierState.APPROVED: "success",
    DossierState.RETURNED: "danger",
}


@register.filter
def dossier_state_style(value: Any) -> str:
    return DOSSIER_STATE_STYLES.get(str(value), "light")


@register.simple_tag
def figure_link(figure: Any, key: str) -> SafeString:
    """A dossier figure (`value`, `url`) as the link to the dossiers it counts, its number in
    the page's language: for a sentence that places several of them. Marked
    `data-dossier-figure`: the list it opens shows the same figure in its totals."""
    return format_html(
        '<a class="fw-semibold" data-dossier-figure="{}" href="{}">{}</a>',
        key,
        figure.url,
        number_format(figure.value, force_grouping=True),
    )


@register.filter
def is_at_risk(row: Any) -> bool:
    """A database row annotated by `with_standing`: not formed, high risk then."""
    status = getattr(row, "status_then", None)
    return bool(status) and status != DatabaseStatus.FORMED and row.risk_then == RiskLevel.HIGH
