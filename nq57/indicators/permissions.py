"""Who may enter values, approve forms and set the ranking's weights. Services ask these."""

from __future__ import annotations

from nq57.accounts.access import (
    DECIDING_ROLES,
    REPORTING_ROLES,
    Actor,
    has_role_at,
    is_secretariat,
    scope_of,
)
from nq57.orgs.models import Organization

from .choices import SubmissionStatus
from .models import DataSet, Submission


def can_enter_for(actor: Actor, org: Organization | str) -> bool:
    """Enter values for an organisation (or the one at a path): its reporters, approvers and
    administrators (or those of an organisation above it), and the secretariat."""
    return is_secretariat(actor) or has_role_at(actor, org, REPORTING_ROLES)


def can_approve_for(actor: Actor, dataset: DataSet) -> bool:
    """Approve or return forms of a data set: the monitoring organisation's approvers and
    administrators, and the secretariat."""
    return is_secretariat(actor) or has_role_at(actor, dataset.monitor, DECIDING_ROLES)


def can_set_ranking_weights(actor: Actor) -> bool:
    """The composite ranking's weights are the secretariat's."""
    return is_secretariat(actor)


def can_see_values_of(actor: Actor, org: Organization) -> bool:
    """The values an organisation entered: visible within its scope, and to everyone once
    the monitoring organisation has approved them (published)."""
    if scope_of(actor).covers(org.path):
        return True
    return Submission.objects.filter(org=org, status=SubmissionStatus.APPROVED).exists()
