"""`Authorization: Bearer nq57_…` for machines calling the API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from . import second_factor
from .access import is_official
from .models import ApiToken, hash_token

# How precisely a token's last use is kept: recording every request would turn each read of a
# polling client into a write (and a WAL flush) on the primary.
LAST_USE_PRECISION = timedelta(minutes=1)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Any) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Malformed Authorization header.")
        token = (
            ApiToken.objects.select_related("user")
            .filter(digest=hash_token(header[1]), revoked_at__isnull=True)
            .first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        now = timezone.now()
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed("Expired token.")
        if token.last_used_at is None or now - token.last_used_at >= LAST_USE_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Any) -> str:
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """Describes the bearer token in the OpenAPI schema."""

    target_class = ApiTokenAuthentication
    name = "bearerToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "manage.py issue_token USERNAME NAME [--scope read|read_write] [--days N]: "
                "a read token gets 403 on writes; an expired or revoked one 401."
            ),
        }


class OfficialAccess(permissions.BasePermission):
    """The API is the officials': signed in (401 otherwise) and a member of an organisation,
    staff or a superuser (403 for a citizen signed in through the identity provider). A
    read token only reads (403 on a write). A browser session must have verified its second
    factor where one is required; a bearer token is never asked for one."""

    message = _("The API is for officials; citizens use the public portal.")

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        if user is None or not user.is_authenticated:
            return False
        if not is_official(user):
            return False
        token = request.auth
        writes = request.method not in permissions.SAFE_METHODS
        if isinstance(token, ApiToken) and writes and not token.may_write:
            self.message = _("This token may only read.")
            return False
        browser = isinstance(request.successful_authenticator, authentication.SessionAuthentication)
        if browser and second_factor.is_due(request._request):
            self.message = _("Verify your second factor first (sign in again in the browser).")
            return False
        return True
