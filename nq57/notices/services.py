"""Telling users: `notify` writes the notices of one event in the caller's transaction and,
once it commits, has the worker mail those who want mail at once. Preferences and reading
marks are written here too."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.core.actors import Actor, user_id_of
from nq57.core.errors import ValidationFailed

from .kinds import Kind
from .models import Delivery, Notice, Preferences

# The most reminders before a deadline one may ask for, and how far ahead.
MOST_DEADLINE_DAYS = 5
LONGEST_NOTICE_DAYS = 90


def notify(
    kind: Kind,
    recipients: Iterable[int] | QuerySet[Any],
    *,
    key: str,
    params: Mapping[str, Any],
    link: str = "",
    actor: Actor | None = None,
) -> int:
    """Tell each recipient (user ids, or a queryset of users) about one event, named by `key`;
    those told already about it are skipped. The actor is not told of what they did. How many
    were told now."""
    ids = _user_ids(recipients) - ({user_id_of(actor)} if actor is not None else set())
    if not ids:
        return 0
    known = set(
        Notice.objects.filter(recipient_id__in=ids, key=key).values_list("recipient_id", flat=True)
    )
    fresh = [
        Notice(recipient_id=uid, kind=kind.code, key=key[:200], params=dict(params), link=link)
        for uid in sorted(ids - known)
    ]
    # ignore_conflicts: a concurrent run telling the same event loses quietly, never twice.
    Notice.objects.bulk_create(fresh, ignore_conflicts=True)
    if fresh:
        told = [notice.recipient_id for notice in fresh]
        transaction.on_commit(lambda: _mail_now(told))
    return len(fresh)


def _user_ids(recipients: Iterable[int] | QuerySet[Any]) -> set[int]:
    if isinstance(recipients, QuerySet):
        return set(recipients.values_list("pk", flat=True))
    return set(recipients)


def _mail_now(user_ids: list[int]) -> None:
    from .delivery import mail_immediate  # the worker's task module loads the mail machinery

    mail_immediate.enqueue(user_ids)


def mark_read(user_id: int, notice_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notices read (all of them without ids); how many changed."""
    unread = Notice.objects.filter(recipient_id=user_id, read_at__isnull=True)
    if notice_ids is not None:
        unread = unread.filter(pk__in=list(notice_ids))
    return unread.update(read_at=timezone.now())


def preferences_set(
    user_id: int, *, delivery: str, deadline_days: Iterable[int], silence_days: int
) -> Preferences:
    """Save how the user wants to be told; refused with a message per field when out of range."""
    errors: dict[str, list[str]] = {}
    if delivery not in Delivery.values:
        errors["delivery"] = [str(_("Choose how to receive e-mail."))]
    days = sorted(set(deadline_days), reverse=True)
    if len(days) > MOST_DEADLINE_DAYS or any(not 0 < d <= LONGEST_NOTICE_DAYS for d in days):
        errors["deadline_days"] = [
            str(
                _("Give at most %(most)s numbers of days, each from 1 to %(longest)s.")
                % {"most": MOST_DEADLINE_DAYS, "longest": LONGEST_NOTICE_DAYS}
            )
        ]
    if not 0 < silence_days <= LONGEST_NOTICE_DAYS:
        message = _("Give a number of days from 1 to %(longest)s.")
        errors["silence_days"] = [message % {"longest": LONGEST_NOTICE_DAYS}]
    if errors:
        raise ValidationFailed(_("Check the notification choices."), fields=errors)
    preferences, _created = Preferences.objects.update_or_create(
        user_id=user_id,
        defaults={"delivery": delivery, "deadline_days": days, "silence_days": silence_days},
    )
    return preferences
