"""Who may do what with commitments: questions only, answered by the access module."""

from __future__ import annotations

from nq57.accounts.access import has_role_at, is_secretariat, scope_of
from nq57.accounts.choices import REPORTING_ROLES
from nq57.core.actors import Actor
from nq57.orgs.models import Organization

from .models import Commitment


def can_record_commitment(actor: Actor, org: Organization) -> bool:
    """Record or edit an organisation's commitments, and upload them signed: its officials
    (reporters, approvers, administrators, there or above) and the secretariat."""
    return is_secretariat(actor) or has_role_at(actor, org, REPORTING_ROLES)


def can_edit_commitment(actor: Actor, commitment: Commitment) -> bool:
    return can_record_commitment(actor, commitment.organization)


def may_open(actor: Actor, org: Organization) -> bool:
    """Opens the organisation's commitments' own pages (the public lists link to them): an
    official whose scope covers the organisation."""
    return scope_of(actor).covers(org.path)
