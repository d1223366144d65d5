"""Writing the audit trail; services call `record` inside their transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

from .models import AuditEvent, AuditEventType


def json_value(value: Any) -> Any:
    """A JSON-safe rendering of a field value for the change record."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The fields whose value differs, as {field: [old, new]}."""
    return {
        key: [json_value(before.get(key)), json_value(after.get(key))]
        for key in after
        if json_value(before.get(key)) != json_value(after.get(key))
    }


def as_user(actor: Any) -> Any:
    """The user to store in a foreign key, or None for the system actor."""
    return actor if getattr(actor, "pk", None) else None


def build(
    actor: Any,
    event: AuditEventType,
    *,
    subject: models.Model,
    changes: Mapping[str, Any] | None = None,
    data: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """An unsaved audit event, for callers that write many at once."""
    return AuditEvent(
        actor=as_user(actor),
        event=event,
        subject_type=subject._meta.model_name or "",
        subject_id=subject.pk,
        subject_label=str(subject)[:300],
        changes=dict(changes or {}),
        data={k: json_value(v) for k, v in (data or {}).items()},
    )


def record(actor: Any, event: AuditEventType, **kwargs: Any) -> AuditEvent:
    """Write one audit event in the caller's transaction."""
    entry = build(actor, event, **kwargs)
    entry.save()
    return entry


def record_many(entries: Iterable[AuditEvent], *, batch_size: int = 2000) -> None:
    AuditEvent.objects.bulk_create(entries, batch_size=batch_size)


def history_of(subject: models.Model) -> models.QuerySet[AuditEvent]:
    """The audit trail of one object, oldest first."""
    return (
        AuditEvent.objects.filter(subject_type=subject._meta.model_name, subject_id=subject.pk)
        .select_related("actor")
        .order_by("id")
    )
