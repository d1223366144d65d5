"""The daily reminders and escalation of tasks, run by the scheduler (`task_reminders`).

Each notice is keyed by its event — the task, the deadline then in force and how many days
before it; the last report; the escalation level — so a run repeated in the same day (two
workers, a retry) tells nobody twice, and an extended deadline or a new report starts anew.
A scheduler that was down catches up what it missed within `CATCH_UP_DAYS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce

from nq57.accounts.access import holders_by_org
from nq57.accounts.choices import REPORTING_ROLES
from nq57.core.calendar import working_days_between
from nq57.notices.selectors import choices_by_user, deadline_days_in_use, silence_days_in_use

from . import notices
from .models import OPEN_NOW, Task

CATCH_UP_DAYS = 14


@dataclass(frozen=True)
class Reminded:
    """How many notices a run wrote, by kind."""

    due_soon: int = 0
    overdue: int = 0
    silent: int = 0
    escalated: int = 0

    def __str__(self) -> str:
        return (
            f"due soon {self.due_soon}, overdue {self.overdue}, "
            f"no report {self.silent}, escalated {self.escalated}"
        )


def remind_tasks(today: date) -> Reminded:
    return Reminded(
        due_soon=_due_soon(today),
        overdue=_overdue(today),
        silent=_silent(today),
        escalated=_escalated(today),
    )


def _open_tasks() -> QuerySet[Task]:
    return Task.objects.filter(OPEN_NOW).select_related("lead_org").order_by("pk")


def _due_soon(today: date) -> int:
    """To the lead side, N days before the deadline in force, for each N the user chose."""
    targets = [today + timedelta(days=n) for n in deadline_days_in_use()]
    tasks = list(_open_tasks().filter(deadline__in=targets))
    holders = holders_by_org({t.lead_org_id for t in tasks}, REPORTING_ROLES)
    choices = choices_by_user(set().union(*holders.values()) if holders else set())
    told = 0
    for task in tasks:
        if task.deadline is None:  # filtered out already; for the type checker
            continue
        days = (task.deadline - today).days
        recipients = [u for u in holders[task.lead_org_id] if days in choices[u].deadline_days]
        which = f"{task.deadline.isoformat()}:{days}"
        told += notices.tell(notices.DUE_SOON, recipients, task, which, days=days)
    return told


def _overdue(today: date) -> int:
    """To the lead side, once per deadline, the day after it passes."""
    passed = _open_tasks().filter(
        deadline__lt=today, deadline__gte=today - timedelta(days=CATCH_UP_DAYS)
    )
    told = 0
    for task in passed:
        which = task.deadline.isoformat() if task.deadline else ""
        told += notices.tell(notices.OVERDUE, notices.lead_side(task), task, which)
    return told


def _silent(today: date) -> int:
    """To the lead side, once per last report, when a task has had none for the N days the
    user chose (counted from the assignment when it never had one)."""
    longest = max(silence_days_in_use())
    since = Coalesce(F("progress_reported_on"), F("assigned_on"))
    tasks = list(
        _open_tasks()
        .annotate(since=since)
        .filter(
            Q(since__lte=today - timedelta(days=1)),
            Q(since__gte=today - timedelta(days=longest + CATCH_UP_DAYS)),
        )
    )
    holders = holders_by_org({t.lead_org_id for t in tasks}, REPORTING_ROLES)
    choices = choices_by_user(set().union(*holders.values()) if holders else set())
    told = 0
    for task in tasks:
        quiet = (today - task.since).days
        recipients = [
            u
            for u in holders[task.lead_org_id]
            if choices[u].silence_days <= quiet <= choices[u].silence_days + CATCH_UP_DAYS
        ]
        last = task.progress_reported_on.isoformat() if task.progress_reported_on else "never"
        told += notices.tell(notices.SILENT, recipients, task, last, days=quiet)
    return told


def _escalated(today: date) -> int:
    """A task overdue by X working days (NQ57_ESCALATE_AFTER_WORKING_DAYS) is raised to the
    lead organisation's approvers; by 2X, to the assigning body's."""
    after = settings.NQ57_ESCALATE_AFTER_WORKING_DAYS
    first = _latest_deadline_overdue_by(today, after)
    oldest = _latest_deadline_overdue_by(today, 2 * after) - timedelta(days=CATCH_UP_DAYS)
    told = 0
    for task in _open_tasks().filter(deadline__lte=first, deadline__gte=oldest):
        if task.deadline is None:  # filtered out already; for the type checker
            continue
        late = working_days_between(task.deadline, today)
        first_level = notices.lead_deciders(task)
        levels = [(1, first_level)]
        if late >= 2 * after:
            # Those the task was raised to already (the same approvers on both sides, a body
            # that assigned to itself) are not told the same again.
            levels.append((2, notices.deciding_side(task).exclude(pk__in=first_level)))
        for level, recipients in levels:
            which = f"{task.deadline.isoformat()}:{level}"
            told += notices.tell(
                notices.ESCALATED, recipients, task, which, days=late, org=task.lead_org.name
            )
    return told


def _latest_deadline_overdue_by(today: date, working_days: int) -> date:
    """The latest deadline that `today` is at least `working_days` working days past."""
    day = today - timedelta(days=1)
    while working_days_between(day, today) < working_days:
        day -= timedelta(days=1)
    return day
