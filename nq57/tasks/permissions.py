"""Workflow rules: who may take which action on a task. Services call these."""

from __future__ import annotations

from nq57.accounts.access import (
    DECIDING_ROLES,
    REPORTING_ROLES,
    Actor,
    has_role_at,
    is_secretariat,
    is_system,
)
from nq57.core.actors import user_id_of
from nq57.orgs.choices import OrgKind
from nq57.orgs.models import Organization

from .choices import CommentSide
from .models import CompletionRequest, Task
from .rules import may_assign_to


def can_assign_for(actor: Actor, assigning_org: Organization | str) -> bool:
    """Assign tasks in the name of `assigning_org` (an organisation or its path): its approvers
    and administrators, or the secretariat."""
    return is_secretariat(actor) or has_role_at(actor, assigning_org, DECIDING_ROLES)


def can_assign_to(assigning_org: Organization, lead_org: Organization) -> bool:
    """Whether `assigning_org` may give a task to `lead_org`: only downward (a steering
    committee to anyone else); coordinating organisations may be anywhere."""
    return may_assign_to(
        assigner_path=assigning_org.path,
        assigner_is_committee=assigning_org.kind == OrgKind.STEERING_COMMITTEE,
        lead_path=lead_org.path,
    )


def can_bring_history(actor: Actor) -> bool:
    """Back-date an assignment or import completions: the secretariat or the system only."""
    return is_secretariat(actor)


def can_report(actor: Actor, task: Task) -> bool:
    """Enter progress, request completion or an extension: the lead organisation's side."""
    return is_secretariat(actor) or has_role_at(actor, task.lead_org, REPORTING_ROLES)


def can_decide(actor: Actor, task: Task) -> bool:
    """Confirm or return completion, approve or refuse extensions, edit the task: the
    assigning side."""
    return can_assign_for(actor, task.assigned_by)


def can_edit(actor: Actor, task: Task) -> bool:
    return can_decide(actor, task)


def can_confirm_completion(actor: Actor, task: Task, request: CompletionRequest) -> bool:
    """Confirm or return a completion: the assigning side, and never the person who asked
    for it, whatever roles they hold (two people see every completion)."""
    requester = request.requested_by_id
    return can_decide(actor, task) and (requester is None or requester != user_id_of(actor))


def comment_side(actor: Actor, task: Task) -> CommentSide | None:
    """The side `actor` speaks for in the task's discussion, None when they may not write
    there (coordinators and inspectors read it). Whoever decides for the assigning body
    speaks for it even when their role also covers the lead (a ministry that assigned its own
    unit), the lead side next, then the secretariat. The system actor writes no messages."""
    if is_system(actor):
        return None
    if has_role_at(actor, task.assigned_by, DECIDING_ROLES):
        return CommentSide.ASSIGNING
    if has_role_at(actor, task.lead_org, REPORTING_ROLES):
        return CommentSide.LEAD
    if is_secretariat(actor):
        return CommentSide.SECRETARIAT
    return None


def can_comment(actor: Actor, task: Task) -> bool:
    """Write in the task's discussion: the lead side, the assigning side, the secretariat."""
    return comment_side(actor, task) is not None
