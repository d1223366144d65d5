"""Writes to accounts: users and roles, citizens' accounts (and their clearing)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.core import audit
from nq57.core.actors import SYSTEM
from nq57.core.errors import NotPermitted, ValidationFailed
from nq57.orgs.models import Organization

from .. import events
from ..access import Actor
from ..choices import Role
from ..models import ExternalIdentity, Membership, SignedInSession, User
from ..permissions import can_manage_accounts


@transaction.atomic
def user_create(
    actor: Actor,
    *,
    username: str,
    password: str | None,
    organization: Organization,
    role: str,
    full_name: str = "",
    email: str = "",
) -> User:
    """Create an account with one role in one organisation."""
    _require_manager(actor)
    if role not in Role.values:
        raise ValidationFailed("invalid role", fields={"role": [f"Unknown role {role}."]})
    if User.objects.filter(username=username).exists():
        raise ValidationFailed("taken", fields={"username": [f"{username} already exists."]})
    user = User(username=username, full_name=full_name, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    membership_grant(actor, user=user, organization=organization, role=role)
    return user


@transaction.atomic
def membership_grant(
    actor: Actor, *, user: User, organization: Organization, role: str
) -> Membership:
    """Give a user a role in an organisation."""
    _require_manager(actor)
    membership, _created = Membership.objects.get_or_create(
        user=user, organization=organization, role=role
    )
    audit.record(
        actor,
        events.MEMBERSHIP_GRANTED,
        subject=user,
        data={"organization": organization.code, "role": role},
    )
    return membership


@transaction.atomic
def membership_revoke(actor: Actor, *, membership: Membership) -> None:
    """Take a role in an organisation away from a user."""
    _require_manager(actor)
    user, code, role = membership.user, membership.organization.code, membership.role
    membership.delete()
    audit.record(
        actor, events.MEMBERSHIP_REVOKED, subject=user, data={"organization": code, "role": role}
    )


@transaction.atomic
def citizen_sign_in(*, issuer: str, subject: str, claims: dict[str, Any]) -> User:
    """The account of the person the identity provider vouched for: found by (issuer,
    subject), created on the first sign-in; the name and e-mail follow the provider's."""
    if not issuer or not subject:
        raise ValidationFailed(_("The identity provider sent no subject."))
    identity = (
        ExternalIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    if identity is None:
        digest = hashlib.sha256(f"{issuer} {subject}".encode()).hexdigest()[:24]
        user = User.objects.create_user(username=f"oidc-{digest}", password=None)
        identity = ExternalIdentity.objects.create(issuer=issuer, subject=subject, user=user)
        audit.record(SYSTEM, events.CITIZEN_REGISTERED, subject=user)
    user = identity.user
    user.full_name = str(claims.get("name") or user.full_name)[:200]
    user.email = str(claims.get("email") or user.email)[:254]
    user.save(update_fields=["full_name", "email"])
    identity.last_sign_in_at = timezone.now()
    identity.save(update_fields=["last_sign_in_at", "updated_at"])
    return user


@transaction.atomic
def citizen_personal_data_remove(actor: Actor, *, user: User) -> User:
    """Clear a citizen account's personal data and close it (the retention of citizens'
    accounts); the row stays, since the items they sent still name it as their sender."""
    _require_manager(actor)
    if user.is_staff or user.is_superuser or user.memberships.exists():
        raise NotPermitted(_("Only a citizen's account is cleared by the retention rule."))
    user.username = f"removed-{user.pk}"
    user.full_name = user.first_name = user.last_name = user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    # The provider's subject identifies the person; their sessions hold their addresses.
    ExternalIdentity.objects.filter(user=user).delete()
    SignedInSession.objects.filter(user=user).delete()
    audit.record(actor, events.CITIZEN_DATA_REMOVED, subject=user)
    return user


def _require_manager(actor: Actor) -> None:
    if not can_manage_accounts(actor):
        raise NotPermitted(_("Only the secretariat manages accounts, roles and tokens."))
