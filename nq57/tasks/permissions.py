"""Workflow rules: who may take which action on a task. Services call these."""

from __future__ import annotations

from nq57.accounts.access import (
    DECIDING_ROLES,
    REPORTING_ROLES,
    Actor,
    has_role_at,
    is_secretariat,
)
from nq57.orgs.models import Organization

from .models import Task


def can_assign_for(actor: Actor, assigning_org: Organization | str) -> bool:
    """Assign tasks in the name of `assigning_org` (an organisation or its path): its approvers
    and administrators, or the secretariat."""
    return is_secretariat(actor) or has_role_at(actor, assigning_org, DECIDING_ROLES)


def can_report(actor: Actor, task: Task) -> bool:
    """Enter progress, request completion or an extension: the lead organisation's side."""
    return is_secretariat(actor) or has_role_at(actor, task.lead_org, REPORTING_ROLES)


def can_decide(actor: Actor, task: Task) -> bool:
    """Confirm or return completion, approve or refuse extensions, edit the task: the
    assigning side."""
    return can_assign_for(actor, task.assigned_by)


def can_edit(actor: Actor, task: Task) -> bool:
    return can_decide(actor, task)
