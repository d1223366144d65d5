"""Citizens sign in through a real OpenID Connect provider started on loopback (Node's
`oidc-provider`, tools/oidc_provider.mjs): authorisation code with PKCE, the subject as key."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client

from nq57.accounts.models import ExternalIdentity, User
from nq57.core.models import AuditEvent
from nq57.oidc_fixtures import Provider, run_provider, sign_in_at_provider

pytestmark = pytest.mark.django_db
CALLBACK = "http://testserver/signin/oidc/callback/"


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    yield from run_provider([CALLBACK])


@pytest.fixture
def configured(provider: Provider, settings: Any) -> Provider:
    settings.NQ57_OIDC_ISSUER = provider.issuer
    settings.NQ57_OIDC_CLIENT_ID = provider.client_id
    settings.NQ57_OIDC_CLIENT_SECRET = provider.client_secret
    return provider


def sign_in(client: Client, login: str, next_url: str = "/feedback/") -> Any:
    start = client.get("/signin/oidc/", {"next": next_url})
    assert start.status_code == 302
    authorize = start["Location"]
    query = parse_qs(urlparse(authorize).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["code_challenge"][0]
    assert query["response_type"] == ["code"]
    back = sign_in_at_provider(authorize, login)
    assert back.startswith(CALLBACK)
    return client.get(back.replace("http://testserver", ""))


def test_a_citizen_signs_in_and_the_subject_is_the_account_key(configured: Provider) -> None:
    client = Client()
    done = sign_in(client, "001203004567", next_url="/feedback/?q=du+lieu")
    assert done.status_code == 302
    assert done["Location"] == "/feedback/?q=du+lieu"
    identity = ExternalIdentity.objects.get()
    assert (identity.issuer, identity.subject) == (configured.issuer, "001203004567")
    user = identity.user
    assert user.full_name == "Công dân 4567"
    assert user.email == "001203004567@citizen.example.vn"
    assert not user.memberships.exists()  # a citizen, not an official
    assert AuditEvent.objects.filter(event="citizen.registered").count() == 1
    # Signed in: the session is the citizen's.
    assert client.session["_auth_user_id"] == str(user.pk)
    # Again, from another browser: the same account, not a new one.
    sign_in(Client(), "001203004567")
    assert User.objects.filter(identities__isnull=False).count() == 1


def test_a_forged_or_replayed_answer_signs_nobody_in(configured: Provider) -> None:
    client = Client()
    start = client.get("/signin/oidc/")
    back = sign_in_at_provider(start["Location"], "079203001234")
    forged = back.replace("state=", "state=x")
    assert client.get(forged.replace("http://testserver", "")).status_code == 302
    assert "_auth_user_id" not in client.session
    # A code is good once: replaying it (with a fresh session) fails too.
    other = Client()
    other.get("/signin/oidc/")
    assert other.get(back.replace("http://testserver", "")).status_code == 302
    assert "_auth_user_id" not in other.session
    assert not ExternalIdentity.objects.exists()


def test_an_outside_next_is_not_followed(configured: Provider) -> None:
    client = Client()
    done = sign_in(client, "045678", next_url="https://evil.example/")
    assert done["Location"] == "/feedback/"


def test_without_a_provider_the_sign_in_is_not_offered(settings: Any) -> None:
    settings.NQ57_OIDC_ISSUER = ""
    assert Client().get("/signin/oidc/").status_code == 404
