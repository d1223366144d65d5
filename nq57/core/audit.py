"""Writing the audit trail; services call `record` inside their transaction.

Event types are registered by the app that records them (`register`, from core.events), each
in its own `events.py`; `record` refuses a code no app registered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

from .actors import Actor, user_id_of
from .events import EventType, listeners_of, lookup, register, registered
from .models import AuditEvent

__all__ = [
    "EventType",
    "build",
    "diff",
    "history_of",
    "json_value",
    "record",
    "record_many",
    "register",
    "registered",
]


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


def build(
    actor: Actor,
    event: EventType,
    *,
    subject: models.Model,
    changes: Mapping[str, Any] | None = None,
    data: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """An unsaved audit event, for callers that write many at once."""
    return AuditEvent(
        actor_id=user_id_of(actor),
        event=lookup(event).code,
        subject_type=subject._meta.model_name or "",
        subject_id=subject.pk,
        subject_label=str(subject)[:300],
        changes=dict(changes or {}),
        data={k: json_value(v) for k, v in (data or {}).items()},
    )


def record(actor: Actor, event: EventType, **kwargs: Any) -> AuditEvent:
    """Write one audit event in the caller's transaction, and whatever its listeners do (a
    notice to those concerned) in the same transaction."""
    entry = build(actor, event, **kwargs)
    entry.save()
    for listener in listeners_of(entry.event):
        listener(actor, kwargs["subject"], entry)
    return entry


def record_many(entries: Iterable[AuditEvent], *, batch_size: int = 2000) -> None:
    """Write many events built with `build` at once (bulk imports)."""
    AuditEvent.objects.bulk_create(entries, batch_size=batch_size)


def history_of(subject: models.Model) -> models.QuerySet[AuditEvent]:
    """The audit trail of one object, oldest first."""
    return (
        AuditEvent.objects.filter(subject_type=subject._meta.model_name, subject_id=subject.pk)
        .select_related("actor")
        .order_by("id")
    )
