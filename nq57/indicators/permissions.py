"""Who may enter values, approve forms, edit the catalogue and set the ranking's weights.
Services ask these."""

from __future__ import annotations

from collections.abc import Iterable

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
from .models import DataSet


def can_enter_for(actor: Actor, org: Organization | str) -> bool:
    """Enter values for an organisation (or the one at a path): its reporters, approvers and
    administrators (or those of an organisation above it), and the secretariat."""
    return is_secretariat(actor) or has_role_at(actor, org, REPORTING_ROLES)


def can_approve_for(actor: Actor, dataset: DataSet) -> bool:
    """Approve or return forms of a data set: the monitoring organisation's approvers and
    administrators, and the secretariat."""
    return is_secretariat(actor) or has_role_at(actor, dataset.monitor, DECIDING_ROLES)


def can_edit_catalogue(actor: Actor, monitor: Organization | str) -> bool:
    """Create and edit data elements, indicators and targets monitored by an organisation:
    its approvers and administrators (or those of an organisation above it), and the
    secretariat."""
    return is_secretariat(actor) or has_role_at(actor, monitor, DECIDING_ROLES)


def can_set_ranking_weights(actor: Actor) -> bool:
    """The composite ranking's weights are the secretariat's."""
    return is_secretariat(actor)


def can_see_unapproved_values_of(
    actor: Actor, org: Organization, monitor_paths: Iterable[str]
) -> bool:
    """An organisation's values and figure before its form is approved: inside its subtree
    (members of it or of an organisation below it), those above it, the secretariat and the
    inspectors, and the organisations monitoring its forms (at `monitor_paths`). Anyone else
    sees them once approved (`nq57.indicators.selectors.visibility`)."""
    scope = scope_of(actor)
    return (
        scope.covers(org.path)
        or any(path.startswith(org.path) for path in scope.paths)
        or any(scope.covers(path) for path in monitor_paths)
    )


def counts_as_approved(form_status: str | None, entered_by_id: int | None) -> bool:
    """Whether a value is shown outside its organisation: its form is approved, or no form
    was ever sent for it and the system brought it in as history (a command-line import
    without --user: no user entered it)."""
    if form_status is not None:
        return form_status == SubmissionStatus.APPROVED
    return entered_by_id is None
