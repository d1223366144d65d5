"""The breach register: the secretariat records a breach, when the authority (A05) was
notified (with the reason when past 72 hours) and when it was closed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.core import audit
from nq57.core.actors import Actor, user_id_of
from nq57.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from nq57.core.locking import reread_for_update
from nq57.core.processing import processing_record

from .. import events, permissions, rules
from ..models import Breach


@transaction.atomic
def breach_record(
    actor: Actor,
    *,
    discovered_at: datetime,
    description: str,
    categories: Sequence[str],
    people_affected: int,
    measures: str,
    now: datetime | None = None,
) -> Breach:
    """Record a breach the moment the controller is aware of it: the clock starts at
    `discovered_at`."""
    _may_record(actor)
    now = now or timezone.now()
    problems: dict[str, list[str]] = {}
    if discovered_at > now:
        problems["discovered_at"] = [_("A breach cannot be discovered in the future.")]
    known = {activity.code for activity in processing_record()}
    if not categories or not set(categories) <= known:
        problems["categories"] = [_("Choose the categories of data from the record of processing.")]
    for name, text in (("description", description), ("measures", measures)):
        if not text.strip():
            problems[name] = [_("This field is required.")]
    if people_affected < 0:
        problems["people_affected"] = [_("Give a number of people, zero or more.")]
    if problems:
        raise ValidationFailed(next(iter(problems.values()))[0], fields=problems)
    breach = Breach.objects.create(
        discovered_at=discovered_at,
        description=description.strip(),
        categories=sorted(set(categories)),
        people_affected=people_affected,
        measures=measures.strip(),
        recorded_by_id=user_id_of(actor),
    )
    audit.record(
        actor,
        events.BREACH_RECORDED,
        subject=breach,
        data={"discovered_at": discovered_at, "categories": breach.categories},
    )
    return breach


@transaction.atomic
def breach_notify(
    actor: Actor,
    *,
    breach: Breach,
    notified_at: datetime,
    late_reason: str = "",
    now: datetime | None = None,
) -> Breach:
    """Record when the authority was notified; past 72 hours the reason is required."""
    _may_record(actor)
    breach = reread_for_update(breach)
    if breach.notified_at is not None:
        raise InvalidTransition(_("The notification of this breach is already recorded."))
    if not breach.discovered_at <= notified_at <= (now or timezone.now()):
        message = _("The notification falls between the discovery and now.")
        raise ValidationFailed(message, fields={"notified_at": [message]})
    late = rules.notified_late(breach.discovered_at, notified_at)
    if late and not late_reason.strip():
        message = _("The notification came after 72 hours: say why.")
        raise ValidationFailed(message, fields={"late_reason": [message]})
    breach.notified_at = notified_at
    breach.late_reason = late_reason.strip() if late else ""
    breach.save(update_fields=["notified_at", "late_reason", "updated_at"])
    audit.record(
        actor,
        events.BREACH_NOTIFIED,
        subject=breach,
        data={"notified_at": notified_at, "late": late, "late_reason": breach.late_reason},
    )
    return breach


@transaction.atomic
def breach_close(
    actor: Actor, *, breach: Breach, closed_at: datetime | None = None, now: datetime | None = None
) -> Breach:
    """Close a breach once the authority has been notified."""
    _may_record(actor)
    breach = reread_for_update(breach)
    now = now or timezone.now()
    closed_at = closed_at or now
    if breach.closed_at is not None:
        raise InvalidTransition(_("This breach is already closed."))
    if breach.notified_at is None:
        raise InvalidTransition(_("Record the notification of the authority before closing."))
    if not breach.notified_at <= closed_at <= now:
        message = _("A breach closes between its notification and now.")
        raise ValidationFailed(message, fields={"closed_at": [message]})
    breach.closed_at = closed_at
    breach.save(update_fields=["closed_at", "updated_at"])
    audit.record(actor, events.BREACH_CLOSED, subject=breach, data={"closed_at": closed_at})
    return breach


def _may_record(actor: Actor) -> None:
    if not permissions.can_record_breaches(actor):
        raise NotPermitted(_("Only the secretariat keeps the breach register."))
