"""The assigning side's moves in a task's life (DESIGN.md §6): withdraw it, suspend and resume
it, correct a wrongly entered assignment date or deadline.

A withdrawal takes the task out of the figures from its day on and leaves every figure before
it as it was; a suspension holds the clock (the task is neither in progress nor overdue) and
resuming moves the deadline on by the days on hold; a correction, unlike an extension, applies
from the start. Each is audited with its reason and the values it replaced, and keeps the
rollups current in the same transaction.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.core import audit
from nq57.core.actors import Actor
from nq57.core.errors import InvalidTransition

from .. import events, permissions, rollups
from ..choices import FROM_THE_START_SOURCES, DeadlineSource, RequestStatus, TaskKind
from ..models import Task, TaskDeadline, TaskSuspension
from .assignment import derived_fields, roll_up_from
from .checks import FieldErrors, add_error, lock_task, raise_if_any, required_reason, shown
from .decisions import record_decision


def _lock_for_lifecycle(actor: Actor, task: Task) -> Task:
    refusal = _("Only the assigning side may withdraw, suspend, resume or correct this task.")
    return lock_task(actor, task, may=permissions.can_decide, refusal=refusal)


def _day_of_move(task: Task) -> date:
    """Today, or the assignment day of a task recorded ahead of it."""
    return max(timezone.localdate(), task.assigned_on)


@transaction.atomic
def task_withdraw(actor: Actor, *, task: Task, reason: str) -> Task:
    """Withdraw a task: it stops counting from today; pending requests are closed."""
    locked = _lock_for_lifecycle(actor, task)
    why = required_reason(reason)
    if locked.completed_on is not None:
        raise InvalidTransition(
            _("A completed task is not withdrawn: its completion is part of the figures.")
        )
    open_subtasks = list(
        locked.subtasks.filter(withdrawn_on__isnull=True, completed_on__isnull=True)
        .order_by("code")
        .values_list("code", flat=True)[:5]
    )
    if open_subtasks:
        raise InvalidTransition(
            _("Withdraw or complete its subtasks first: %(codes)s.")
            % {"codes": ", ".join(open_subtasks)}
        )
    day = _day_of_move(locked)
    closed = _close_pending_requests(actor, locked, _("The task was withdrawn: %s") % why)
    with rollups.tracking([locked.pk]):
        locked.suspensions.filter(ends_on__isnull=True).update(ends_on=day)
        locked.suspended_since = None
        locked.withdrawn_on = day
        locked.withdrawal_reason = why
        locked.version += 1
        locked.save(
            update_fields=[
                "withdrawn_on",
                "withdrawal_reason",
                "suspended_since",
                "version",
                "updated_at",
            ]
        )
    audit.record(
        actor,
        events.TASK_WITHDRAWN,
        subject=locked,
        changes={"withdrawn_on": [None, day.isoformat()]},
        data={"reason": why, "closed_requests": closed},
    )
    if locked.parent_id:
        roll_up_from(locked.parent)
    return locked


def _close_pending_requests(actor: Actor, task: Task, why: str) -> list[str]:
    """Return the pending completion request and refuse the pending extension of a task that
    goes away, saying why; the ids closed, for the audit trail."""
    closed = []
    for request in task.completion_requests.select_for_update().filter(
        status=RequestStatus.PENDING
    ):
        record_decision(actor, request, RequestStatus.RETURNED, why)
        closed.append(f"completion:{request.pk}")
    for extension in task.extension_requests.select_for_update().filter(
        status=RequestStatus.PENDING
    ):
        record_decision(actor, extension, RequestStatus.REFUSED, why)
        closed.append(f"extension:{extension.pk}")
    return closed


@transaction.atomic
def task_suspend(actor: Actor, *, task: Task, reason: str) -> Task:
    """Put an open deadline task on hold from today: neither in progress nor overdue."""
    locked = _lock_for_lifecycle(actor, task)
    why = required_reason(reason)
    if locked.kind == TaskKind.REGULAR:
        raise InvalidTransition(_("A regular task has no deadline to hold."))
    if locked.completed_on is not None:
        raise InvalidTransition(_("The task is already completed."))
    if locked.suspended_since is not None:
        raise InvalidTransition(
            _("The task is already suspended since %(day)s.")
            % {"day": shown(locked.suspended_since)}
        )
    if locked.completion_requests.filter(status=RequestStatus.PENDING).exists():
        raise InvalidTransition(_("Decide the pending completion request first."))
    if locked.extension_requests.filter(status=RequestStatus.PENDING).exists():
        raise InvalidTransition(_("Decide the pending extension request first."))
    day = _day_of_move(locked)
    with rollups.tracking([locked.pk]):
        TaskSuspension.objects.create(task=locked, starts_on=day, reason=why)
        locked.suspended_since = day
        locked.first_suspended_on = locked.first_suspended_on or day
        locked.version += 1
        locked.save(
            update_fields=["suspended_since", "first_suspended_on", "version", "updated_at"]
        )
    audit.record(
        actor,
        events.TASK_SUSPENDED,
        subject=locked,
        changes={"suspended_since": [None, day.isoformat()]},
        data={"reason": why},
    )
    return locked


@transaction.atomic
def task_resume(actor: Actor, *, task: Task, reason: str = "") -> Task:
    """End the hold from today; the deadline moves on by the days the task was on hold, so
    the pause never counts against the lead."""
    locked = _lock_for_lifecycle(actor, task)
    since = locked.suspended_since
    if since is None:
        raise InvalidTransition(_("The task is not suspended."))
    day = max(timezone.localdate(), since)
    held = (day - since).days
    before = locked.deadline
    with rollups.tracking([locked.pk]):
        locked.suspensions.filter(ends_on__isnull=True).update(
            ends_on=day, resume_reason=reason.strip()
        )
        locked.suspended_since = None
        if held and locked.deadline is not None:
            in_force_from = max(day, locked.deadline_since or day)
            locked.deadline = locked.deadline + timedelta(days=held)
            locked.deadline_since = in_force_from
            TaskDeadline.objects.create(
                task=locked,
                deadline=locked.deadline,
                effective_on=in_force_from,
                source=DeadlineSource.RESUMPTION,
            )
        locked.version += 1
        locked.save(
            update_fields=["suspended_since", "deadline", "deadline_since", "version", "updated_at"]
        )
    audit.record(
        actor,
        events.TASK_RESUMED,
        subject=locked,
        changes=audit.diff({"deadline": before}, {"deadline": locked.deadline}),
        data={"reason": reason.strip(), "days_on_hold": held, "suspended_since": since},
    )
    return locked


@transaction.atomic
def task_correct(
    actor: Actor,
    *,
    task: Task,
    reason: str,
    assigned_on: date | None = None,
    deadline: date | None = None,
) -> Task:
    """Correct a wrongly entered assignment date or deadline: the new value applies from the
    start, the old one is kept in the history with the reason."""
    locked = _lock_for_lifecycle(actor, task)
    errors = _correction_errors(locked, reason=reason, assigned_on=assigned_on, deadline=deadline)
    raise_if_any(errors)
    why = reason.strip()
    before = {"assigned_on": locked.assigned_on, "deadline": locked.deadline}
    with rollups.tracking([locked.pk]):
        if assigned_on is not None and assigned_on != locked.assigned_on:
            _move_assignment(locked, assigned_on)
        if deadline is not None and deadline != _set_at_assignment(locked):
            TaskDeadline.objects.create(
                task=locked,
                deadline=deadline,
                effective_on=locked.assigned_on,
                source=DeadlineSource.CORRECTION,
            )
            locked.deadline = locked.original_deadline = deadline
        derived_fields(locked)
        locked.version += 1
        locked.save()
    changes = audit.diff(before, {"assigned_on": locked.assigned_on, "deadline": locked.deadline})
    audit.record(
        actor, events.TASK_CORRECTED, subject=locked, changes=changes, data={"reason": why}
    )
    return locked


def _set_at_assignment(task: Task) -> date | None:
    """The deadline set at assignment (as corrected, if it was)."""
    return task.original_deadline if task.original_deadline is not None else task.deadline


def _move_assignment(task: Task, assigned_on: date) -> None:
    """The assignment day and what took force on it (the deadline set then) move together."""
    old = task.assigned_on
    task.deadlines.filter(effective_on=old).update(effective_on=assigned_on)
    if task.deadline_since == old:
        task.deadline_since = assigned_on
    task.assigned_on = assigned_on


def _correction_errors(
    task: Task, *, reason: str, assigned_on: date | None, deadline: date | None
) -> FieldErrors:
    """Every problem of a correction, by field, before anything is written."""
    errors: FieldErrors = {}
    if not reason.strip():
        add_error(errors, "reason", _("Give a reason."))
    if (assigned_on is None or assigned_on == task.assigned_on) and (
        deadline is None or deadline == _set_at_assignment(task)
    ):
        add_error(errors, "assigned_on", _("Enter the corrected assignment date or deadline."))
        return errors
    new_assigned = assigned_on or task.assigned_on
    if assigned_on is not None:
        _check_new_assignment_day(errors, task, assigned_on)
    if deadline is not None and deadline != _set_at_assignment(task):
        if task.kind == TaskKind.REGULAR:
            add_error(errors, "deadline", _("A regular task has no deadline to correct."))
        elif task.deadlines.exclude(source__in=FROM_THE_START_SOURCES).exists():
            add_error(
                errors,
                "deadline",
                _(
                    "the deadline was extended or moved since the assignment; a correction "
                    "applies only to the deadline set at assignment"
                ),
            )
    final_deadline = deadline or _set_at_assignment(task)
    if final_deadline is not None and final_deadline < new_assigned:
        add_error(
            errors,
            "deadline",
            _("deadline %(deadline)s is before the assignment date %(assigned)s")
            % {"deadline": shown(final_deadline), "assigned": shown(new_assigned)},
        )
    return errors


def _check_new_assignment_day(errors: FieldErrors, task: Task, assigned_on: date) -> None:
    """A corrected assignment day is not in the future and comes before everything that
    happened to the task since."""
    if assigned_on > timezone.localdate():
        add_error(errors, "assigned_on", _("the assignment date cannot be in the future"))
    later = [
        day
        for day in (
            task.completion_requested_on,
            task.completed_on,
            task.first_suspended_on,
            task.deadline_since if task.deadline_since != task.assigned_on else None,
            task.progress_reports.order_by("reported_on")
            .values_list("reported_on", flat=True)
            .first(),
        )
        if day is not None
    ]
    if later and assigned_on > min(later):
        add_error(
            errors,
            "assigned_on",
            _("the task was already worked on or decided on %(day)s, before this date")
            % {"day": shown(min(later))},
        )
