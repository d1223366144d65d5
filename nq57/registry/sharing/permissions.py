"""Who may do what with a data-sharing request: questions only, answered by the access
module. The secretariat holds no right here it does not hold as a member: a refusal is
decided by the competent authority alone."""

from __future__ import annotations

from nq57.accounts.access import DECIDING_ROLES, REPORTING_ROLES, has_role_at, roles_at
from nq57.core.actors import Actor, is_system
from nq57.orgs.models import Organization

from ..models import SharingRequest


def can_request_for(actor: Actor, requester: Organization) -> bool:
    """Ask another body for data on behalf of `requester`: its reporting officials."""
    return is_system(actor) or has_role_at(actor, requester, REPORTING_ROLES)


def can_answer(actor: Actor, request: SharingRequest) -> bool:
    """Grant or refuse: the providing organisation's reporting officials."""
    return is_system(actor) or has_role_at(actor, request.provider, REPORTING_ROLES)


def can_decide(actor: Actor, request: SharingRequest) -> bool:
    """Uphold or overrule a refusal: the competent authority's approvers and administrators."""
    return is_system(actor) or has_role_at(actor, request.authority, DECIDING_ROLES)


def can_see_connection(actor: Actor, request: SharingRequest) -> bool:
    """The connection details: members of the requesting or the providing organisation only
    (not the authority, not the nation-wide roles)."""
    return bool(roles_at(actor, request.requester.path) or roles_at(actor, request.provider.path))
