"""Writes to accounts: users, roles, tokens."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from nq57.core import audit
from nq57.core.errors import ValidationFailed
from nq57.core.models import AuditEventType
from nq57.orgs.models import Organization

from .choices import Role
from .models import ApiToken, Membership, User, hash_token


@transaction.atomic
def user_create(
    actor: Any,
    *,
    username: str,
    password: str | None,
    organization: Organization,
    role: str,
    full_name: str = "",
    email: str = "",
) -> User:
    """Create an account with one role in one organisation."""
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
    actor: Any, *, user: User, organization: Organization, role: str
) -> Membership:
    """Give a user a role in an organisation."""
    membership, _created = Membership.objects.get_or_create(
        user=user, organization=organization, role=role
    )
    audit.record(
        actor,
        AuditEventType.MEMBERSHIP_GRANTED,
        subject=user,
        data={"organization": organization.code, "role": role},
    )
    return membership


@transaction.atomic
def api_token_issue(actor: Any, *, user: User, name: str) -> tuple[ApiToken, str]:
    """Issue a token; the secret is returned once and never stored."""
    secret = ApiToken.new_secret()
    token = ApiToken.objects.create(
        user=user, name=name, prefix=secret[5:13], digest=hash_token(secret)
    )
    audit.record(actor, AuditEventType.TOKEN_ISSUED, subject=user, data={"token": token.name})
    return token, secret
