"""The registry's codes as people read them on its pages: statuses, risks, kinds, dossier
states in the page's language, and the colour of each status."""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models

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


@register.filter
def is_at_risk(row: Any) -> bool:
    """A database row annotated by `with_standing`: not formed, high risk then."""
    status = getattr(row, "status_then", None)
    return bool(status) and status != DatabaseStatus.FORMED and row.risk_then == RiskLevel.HIGH
