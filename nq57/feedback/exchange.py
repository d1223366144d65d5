"""The feedback export, a file for people to read: its layout (labels, kinds and statuses in
words, the field and the body by name), and its rows as the user may see them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy

from nq57.core.actors import Actor
from nq57.core.exchange import Column, Layout

from . import access_log, permissions, rules, selectors
from .choices import ItemStatus, Kind
from .models import Item


def _kind_label(kind: str) -> str:
    return str(Kind(kind).label)


def _status_label(status: str) -> str:
    return str(ItemStatus(status).label)


PERSONAL = ("contact_name", "contact_phone", "contact_email", "identity_number")
FEEDBACK = Layout(
    "feedback",
    (
        Column("tracking_code", label=gettext_lazy("Tracking code")),
        Column("kind", label=pgettext_lazy("what a sender sends", "Kind"), show=_kind_label),
        Column("field", label=gettext_lazy("Field")),
        Column("title", label=gettext_lazy("Title")),
        Column("status", label=gettext_lazy("Status"), show=_status_label),
        Column("body", label=gettext_lazy("Responsible body")),
        Column("received_on", typed=True, label=gettext_lazy("Received on")),
        Column("due_on", typed=True, label=gettext_lazy("Answer due by")),
        Column("answered_on", typed=True, label=gettext_lazy("Answered on")),
        Column("contact_name", label=gettext_lazy("Sender's name")),
        Column("contact_phone", label=gettext_lazy("Sender's phone")),
        Column("contact_email", label=gettext_lazy("Sender's email")),
        Column("identity_number", label=gettext_lazy("Sender's identity number")),
    ),
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
            "field": item.field.name,
            "title": item.title if personal else _redacted_title(item),
            "status": item.status,
            "body": item.body.name if item.body else "",
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
