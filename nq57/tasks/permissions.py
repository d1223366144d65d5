"""Workflow rules: who may take which action on a task. Services call these."""

from __future__ import annotations

from typing import Any

from nq57.accounts.choices import DECIDING_ROLES, REPORTING_ROLES
from nq57.core.scoping import roles_in, scope_of
from nq57.orgs.models import Organization

from .models import Task


def is_secretariat(user: Any) -> bool:
    return scope_of(user).everything


def can_assign_for(user: Any, assigning_org: Organization) -> bool:
    """Assign tasks in the name of `assigning_org` (its approvers and admins, or the
    secretariat)."""
    return can_assign_for_path(user, assigning_org.path)


def can_assign_for_path(user: Any, assigning_org_path: str) -> bool:
    return is_secretariat(user) or bool(roles_in(user, assigning_org_path) & DECIDING_ROLES)


def can_report(user: Any, task: Task) -> bool:
    """Enter progress, request completion or an extension: the lead organisation's side."""
    return is_secretariat(user) or bool(roles_in(user, task.lead_org.path) & REPORTING_ROLES)


def can_decide(user: Any, task: Task) -> bool:
    """Confirm or return completion, approve or refuse extensions, edit the task: the
    assigning side."""
    return can_assign_for(user, task.assigned_by)


def can_edit(user: Any, task: Task) -> bool:
    return can_decide(user, task)
