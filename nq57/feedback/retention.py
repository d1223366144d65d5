"""The portal's retention (the record of processing, `core/data/processing.json`): an item is
kept at least five years from receipt (`rules.keep_until`); past that day the daily job
removes the sender's personal data and keeps what was asked and answered, redacted."""

from __future__ import annotations

from datetime import date
from functools import partial

from django.db import transaction

from nq57.core import audit
from nq57.core.actors import SYSTEM, Actor

from . import events, rules
from .models import Attachment, Item

BATCH = 500
# What was sent and answered stays, with the sender's details taken out of it.
KEPT_REDACTED = ("title", "content", "legal_reference", "answer")


def personal_data_expire(*, today: date) -> int:
    """Remove the sender's personal data from every item whose retention ended before
    `today`: contact details and identity number cleared, the texts redacted, the sender's
    attachments deleted (the body's answer documents stay). Idempotent; the number of items
    changed. Each batch is one transaction, so a long run holds no lock for long."""
    removed = 0
    while True:
        with transaction.atomic():
            batch = list(
                Item.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(keep_until__lt=today, personal_data_removed_on__isnull=True)
                .order_by("pk")[:BATCH]
            )
            for item in batch:
                item_personal_data_remove(SYSTEM, item=item, today=today)
        removed += len(batch)
        if len(batch) < BATCH:
            return removed


def item_personal_data_remove(
    actor: Actor,
    *,
    item: Item,
    today: date,
    event: audit.EventType = events.PERSONAL_DATA_REMOVED,
) -> None:
    """Remove the sender's personal data from one item the caller holds locked in its
    transaction: contact details and identity number cleared, the texts redacted, the
    sender's attachments deleted. The retention job and a granted deletion request (which
    records its own `event`) both run this one removal."""
    personal = [getattr(item, name) for name in rules.PERSONAL_FIELDS]
    for name in KEPT_REDACTED:
        setattr(item, name, rules.redact(getattr(item, name), personal))
    for name in rules.PERSONAL_FIELDS:
        setattr(item, name, "")
    item.personal_data_removed_on = today
    item.save()
    for attachment in Attachment.objects.filter(item=item, with_answer=False):
        # The file goes once the row is gone for good: a rollback must not lose it.
        transaction.on_commit(partial(attachment.file.storage.delete, attachment.file.name))
        attachment.delete()
    audit.record(actor, event, subject=item)
