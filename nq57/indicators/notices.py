"""Who is told about forms, and what they read: a form sent is told to the monitoring
organisation's approvers; approved or returned, to the organisation that sent it; the daily
reminders (`form_reminders`) tell what is due, late, and raise the late to the monitor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nq57.accounts.access import deciders_or_secretariat, holders_by_org, holders_of
from nq57.accounts.choices import REPORTING_ROLES
from nq57.accounts.models import User
from nq57.core.actors import Actor
from nq57.core.events import listen
from nq57.core.models import AuditEvent
from nq57.core.periods import Period, parse_period
from nq57.notices import kinds
from nq57.notices.selectors import choices_by_user, deadline_days_in_use
from nq57.notices.services import notify
from nq57.orgs.models import Organization

from . import events
from .models import DataSet, Submission
from .selectors.forms import organisations_owing, reporting_period
from .services.submissions import due_on

SUBMITTED = kinds.register("form.submitted", _("{org} sent the form {form} for {period}"))
APPROVED = kinds.register("form.approved", _("Form {form} for {period} approved"))
RETURNED = kinds.register("form.returned", _("Form {form} for {period} returned: {reason}"))
DUE = kinds.register("form.due", _("Form {form} for {period} is due on {due} (days left: {days})"))
LATE = kinds.register("form.late", _("Form {form} for {period} was due {due} and is not sent"))
ESCALATED = kinds.register(
    "form.escalated",
    _(
        "Raised to you: {form} for {period} was due {due}; "
        "organisations that have not sent it: {count}"
    ),
)
# A late form is told to its organisation, and raised, within this many days of its due date.
CATCH_UP_DAYS = 14


def _facts(dataset: DataSet, period: Period, **more: Any) -> dict[str, Any]:
    return {"form": dataset.name, "period": period.label, **more}


def entry_link(dataset: DataSet, period: Period, org: Organization) -> str:
    query = urlencode({"dataset": dataset.code, "period": period.code, "org": org.code})
    return f"{reverse('indicators:entry')}?{query}"


def forms_link(dataset: DataSet, period: Period) -> str:
    query = urlencode({"dataset": dataset.code, "period": period.code})
    return f"{reverse('indicators:forms')}?{query}"


def monitors(dataset: DataSet) -> QuerySet[User]:
    """Who decides forms for the monitoring organisation, or the secretariat when none does."""
    return deciders_or_secretariat(dataset.monitor_id)


@listen(events.FORM_SUBMITTED)
def _submitted(actor: Actor, submission: Submission, entry: AuditEvent) -> None:
    period = parse_period(submission.period)
    notify(
        SUBMITTED,
        monitors(submission.dataset),
        key=f"form.submitted:{submission.pk}:{entry.pk}",
        params=_facts(submission.dataset, period, org=submission.org.name),
        link=forms_link(submission.dataset, period),
        actor=actor,
    )


@listen(events.FORM_APPROVED)
def _approved(actor: Actor, submission: Submission, entry: AuditEvent) -> None:
    _to_sender(APPROVED, actor, submission, entry)


@listen(events.FORM_RETURNED)
def _returned(actor: Actor, submission: Submission, entry: AuditEvent) -> None:
    _to_sender(RETURNED, actor, submission, entry)


def _to_sender(kind: kinds.Kind, actor: Actor, submission: Submission, entry: AuditEvent) -> None:
    period = parse_period(submission.period)
    notify(
        kind,
        holders_of(REPORTING_ROLES, org_ids=[submission.org_id]),
        key=f"{kind.code}:{submission.pk}:{entry.pk}",
        params=_facts(submission.dataset, period, reason=entry.data.get("reason", "")),
        link=entry_link(submission.dataset, period, submission.org),
        actor=actor,
    )


@dataclass(frozen=True)
class Reminded:
    due: int = 0
    late: int = 0
    escalated: int = 0

    def __str__(self) -> str:
        return f"forms due {self.due}, late {self.late}, escalated {self.escalated}"


def remind_forms(today: date) -> Reminded:
    """For every data set's period being reported: tell each organisation that has not sent
    its form N days before the due date (the N its users chose), once when it is late, and
    raise the late ones to the monitoring organisation in one notice per form and period."""
    due = late = escalated = 0
    days_in_use = deadline_days_in_use()
    for dataset in DataSet.objects.select_related("monitor").order_by("code"):
        period = reporting_period(dataset, today)
        due_day = due_on(dataset, period)
        left = (due_day - today).days
        if left in days_in_use:
            due += _tell_owing(dataset, period, due_day, DUE, left)
        elif timedelta(days=-CATCH_UP_DAYS) <= due_day - today < timedelta(0):
            late += _tell_owing(dataset, period, due_day, LATE, None)
            count = organisations_owing(dataset, period).count()
            if count:
                escalated += notify(
                    ESCALATED,
                    monitors(dataset),
                    key=f"form.escalated:{dataset.pk}:{period.code}",
                    params=_facts(dataset, period, count=count, due=_day(due_day)),
                    link=forms_link(dataset, period),
                )
    return Reminded(due, late, escalated)


def _tell_owing(
    dataset: DataSet, period: Period, due_day: date, kind: kinds.Kind, left: int | None
) -> int:
    owing = list(organisations_owing(dataset, period).only("pk", "code"))
    holders = holders_by_org([org.pk for org in owing], REPORTING_ROLES)
    choices = choices_by_user(set().union(*holders.values()) if holders else set())
    told = 0
    for org in owing:
        recipients = [
            u for u in holders[org.pk] if left is None or left in choices[u].deadline_days
        ]
        told += notify(
            kind,
            recipients,
            key=f"{kind.code}:{dataset.pk}:{period.code}:{org.pk}:{left}",
            params=_facts(dataset, period, days=left, due=_day(due_day)),
            link=entry_link(dataset, period, org),
        )
    return told


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")
