"""The daily watch of answers owed (`manage.py sharing_deadlines`): a request whose answer
is past due is reminded to the provider once; overdue NQ57_SHARING_ESCALATE_AFTER_WORKING_DAYS
working days, it is raised to the competent authority once (`escalated_on`), as tasks are.
The deadline watched is the one running: the first, or the fresh one after an overrule.
Run twice the same day (two workers, a retry), it changes and tells nothing more."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from nq57.core import audit
from nq57.core.actors import SYSTEM
from nq57.core.calendar import working_days_between

from ..models import SharingRequest
from ..sharing_rules import SharingState
from . import events, notices


@dataclass(frozen=True)
class Watched:
    reminded: int = 0
    escalated: int = 0

    def __str__(self) -> str:
        return f"{self.reminded} reminded, {self.escalated} escalated"


def _past_due(today: date) -> Q:
    return Q(state=SharingState.PENDING, due_on__lt=today) | Q(
        state=SharingState.OVERRULED, grant_due_on__lt=today
    )


@transaction.atomic
def sharing_deadlines(today: date) -> Watched:
    """Remind and raise the overdue answers of `today` (see the module)."""
    after = settings.NQ57_SHARING_ESCALATE_AFTER_WORKING_DAYS
    overdue = (
        SharingRequest.objects.select_for_update(of=("self",))
        .filter(_past_due(today), escalated_on__isnull=True)
        .select_related("database", "requester", "provider", "authority")
        .order_by("pk")
    )
    reminded = escalated = 0
    for request in overdue:
        due = request.answer_due_on
        if due is None:  # excluded by the filter; for the type checker
            continue
        late = working_days_between(due, today)
        if request.reminded_on is None:
            request.reminded_on = today
            request.save(update_fields=["reminded_on", "updated_at"])
            audit.record(SYSTEM, events.REMINDED, subject=request, data={"due_on": due})
            notices.tell(notices.OVERDUE, notices.provider_side(request), request, due.isoformat())
            reminded += 1
        if late >= after:
            request.escalated_on = today
            request.save(update_fields=["escalated_on", "updated_at"])
            audit.record(
                SYSTEM, events.ESCALATED, subject=request, data={"due_on": due, "late": late}
            )
            notices.tell(
                notices.ESCALATED,
                notices.authority_side(request),
                request,
                due.isoformat(),
                days=late,
            )
            escalated += 1
    return Watched(reminded=reminded, escalated=escalated)
