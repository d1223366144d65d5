"""The calendar of one official's deadlines: the open tasks their organisations lead (where
they report, exactly there) by the deadline in force, and the forms those organisations owe
by the day each is due. The same deadlines fill the month page and the private iCal feed.

Pure assembly over two queries (the tasks, the forms owed), whatever the number of rows."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from nq57.core.actors import Actor
from nq57.core.errors import ValidationFailed
from nq57.indicators.models import DataSet
from nq57.indicators.selectors import forms
from nq57.indicators.services.submissions import due_on
from nq57.tasks.models import Task
from nq57.tasks.selectors.waiting import own_tasks

# The list below the month: what falls due from today on, this many days ahead.
UPCOMING_DAYS = 60
# The months one may page to: enough for any programme, and no year 0 or 10000.
FIRST_YEAR, LAST_YEAR = 2000, 2100
MONTH_PATTERN = re.compile(r"(\d{4})-(\d{2})")

Span = tuple[date, date]


@dataclass(frozen=True)
class Deadline:
    """One thing due on a day: a task's deadline in force, or a form's due date. `key` is
    stable for the task or the form (its data set and period), so a calendar program updates
    the event instead of adding another when the deadline moves."""

    kind: str  # "task" or "form"
    key: str
    on: date
    about: str  # the task's code, or the form's data set and period
    title: str
    path: str
    note: str
    is_overdue: bool

    @property
    def uid(self) -> str:
        return f"{self.key}@nq57"


@dataclass(frozen=True)
class Day:
    on: date
    deadlines: tuple[Deadline, ...]
    in_month: bool = True
    is_today: bool = False


@dataclass(frozen=True)
class CalendarPage:
    """A month as whole weeks from Monday (the grid), the month's days that have deadlines
    (the list on a phone), and the days with deadlines from today on (`UPCOMING_DAYS`)."""

    month: date  # its first day
    today: date
    weeks: list[list[Day]]
    days: list[Day]
    upcoming: list[Day]
    previous_month: str
    next_month: str
    upcoming_days: int = UPCOMING_DAYS

    @property
    def count(self) -> int:
        return sum(len(day.deadlines) for day in self.days)


def parse_month(text: str | None, today: date) -> date:
    """The first day of the month `YYYY-MM` (today's month when not given)."""
    if not text:
        return today.replace(day=1)
    match = MONTH_PATTERN.fullmatch(text.strip())
    year, month = (int(match[1]), int(match[2])) if match else (0, 0)
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        message = _("Give the month as YYYY-MM, for example %(example)s.") % {
            "example": month_code(today)
        }
        raise ValidationFailed(message, fields={"month": [message]})
    return date(year, month, 1)


def month_code(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _month_end(first: date) -> date:
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _shifted(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def open_tasks(actor: Actor) -> QuerySet[Task]:
    """The actor's organisations' tasks still to be done that have a deadline."""
    return (
        own_tasks(actor)
        .filter(completed_on__isnull=True, withdrawn_on__isnull=True, deadline__isnull=False)
        .select_related("lead_org")
        .order_by("deadline", "code", "pk")
    )


def deadlines_of(actor: Actor, today: date, spans: Sequence[Span] | None = None) -> list[Deadline]:
    """The actor's deadlines falling in any of `spans` (every open one when None), by day."""
    tasks = open_tasks(actor)
    if spans is not None:
        within = Q()
        for first, last in spans:
            within |= Q(deadline__range=(first, last))
        tasks = tasks.filter(within)
    found = [_task(task, today) for task in tasks]
    found += [
        deadline
        for deadline in (_form(dataset, today) for dataset in forms.forms_owed(actor, today))
        if spans is None or any(first <= deadline.on <= last for first, last in spans)
    ]
    return sorted(
        found, key=lambda deadline: (deadline.on, deadline.kind != "task", deadline.about)
    )


def _task(task: Task, today: date) -> Deadline:
    assert task.deadline is not None  # nosec B101  # open_tasks keeps tasks with a deadline
    on_hold = task.suspended_since is not None
    note = task.lead_org.name
    if on_hold:
        note = _("%(org)s · on hold") % {"org": note}
    return Deadline(
        kind="task",
        key=f"task-{task.pk}",
        on=task.deadline,
        about=task.code,
        title=task.title,
        path=reverse("tasks:detail", args=[task.pk]),
        note=note,
        # A task on hold is not overdue while it waits (the status rule says the same).
        is_overdue=task.deadline < today and not on_hold,
    )


def _form(dataset: DataSet, today: date) -> Deadline:
    period = forms.reporting_period(dataset, today)
    due = due_on(dataset, period)
    query = urlencode({"dataset": dataset.code, "period": period.code})
    return Deadline(
        kind="form",
        key=f"form-{dataset.code}-{period.code}",
        on=due,
        about=f"{dataset.name} · {period.label}",
        title=_("Form to send"),
        path=f"{reverse('indicators:entry')}?{query}",
        note=_("Your organisation has not sent it yet"),
        is_overdue=due < today,
    )


def _by_day(deadlines: Iterable[Deadline]) -> dict[date, list[Deadline]]:
    days: dict[date, list[Deadline]] = defaultdict(list)
    for deadline in deadlines:
        days[deadline.on].append(deadline)
    return days


def calendar_page(actor: Actor, *, month: date, today: date) -> CalendarPage:
    """The month's grid and list, and the days ahead, from one read of the deadlines."""
    first, last = month, _month_end(month)
    ahead = (today, today + timedelta(days=UPCOMING_DAYS))
    by_day = _by_day(deadlines_of(actor, today, [(first, last), ahead]))

    def day(on: date) -> Day:
        return Day(on, tuple(by_day.get(on, ())), first <= on <= last, on == today)

    start = first - timedelta(days=first.weekday())
    end = last + timedelta(days=6 - last.weekday())
    grid = [day(start + timedelta(days=offset)) for offset in range((end - start).days + 1)]
    return CalendarPage(
        month=first,
        today=today,
        weeks=[grid[index : index + 7] for index in range(0, len(grid), 7)],
        days=[cell for cell in grid if cell.in_month and cell.deadlines],
        upcoming=[day(on) for on in sorted(by_day) if ahead[0] <= on <= ahead[1]],
        previous_month=month_code(_shifted(first, -1)),
        next_month=month_code(_shifted(first, 1)),
    )
