"""Who may manage officials' accounts, roles and machine tokens. Services ask these."""

from __future__ import annotations

from .access import Actor, is_official, is_secretariat, memberships_of
from .choices import Role
from .models import ApiToken, SignedInSession, User


def can_manage_accounts(actor: Actor) -> bool:
    """Create accounts, grant roles and issue API tokens: the secretariat (and the system,
    for commands and the demo)."""
    return is_secretariat(actor)


def can_revoke_token(actor: Actor, token: ApiToken) -> bool:
    """The token's holder, or the secretariat."""
    return actor.pk == token.user_id or is_secretariat(actor)


def can_create_calendar_feed(actor: Actor, user: User) -> bool:
    """One's own calendar link: only its holder, an official, creates it (the secretariat
    has no need to read someone's deadlines through their link)."""
    return actor.pk is not None and actor.pk == user.pk and is_official(actor)


def can_end_session(actor: Actor, session: SignedInSession) -> bool:
    """The session's user, or the secretariat."""
    return actor.pk == session.user_id or is_secretariat(actor)


def can_read_processing_record(actor: Actor) -> bool:
    """The record of processing of personal data: administrators, that is the secretariat
    (superusers included) and organisations' administrators."""
    if is_secretariat(actor):
        return True
    return any(membership.role == Role.ORG_ADMIN for membership in memberships_of(actor))
