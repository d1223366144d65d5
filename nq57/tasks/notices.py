"""Who is told about a task's work, and what they read. Each audit event of a task notifies
the side that must act or know (`core.events.listen`), in the transaction that records it;
the daily reminders (`tasks.reminders`) use the same kinds and recipients."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nq57.accounts.access import deciders_or_secretariat, holders_of
from nq57.accounts.choices import DECIDING_ROLES, REPORTING_ROLES
from nq57.accounts.models import User
from nq57.core.actors import Actor
from nq57.core.events import EventType, listen, lookup
from nq57.core.models import AuditEvent
from nq57.notices import kinds
from nq57.notices.services import notify

from . import events
from .choices import CommentSide
from .models import Task, TaskComment, TaskCoordination

ASSIGNED = kinds.register("task.assigned", _("New task {code}: {title} (due {deadline})"))
COMPLETION_REQUESTED = kinds.register(
    "task.completion_requested", _("Completion of {code} requested: {title}")
)
COMPLETION_CONFIRMED = kinds.register(
    "task.completion_confirmed", _("Completion of {code} confirmed: {title}")
)
COMPLETION_RETURNED = kinds.register(
    "task.completion_returned", _("Completion of {code} returned: {reason}")
)
EXTENSION_REQUESTED = kinds.register(
    "task.extension_requested", _("Extension of {code} to {deadline} requested: {title}")
)
EXTENSION_APPROVED = kinds.register(
    "task.extension_approved", _("Extension of {code} approved: now due {deadline}")
)
EXTENSION_REFUSED = kinds.register(
    "task.extension_refused", _("Extension of {code} refused: {reason}")
)
WITHDRAWN = kinds.register("task.withdrawn", _("Task {code} withdrawn: {reason}"))
CORRECTED = kinds.register("task.corrected", _("Dates of task {code} corrected: {reason}"))
SUSPENDED = kinds.register("task.suspended", _("Task {code} suspended: {reason}"))
RESUMED = kinds.register("task.resumed", _("Task {code} resumed"))
DUE_SOON = kinds.register(
    "task.due_soon", _("{code} is due on {deadline} (days left: {days}): {title}")
)
OVERDUE = kinds.register("task.overdue", _("{code} is overdue since {deadline}: {title}"))
SILENT = kinds.register(
    "task.silent", _("{code} has no recent progress report (days without one: {days}): {title}")
)
ESCALATED = kinds.register(
    "task.escalated",
    _("Raised to you: {code} of {org} is overdue since {deadline} (working days late: {days})"),
)
COMMENTED = kinds.register("task.commented", _("{author} commented on {code}: {excerpt}"))

TITLE_SHOWN = 120


def day(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def shortened(text: str, most: int = TITLE_SHOWN) -> str:
    """`text` on one line (a notice is also a mail's subject), cut to `most` characters."""
    line = " ".join(text.split())
    return line if len(line) <= most else line[: most - 1] + "…"


def facts(task: Task, **more: Any) -> dict[str, Any]:
    """What a task's notice says of it."""
    title = shortened(task.title)
    return {"code": task.code, "title": title, "deadline": day(task.deadline), **more}


def link(task: Task) -> str:
    return reverse("tasks:detail", args=[task.pk])


def lead_side(task: Task, *, coordinators: bool = False) -> QuerySet[User]:
    """Who reports for the lead organisation (and, when asked, the coordinating ones)."""
    org_ids = [task.lead_org_id]
    if coordinators:
        org_ids += list(
            TaskCoordination.objects.filter(task=task).values_list("organization_id", flat=True)
        )
    return holders_of(REPORTING_ROLES, org_ids=org_ids)


def lead_deciders(task: Task) -> QuerySet[User]:
    """The lead organisation's approvers and administrators: a late task is raised to them."""
    return holders_of(DECIDING_ROLES, org_ids=[task.lead_org_id])


def deciding_side(task: Task) -> QuerySet[User]:
    """Who decides for the assigning organisation (or the secretariat when nobody there)."""
    return deciders_or_secretariat(task.assigned_by_id)


def tell(
    kind: kinds.Kind,
    recipients: Any,
    task: Task,
    which: str,
    actor: Actor | None = None,
    **more: Any,
) -> int:
    """Tell `recipients` about the task, once per `which` (the event of the kind)."""
    return notify(
        kind,
        recipients,
        key=f"{kind.code}:{task.pk}:{which}",
        params=facts(task, **more),
        link=link(task),
        actor=actor,
    )


# What each event of a task tells, and to whom: the lead side (with the coordinators for
# what changes the task itself), or the deciding side for a request to decide.
def _lead(task: Task) -> QuerySet[User]:
    return lead_side(task)


def _lead_and_coordinators(task: Task) -> QuerySet[User]:
    return lead_side(task, coordinators=True)


TOLD: dict[EventType, tuple[kinds.Kind, Callable[[Task], QuerySet[User]]]] = {
    events.TASK_ASSIGNED: (ASSIGNED, _lead_and_coordinators),
    events.COMPLETION_REQUESTED: (COMPLETION_REQUESTED, deciding_side),
    events.COMPLETION_CONFIRMED: (COMPLETION_CONFIRMED, _lead),
    events.COMPLETION_RETURNED: (COMPLETION_RETURNED, _lead),
    events.EXTENSION_REQUESTED: (EXTENSION_REQUESTED, deciding_side),
    events.EXTENSION_APPROVED: (EXTENSION_APPROVED, _lead),
    events.EXTENSION_REFUSED: (EXTENSION_REFUSED, _lead),
    events.TASK_WITHDRAWN: (WITHDRAWN, _lead_and_coordinators),
    events.TASK_CORRECTED: (CORRECTED, _lead_and_coordinators),
    events.TASK_SUSPENDED: (SUSPENDED, _lead_and_coordinators),
    events.TASK_RESUMED: (RESUMED, _lead_and_coordinators),
}


def _told_of(actor: Actor, task: Task, entry: AuditEvent) -> None:
    kind, recipients = TOLD[lookup(entry.event)]
    more: dict[str, Any] = {"reason": entry.data.get("reason", "")}
    if entry.data.get("requested_deadline"):  # what an extension asks for
        more["deadline"] = _iso_day(entry.data["requested_deadline"])
    # A request is told once per request; anything else once per audit event.
    which = f"request:{entry.data['request']}" if "request" in entry.data else f"event:{entry.pk}"
    tell(kind, recipients(task), task, which, actor=actor, **more)


for _event in TOLD:
    listen(_event)(_told_of)


# Whom a comment addresses, by the side its author spoke for.
COMMENT_READERS: dict[CommentSide, tuple[Callable[[Task], QuerySet[User]], ...]] = {
    CommentSide.LEAD: (deciding_side,),
    CommentSide.ASSIGNING: (_lead,),
    CommentSide.SECRETARIAT: (_lead, deciding_side),
}


@listen(events.TASK_COMMENTED)
def _commented(actor: Actor, task: Task, entry: AuditEvent) -> None:
    """A comment is told to the other side, once per comment: what the lead side writes to
    those who decide for the assigning body, what the assigning side writes to the lead
    side; the secretariat speaks to both. Never to its author (`notify` skips the actor)."""
    comment = TaskComment.objects.select_related("author").get(pk=entry.data["comment"])
    sides = COMMENT_READERS[CommentSide(comment.side)]
    recipients = {pk for side in sides for pk in side(task).values_list("pk", flat=True)}
    author = comment.author.full_name or comment.author.get_username()
    tell(
        COMMENTED,
        recipients,
        task,
        str(comment.pk),
        actor=actor,
        author=author,
        excerpt=shortened(comment.body),
    )


def _iso_day(text: str) -> str:
    """dd/mm/yyyy of an ISO date kept in an audit row."""
    parts = str(text).split("-")
    return "/".join(reversed(parts)) if len(parts) == 3 else str(text)
