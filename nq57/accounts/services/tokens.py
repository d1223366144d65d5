"""API tokens: issued by the secretariat (or a command) with a scope and an expiry, revoked by
their holder or the secretariat."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.core import audit
from nq57.core.errors import NotPermitted, ValidationFailed

from .. import events
from ..access import Actor
from ..choices import TokenScope
from ..models import ApiToken, User, hash_token
from ..permissions import can_manage_accounts, can_revoke_token

DEFAULT_DAYS = 90
MAX_DAYS = 366


@transaction.atomic
def api_token_issue(
    actor: Actor,
    *,
    user: User,
    name: str,
    scope: str = TokenScope.READ_WRITE,
    days: int = DEFAULT_DAYS,
) -> tuple[ApiToken, str]:
    """Issue a token; the secret is returned once and never stored."""
    if not can_manage_accounts(actor):
        raise NotPermitted(_("Only the secretariat manages accounts, roles and tokens."))
    if scope not in TokenScope.values:
        raise ValidationFailed(
            _("Unknown scope."), fields={"scope": [_("Choose read or read_write.")]}
        )
    if not 1 <= days <= MAX_DAYS:
        message = _("A token lasts from 1 to %(max)s days.") % {"max": MAX_DAYS}
        raise ValidationFailed(message, fields={"days": [message]})
    secret = ApiToken.new_secret()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[5:13],
        digest=hash_token(secret),
        scope=scope,
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit.record(
        actor,
        events.TOKEN_ISSUED,
        subject=user,
        data={"token": token.name, "scope": scope, "expires_at": token.expires_at.isoformat()},
    )
    return token, secret


@transaction.atomic
def api_token_revoke(actor: Actor, *, token: ApiToken) -> ApiToken:
    """Revoke a token at once: from the next request it is refused (401)."""
    if not can_revoke_token(actor, token):
        raise NotPermitted(_("Only the token's holder or the secretariat revokes it."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit.record(actor, events.TOKEN_REVOKED, subject=token.user, data={"token": token.name})
    return token
