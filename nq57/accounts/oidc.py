"""Sign-in of citizens through an OpenID Connect provider (the national identity, VNeID):
authorisation code with PKCE, the provider found from its issuer's discovery document."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings


def is_configured() -> bool:
    return bool(settings.NQ57_OIDC_ISSUER and settings.NQ57_OIDC_CLIENT_ID)


@lru_cache(maxsize=4)
def _client(issuer: str, client_id: str, client_secret: str, scopes: str) -> Any:
    # One client per configuration: it caches the provider's metadata and keys.
    # authlib (and requests under it) loads with the first sign-in, not with the URLs.
    from authlib.integrations.django_client import OAuth

    registry = OAuth()
    return registry.register(
        name="national_identity",
        client_id=client_id,
        client_secret=client_secret or None,
        server_metadata_url=f"{issuer.rstrip('/')}/.well-known/openid-configuration",
        client_kwargs={"scope": scopes, "code_challenge_method": "S256"},
    )


def client() -> Any:
    return _client(
        settings.NQ57_OIDC_ISSUER,
        settings.NQ57_OIDC_CLIENT_ID,
        settings.NQ57_OIDC_CLIENT_SECRET,
        settings.NQ57_OIDC_SCOPES,
    )
