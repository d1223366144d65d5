"""Who may do what with an item. Services call these; selectors decide what is seen."""

from __future__ import annotations

from typing import Any

from nq57.accounts.choices import DECIDING_ROLES, REPORTING_ROLES
from nq57.core.scoping import roles_in, scope_of

from .models import Item


def may_triage(user: Any) -> bool:
    """Sort, route, refuse and merge: the secretariat."""
    return scope_of(user).everything


def may_handle(user: Any, item: Item) -> bool:
    """Accept, send back or answer: the responsible body's officials (or those above it)."""
    if item.body is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(roles_in(user, item.body.path) & REPORTING_ROLES)


def may_decide(user: Any, item: Item) -> bool:
    """Adopt an initiative (and assign the task it becomes): the body's approvers and
    administrators, or the secretariat."""
    if item.body is None or not getattr(user, "is_authenticated", False):
        return False
    return may_triage(user) or bool(roles_in(user, item.body.path) & DECIDING_ROLES)


def may_see_personal_data(user: Any, item: Item) -> bool:
    """The sender's contact and identity: the sender, the secretariat sorting it, and the body
    handling it (or that answered it)."""
    if getattr(user, "pk", None) == item.sender_id:
        return True
    return may_triage(user) or may_handle(user, item)
