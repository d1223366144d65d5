"""“Việc cần làm”: everything waiting on one official across the system, in one list — the
decisions to take, what was returned to them, and their organisations' work that is late,
due soon or unreported. Each section has its exact count and its first rows; the queue's
count is the sum of the sections' counts, and the queue page lists every row it counts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from nq57.budget.models import MoneyAlert
from nq57.budget.selectors.waiting import money_alerts_waiting
from nq57.core.actors import Actor, user_id_of
from nq57.core.periods import parse_period
from nq57.feedback import selectors as feedback
from nq57.feedback.choices import ItemStatus
from nq57.feedback.models import Item
from nq57.indicators.models import DataSet, Submission
from nq57.indicators.selectors import forms
from nq57.indicators.services.submissions import due_on
from nq57.notices.selectors import unread_of
from nq57.tasks.models import CompletionRequest, ExtensionRequest, Task
from nq57.tasks.selectors import waiting as tasks

# The rows a section shows on the queue page; its count is always exact. An official with
# more than this waiting in one section works through the oldest first.
QUEUE_ROWS = 200
# The rows a section shows on the home page, above the dashboard.
HOME_ROWS = 5
DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class QueueItem:
    """One thing to act on: what it is about (a task's code, a form's data set and period,
    a feedback item's tracking code), its title, why it waits, and where to act."""

    about: str
    title: str
    note: str
    url: str
    due_on: date | None = None


@dataclass(frozen=True)
class QueueSection:
    kind: str
    label: str
    count: int
    items: list[QueueItem]


@dataclass(frozen=True)
class Queue:
    sections: list[QueueSection]

    @property
    def count(self) -> int:
        return sum(section.count for section in self.sections)

    def shortened(self, rows: int) -> Queue:
        """The same sections and counts with their first `rows` items (the home page)."""
        return Queue(
            [QueueSection(s.kind, s.label, s.count, s.items[:rows]) for s in self.sections]
        )


def _day(value: date | None) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _task_url(task: Task) -> str:
    return reverse("tasks:detail", args=[task.pk])


def _completion(request: CompletionRequest) -> QueueItem:
    task = request.task
    note = _("%(org)s asked on %(day)s") % {
        "org": task.lead_org.name,
        "day": _day(request.requested_at.date()),
    }
    return QueueItem(task.code, task.title, note, _task_url(task), task.deadline)


def _extension(request: ExtensionRequest) -> QueueItem:
    task = request.task
    note = _("%(org)s asks to move the deadline from %(old)s to %(new)s") % {
        "org": task.lead_org.name,
        "old": _day(request.current_deadline),
        "new": _day(request.requested_deadline),
    }
    return QueueItem(task.code, task.title, note, _task_url(task), request.current_deadline)


def _returned(request: CompletionRequest | ExtensionRequest) -> QueueItem:
    task = request.task
    note = _("Returned on %(day)s: %(reason)s") % {
        "day": _day(request.decided_on),
        "reason": request.decision_reason or _("no reason given"),
    }
    return QueueItem(task.code, task.title, note, _task_url(task), task.deadline)


def _refused(request: ExtensionRequest) -> QueueItem:
    task = request.task
    note = _("Extension refused on %(day)s: %(reason)s") % {
        "day": _day(request.decided_on),
        "reason": request.decision_reason or _("no reason given"),
    }
    return QueueItem(task.code, task.title, note, _task_url(task), task.deadline)


def _task(note: Callable[[Task], str]) -> Callable[[Task], QueueItem]:
    def item(task: Task) -> QueueItem:
        return QueueItem(task.code, task.title, note(task), _task_url(task), task.deadline)

    return item


def _form_about(submission: Submission) -> str:
    return f"{submission.dataset.name} · {parse_period(submission.period).label}"


def _form_to_approve(submission: Submission) -> QueueItem:
    query = urlencode({"dataset": submission.dataset.code, "period": submission.period})
    note = _("%(org)s sent it on %(day)s") % {
        "org": submission.org.name,
        "day": _day(submission.submitted_on),
    }
    url = f"{reverse('indicators:forms')}?{query}"
    return QueueItem(_form_about(submission), submission.org.name, note, url, submission.due_on)


def _form_returned(submission: Submission) -> QueueItem:
    query = urlencode(
        {
            "dataset": submission.dataset.code,
            "period": submission.period,
            "org": submission.org.code,
        }
    )
    note = _("Returned on %(day)s: %(reason)s") % {
        "day": _day(submission.decided_on),
        "reason": submission.reason or _("no reason given"),
    }
    url = f"{reverse('indicators:entry')}?{query}"
    return QueueItem(_form_about(submission), submission.org.name, note, url, submission.due_on)


def _form_owed(today: date) -> Callable[[DataSet], QueueItem]:
    def item(dataset: DataSet) -> QueueItem:
        period = forms.reporting_period(dataset, today)
        due = due_on(dataset, period)
        note = (_("Due %(day)s") if due >= today else _("Was due %(day)s")) % {"day": _day(due)}
        query = urlencode({"dataset": dataset.code, "period": period.code})
        url = f"{reverse('indicators:entry')}?{query}"
        return QueueItem(f"{dataset.name} · {period.label}", dataset.name, note, url, due)

    return item


def _feedback(item: Item) -> QueueItem:
    url = reverse("feedback:handle_item", args=[item.tracking_code])
    if item.status == ItemStatus.RECEIVED:
        note = _("Received on %(day)s, to be routed") % {"day": _day(item.received_at.date())}
    else:
        note = _("%(body)s answers by %(day)s") % {
            "body": item.body.name if item.body else "",
            "day": _day(item.due_on),
        }
    return QueueItem(item.tracking_code, item.title, note, url, item.due_on)


def _money_alert(alert: MoneyAlert) -> QueueItem:
    note = _(
        "%(disbursed)s of %(approved)s million VND disbursed; its %(tasks)s linked tasks "
        "%(progress)s%% done on average (checked %(day)s)"
    ) % {
        "disbursed": formats.number_format(alert.disbursed, force_grouping=True),
        "approved": formats.number_format(alert.approved, force_grouping=True),
        "tasks": alert.tasks,
        "progress": formats.number_format(alert.progress, 0),
        "day": _day(alert.checked_on),
    }
    url = f"{reverse('budget:year')}?{urlencode({'year': alert.year})}#money-alerts"
    about = f"{alert.programme.code} · {alert.year}"
    return QueueItem(about, alert.organization.name, note, url)


@dataclass(frozen=True)
class Source:
    """One section's rows: a queryset in the order they are listed, and how a row reads."""

    kind: str
    label: str
    rows: QuerySet[Any]
    shape: Callable[[Any], QueueItem]


def sources(actor: Actor, today: date) -> list[Source]:
    """Everything that may wait on the actor, decisions first, then what came back to them,
    then their organisation's late and coming work."""
    stale_days = int(settings.NQ57_STALE_DAYS)
    return [
        Source(
            "completions",
            _("Completions to confirm"),
            tasks.completions_to_decide(actor),
            _completion,
        ),
        Source(
            "extensions", _("Extensions to decide"), tasks.extensions_to_decide(actor), _extension
        ),
        Source(
            "forms_to_approve",
            _("Forms to approve"),
            forms.forms_to_approve(actor),
            _form_to_approve,
        ),
        Source(
            "feedback_to_route", _("Feedback to route"), feedback.items_to_route(actor), _feedback
        ),
        Source(
            "feedback_to_answer",
            _("Feedback to answer"),
            feedback.items_to_answer(actor),
            _feedback,
        ),
        Source(
            "money_alerts",
            _("Money ahead of work"),
            money_alerts_waiting(actor),
            _money_alert,
        ),
        Source(
            "completions_returned",
            _("Completion requests returned to you"),
            tasks.completions_returned(actor),
            _returned,
        ),
        Source(
            "extensions_refused",
            _("Extensions refused"),
            tasks.extensions_refused(actor, today),
            _refused,
        ),
        Source(
            "forms_returned",
            _("Forms returned to your organisation"),
            forms.forms_returned(actor),
            _form_returned,
        ),
        Source(
            "forms_owed",
            _("Forms your organisation owes"),
            forms.forms_owed(actor, today),
            _form_owed(today),
        ),
        Source(
            "overdue",
            _("Your organisation's overdue tasks"),
            tasks.overdue_own(actor, today),
            _task(lambda task: _("Deadline %(day)s passed") % {"day": _day(task.deadline)}),
        ),
        Source(
            "due_soon",
            _("Due within %(days)s days") % {"days": DUE_SOON_DAYS},
            tasks.due_soon_own(actor, today, DUE_SOON_DAYS),
            _task(lambda task: _("Due %(day)s") % {"day": _day(task.deadline)}),
        ),
        Source(
            "unreported",
            _("No progress report for %(days)s days") % {"days": stale_days},
            tasks.unreported_own(actor, today, stale_days),
            _task(_last_report),
        ),
    ]


def queue_for(actor: Actor, today: date) -> Queue:
    """Every section with its exact count and first QUEUE_ROWS rows; empty ones left out."""
    sections = []
    for source in sources(actor, today):
        found = tasks.waiting(source.rows, QUEUE_ROWS)
        if found.count:
            items = [source.shape(row) for row in found.rows]
            sections.append(QueueSection(source.kind, source.label, found.count, items))
    return Queue(sections)


@dataclass(frozen=True)
class MenuCounts:
    """The menu's figures: what waits on the user, and their unread notifications."""

    waiting: int
    unread: int


def queue_count(actor: Actor, today: date) -> int:
    """How many things wait on the actor in all (the queue's figure)."""
    return menu_counts(actor, today).waiting


def menu_counts(actor: Actor, today: date) -> MenuCounts:
    """The menu's figures in one query: the sum of the counts of the same querysets the
    queue lists, and the count of the unread notifications the centre lists."""
    parts: list[str] = []
    params: list[Any] = []
    for source in sources(actor, today):
        query = source.rows.order_by().values("pk").query
        try:
            sql, part_params = query.sql_with_params()
        except EmptyResultSet:  # a section the actor never has (`.none()`)
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS waiting)")  # noqa: S608  # nosec B608
        params.extend(part_params)
    unread = unread_of(user_id_of(actor) or 0).values("pk").query
    unread_sql, unread_params = unread.sql_with_params()
    unread_part = f"(SELECT COUNT(*) FROM ({unread_sql}) AS unread)"  # noqa: S608  # nosec B608
    waiting_part = " + ".join(parts) or "0"
    alias = router.db_for_read(Task)
    with connections[alias].cursor() as cursor:
        # Every part is Django's compilation of a queryset; every value in it is a parameter.
        cursor.execute(f"SELECT {waiting_part}, {unread_part}", [*params, *unread_params])  # nosec B608
        row = cursor.fetchone()
    return MenuCounts(waiting=int(row[0] or 0), unread=int(row[1] or 0))


def _last_report(task: Task) -> str:
    if task.progress_reported_on is None:
        return _("Never reported")
    return _("Last report %(day)s") % {"day": _day(task.progress_reported_on)}
