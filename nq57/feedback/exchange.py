"""The feedback export: its layout, and its rows as the user may see them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from nq57.core.actors import Actor
from nq57.core.exchange import text_columns

from . import access_log, permissions, rules, selectors
from .models import Item

PERSONAL = ("contact_name", "contact_phone", "contact_email", "identity_number")
FEEDBACK = text_columns(
    "feedback",
    "tracking_code",
    "kind",
    "field",
    "title",
    "status",
    "body",
    "received_on",
    "due_on",
    "answered_on",
    *PERSONAL,
)


def export_rows(actor: Actor) -> Iterator[dict[str, Any]]:
    """Items as the export holds them: the secretariat's all, a body's its own, and for
    anyone else the published ones; the sender's personal data and the title as sent only
    where `actor` may see them (otherwise the cells are empty and the title is the published,
    redacted one)."""
    logged = False
    for item in selectors.exportable(actor).iterator():
        personal = permissions.can_see_personal_data(actor, item)
        if personal and not logged:  # once per export, when its first such row goes out
            access_log.personal_data_exported(actor)
            logged = True
        row = {
            "tracking_code": item.tracking_code,
            "kind": item.kind,
            "field": item.field.code,
            "title": item.title if personal else _redacted_title(item),
            "status": item.status,
            "body": item.body.code if item.body else "",
            "received_on": timezone.localdate(item.received_at),
            "due_on": item.due_on,
            "answered_on": timezone.localdate(item.answered_at) if item.answered_at else None,
        }
        if personal:
            row.update({key: getattr(item, key) for key in PERSONAL})
        yield row


def _redacted_title(item: Item) -> str:
    """The title for whoever may not see the sender's details: the published copy, or for an
    item not published (an official of the body without a handling role) the same
    redaction."""
    details = [getattr(item, name) for name in rules.PERSONAL_FIELDS]
    return item.public_title or rules.redact(item.title, details)
