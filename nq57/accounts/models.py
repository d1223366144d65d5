"""Officials' accounts, their roles in organisations, and API tokens for machines."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from nq57.core.models import TimeStampedModel

from .choices import Role, TokenScope


class User(AbstractUser):
    """A person (or a machine account) who signs in."""

    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    # An official's position and work phone, shown on their profile (and whom to call).
    position = models.CharField(_("position"), max_length=200, blank=True, db_default="")
    phone = models.CharField(_("phone"), max_length=30, blank=True, db_default="")

    def __str__(self) -> str:
        return self.full_name or self.get_username()


class Membership(TimeStampedModel):
    """A user's role in one organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="membership_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.role} · {self.organization.code}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(TimeStampedModel):
    """A bearer token for a machine, with a scope and an expiry; only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(
        _("scope"), max_length=16, choices=TokenScope.choices, default=TokenScope.READ_WRITE
    )
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def may_write(self) -> bool:
        return self.scope == TokenScope.READ_WRITE

    @staticmethod
    def new_secret() -> str:
        return "nq57_" + secrets.token_urlsafe(32)


class ExternalIdentity(TimeStampedModel):
    """A sign-in through an OpenID Connect provider (the national identity, VNeID): the
    provider's subject, with its issuer, is the account's key; names and e-mails may change."""

    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=255)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="identities")
    last_sign_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="identity_once"),
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.subject}"


class SignedInSession(TimeStampedModel):
    """A browser session of a user, noted at sign-in so that they can see and end it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signed_in_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    user_agent = models.CharField(_("device"), max_length=300, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    last_seen_at = models.DateTimeField(_("last seen"))

    def __str__(self) -> str:
        return f"{self.user} · {self.address} · {self.user_agent[:40]}"


class CalendarFeed(models.Model):
    """A user's private link to the calendar of their deadlines: the secret is in the link a
    calendar program polls without a session, so only its hash is kept; re-created, the
    row's digest is replaced and the old link stops working."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="calendar_feed")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d}"

    @staticmethod
    def new_secret() -> str:
        # 256 bits, URL-safe: the link is the only credential a calendar program sends.
        return secrets.token_urlsafe(32)
