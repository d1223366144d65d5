"""What the assigning side decides: confirm or return a completion, approve or refuse an
extension. Each re-reads the task or the request under a lock before deciding."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.core import audit
from nq57.core.actors import Actor, user_id_of
from nq57.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from nq57.core.events import EventType
from nq57.core.locking import reread_for_update

from .. import events, permissions, rollups
from ..choices import DeadlineSource, RequestStatus
from ..models import (
    CompletionRequest,
    ExtensionRequest,
    Task,
    TaskDeadline,
)
from .assignment import roll_up_from
from .checks import lock_task, refuse_while_on_hold, required_reason


def _pending_completion(actor: Actor, task: Task) -> CompletionRequest:
    """The pending completion request, which the actor may decide only if they did not make
    it: a completion is always seen by two people."""
    request = (
        task.completion_requests.select_for_update().filter(status=RequestStatus.PENDING).first()
    )
    if request is None:
        raise InvalidTransition(_("There is no completion request to decide."))
    if not permissions.can_confirm_completion(actor, task, request):
        raise NotPermitted(
            _("Another person of the assigning side decides on the completion you requested.")
        )
    return request


def record_decision(
    actor: Actor, request: CompletionRequest | ExtensionRequest, status: str, reason: str = ""
) -> None:
    """Record the decision on a request: its outcome, who decided, today, and why."""
    request.status = status
    request.decided_by_id = user_id_of(actor)
    request.decided_on = timezone.localdate()
    request.decision_reason = reason
    request.save(update_fields=["status", "decided_by", "decided_on", "decision_reason"])


def requested_day(request: CompletionRequest, task: Task, today: date) -> date:
    """The business day of a completion request, as the on-time rule judges it: the local
    date it was sent, never before the task's assignment (a task may be recorded ahead of
    it) nor after the confirmation."""
    return min(max(timezone.localdate(request.requested_at), task.assigned_on), today)


def _lock_for_deciding(actor: Actor, task: Task) -> Task:
    refusal = _("Only the assigning side may decide on this task.")
    return lock_task(actor, task, may=permissions.can_decide, refusal=refusal)


@transaction.atomic
def completion_confirm(actor: Actor, *, task: Task, evidence_checked: bool = False) -> Task:
    """Confirm the pending completion, the decider saying they checked its evidence; the task
    is completed as of today."""
    locked = _lock_for_deciding(actor, task)
    if timezone.localdate() < locked.assigned_on:
        raise InvalidTransition(_("The task is not assigned yet."))
    refuse_while_on_hold(locked)
    request = _pending_completion(actor, locked)
    if not evidence_checked:
        raise ValidationFailed(
            "evidence not checked",
            fields={"evidence_checked": [_("Confirm that you have checked the evidence.")]},
        )
    record_decision(actor, request, RequestStatus.CONFIRMED)
    today = timezone.localdate()
    requested_on = requested_day(request, locked, today)
    locked.completed_on = today
    locked.completion_requested_on = requested_on
    locked.progress = 100
    locked.version += 1
    with rollups.tracking([locked.pk]):
        locked.save(
            update_fields=[
                "completed_on",
                "completion_requested_on",
                "progress",
                "version",
                "updated_at",
            ]
        )
    audit.record(
        actor,
        events.COMPLETION_CONFIRMED,
        subject=locked,
        changes={
            "completed_on": [None, today.isoformat()],
            "completion_requested_on": [None, requested_on.isoformat()],
        },
        data={"request": request.pk},
    )
    if locked.parent_id:
        roll_up_from(locked.parent)
    return locked


@transaction.atomic
def completion_return(actor: Actor, *, task: Task, reason: str) -> CompletionRequest:
    """Send a completion request back to the lead with a reason."""
    return _turn_down(
        actor,
        task=task,
        pending=lambda locked: _pending_completion(actor, locked),
        status=RequestStatus.RETURNED,
        event=events.COMPLETION_RETURNED,
        reason=reason,
    )


Pending = TypeVar("Pending", CompletionRequest, ExtensionRequest)


def _turn_down(
    actor: Actor,
    *,
    task: Task,
    pending: Callable[[Task], Pending],
    status: str,
    event: EventType,
    reason: str,
) -> Pending:
    """Return or refuse the pending request `pending` finds on the locked task: a reason is
    required, and the decision and its audit event are written together."""
    locked = _lock_for_deciding(actor, task)
    why = required_reason(reason)
    request = pending(locked)
    record_decision(actor, request, status, why)
    audit.record(
        actor,
        event,
        subject=locked,
        data={"request": request.pk, "reason": request.decision_reason},
    )
    return request


def _pending_extension(request: ExtensionRequest) -> ExtensionRequest:
    locked = reread_for_update(request)
    if locked.status != RequestStatus.PENDING:
        raise InvalidTransition(_("This extension request was already decided."))
    return locked


@transaction.atomic
def extension_approve(actor: Actor, *, request: ExtensionRequest) -> Task:
    """Approve an extension: the new deadline is in force from today; the old ones are kept."""
    task = _lock_for_deciding(actor, request.task)
    pending = _pending_extension(request)
    if task.completed_on is not None:
        raise InvalidTransition(_("The task is already completed."))
    refuse_while_on_hold(task)
    today = timezone.localdate()
    # An extension cannot take force before the task exists (a task may be recorded ahead of
    # its assignment date); this keeps the current deadline the latest one in force.
    in_force_from = max(today, task.assigned_on, task.deadline_since or task.assigned_on)
    record_decision(actor, pending, RequestStatus.APPROVED)
    before = task.deadline
    with rollups.tracking([task.pk]):
        TaskDeadline.objects.create(
            task=task,
            deadline=pending.requested_deadline,
            effective_on=in_force_from,
            source=DeadlineSource.EXTENSION,
        )
        task.deadline = pending.requested_deadline
        task.deadline_since = in_force_from
        task.version += 1
        task.save(update_fields=["deadline", "deadline_since", "version", "updated_at"])
    audit.record(
        actor,
        events.EXTENSION_APPROVED,
        subject=task,
        changes=audit.diff({"deadline": before}, {"deadline": task.deadline}),
        data={"request": pending.pk, "in_force_from": in_force_from},
    )
    return task


@transaction.atomic
def extension_refuse(actor: Actor, *, request: ExtensionRequest, reason: str) -> ExtensionRequest:
    """Refuse an extension with a reason; the deadline stays."""
    return _turn_down(
        actor,
        task=request.task,
        pending=lambda _task: _pending_extension(request),
        status=RequestStatus.REFUSED,
        event=events.EXTENSION_REFUSED,
        reason=reason,
    )
