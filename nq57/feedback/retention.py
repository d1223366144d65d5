"""The portal's retention (the record of processing, `core/data/processing.json`): an item is
kept at least five years from receipt (`rules.keep_until`); past that day the daily job
removes the sender's personal data and keeps what was asked and answered, redacted.

Citizens' accounts exist for the portal, so their rule lives here too: an account is kept
while personal data in any item it sent are, and for five years after its last sign-in;
then its name, e-mail and identifier are cleared and it is closed."""

from __future__ import annotations

from datetime import date
from functools import partial

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from nq57.accounts.models import User
from nq57.accounts.services import citizen_personal_data_remove
from nq57.core import audit, retention
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


def citizen_account_expired(
    *, last_seen: date, holds_kept_items: bool, today: date, years: int
) -> bool:
    """A citizen's account is past its retention on `today` when no item of theirs still
    holds personal data and `years` whole years have passed since they were last seen
    (signed in, or joined)."""
    return not holds_kept_items and retention.add_years(last_seen, years) < today


def citizen_accounts_expire(today: date) -> int:
    """Clear every citizen account past its retention on `today`; the number cleared."""
    years = retention.activity("citizen_accounts").retention_years or 0
    # A year is at least 365 days: anyone seen since this moment is kept, whatever the year.
    seen_since = retention.cutoff(today, 365 * years)
    candidates = (
        User.objects.filter(identities__isnull=False, is_staff=False, is_superuser=False)
        .filter(memberships__isnull=True, date_joined__lt=seen_since)
        .filter(Q(last_login__isnull=True) | Q(last_login__lt=seen_since))
        .annotate(
            last_sign_in=Max("identities__last_sign_in_at"),
            holds_kept_items=Exists(
                Item.objects.filter(sender=OuterRef("pk"), personal_data_removed_on__isnull=True)
            ),
        )
        .filter(Q(last_sign_in__isnull=True) | Q(last_sign_in__lt=seen_since))
        .order_by("pk")
    )
    cleared = 0
    for user in candidates:
        moments = [user.date_joined, user.last_login, user.last_sign_in]
        last_seen = timezone.localdate(max(moment for moment in moments if moment is not None))
        if citizen_account_expired(
            last_seen=last_seen,
            holds_kept_items=user.holds_kept_items,
            today=today,
            years=years,
        ):
            citizen_personal_data_remove(SYSTEM, user=user)
            cleared += 1
    return cleared


def portal_items_expire(today: date) -> int:
    return personal_data_expire(today=today)


retention.register("portal_items", portal_items_expire)
retention.register("citizen_accounts", citizen_accounts_expire)
