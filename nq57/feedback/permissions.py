"""Who may do what with an item. Services call these; selectors decide what is seen."""

from __future__ import annotations

from nq57.accounts.access import (
    DECIDING_ROLES,
    REPORTING_ROLES,
    Actor,
    has_role_at,
    is_secretariat,
)

from .models import Item


def can_triage(actor: Actor) -> bool:
    """Sort, route, refuse and merge: the secretariat."""
    return is_secretariat(actor)


def can_handle(actor: Actor, item: Item) -> bool:
    """Accept, send back or answer: the responsible body's officials (or those above it)."""
    if item.body is None or not actor.is_authenticated:
        return False
    return has_role_at(actor, item.body, REPORTING_ROLES)


def can_decide(actor: Actor, item: Item) -> bool:
    """Adopt an initiative (and assign the task it becomes): the body's approvers and
    administrators, or the secretariat."""
    if item.body is None or not actor.is_authenticated:
        return False
    return can_triage(actor) or has_role_at(actor, item.body, DECIDING_ROLES)


def can_see_personal_data(actor: Actor, item: Item) -> bool:
    """The sender's contact and identity: the sender, the secretariat sorting it, and the body
    handling it (or that answered it)."""
    if actor.is_authenticated and actor.pk == item.sender_id:
        return True
    return can_triage(actor) or can_handle(actor, item)


def can_edit_remits(actor: Actor) -> bool:
    """Edit what each body answers for (the suggester's knowledge), or restore the shipped
    text: the secretariat, who routes."""
    return is_secretariat(actor)
