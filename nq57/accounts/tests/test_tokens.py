"""API tokens with a scope and an expiry: a read token gets 403 on writes, an expired or
revoked one 401; shown and revoked on the profile page; `issue_token` keeps its arguments,
prints the secret last and defaults to read and write for 90 days."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from nq57.accounts.models import ApiToken, User
from nq57.accounts.services import api_token_issue, api_token_revoke
from nq57.core.actors import SYSTEM
from nq57.core.errors import NotPermitted
from nq57.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def bearer(secret: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"})


def write(client: Client) -> int:
    """A write the token's user may make if the token lets them: a malformed task (400)."""
    return client.post("/api/v1/tasks/", {}, content_type="application/json").status_code


def test_a_read_token_reads_and_cannot_write(make_user: Callable[..., User]) -> None:
    user = make_user("BCDTW", "secretariat")
    _token, secret = api_token_issue(SYSTEM, user=user, name="dashboard", scope="read")
    client = bearer(secret)
    assert client.get("/api/v1/tasks/").status_code == 200
    assert write(client) == 403
    for method in (client.put, client.patch, client.delete):
        assert method("/api/v1/tasks/1/").status_code == 403


def test_a_read_and_write_token_writes(make_user: Callable[..., User]) -> None:
    user = make_user("BCDTW", "secretariat")
    _token, secret = api_token_issue(SYSTEM, user=user, name="sync")
    assert write(bearer(secret)) == 400  # let in; the empty task itself is refused


def test_an_expired_token_is_refused(make_user: Callable[..., User]) -> None:
    user = make_user("BKHCN", "reporter")
    _token, secret = api_token_issue(SYSTEM, user=user, name="sync", days=1)
    assert bearer(secret).get("/api/v1/tasks/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=1, seconds=1)):
        assert bearer(secret).get("/api/v1/tasks/").status_code == 401


def test_a_revoked_token_is_refused(make_user: Callable[..., User]) -> None:
    user = make_user("BKHCN", "reporter")
    token, secret = api_token_issue(SYSTEM, user=user, name="sync")
    api_token_revoke(user, token=token)
    assert bearer(secret).get("/api/v1/tasks/").status_code == 401
    assert AuditEvent.objects.filter(event="token.revoked").count() == 1


def test_only_the_holder_or_the_secretariat_revokes(make_user: Callable[..., User]) -> None:
    token, _secret = api_token_issue(SYSTEM, user=make_user("BKHCN", "reporter"), name="t")
    with pytest.raises(NotPermitted):
        api_token_revoke(make_user("BKHCN", "approver"), token=token)
    api_token_revoke(make_user("BCDTW", "secretariat"), token=token)


def test_the_profile_shows_and_revokes_ones_tokens(make_user: Callable[..., User]) -> None:
    user, other = make_user("BKHCN", "reporter"), make_user("BTC", "reporter")
    token, secret = api_token_issue(SYSTEM, user=user, name="báo cáo tuần", scope="read")
    theirs, _ = api_token_issue(SYSTEM, user=other, name="someone else's")
    client = Client()
    client.force_login(user)
    page = client.get("/account/").content.decode()
    assert "báo cáo tuần" in page
    assert token.prefix in page
    assert "someone else" not in page
    assert secret not in page  # only its beginning is ever shown again
    assert client.post(f"/account/tokens/{theirs.pk}/revoke/").status_code == 404
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert bearer(secret).get("/api/v1/tasks/").status_code == 401


def test_issue_token_defaults_and_prints_the_secret_last(make_user: Callable[..., User]) -> None:
    user = make_user("BKHCN", "reporter")
    out = StringIO()
    call_command("issue_token", user.username, "sync", stdout=out)
    secret = out.getvalue().splitlines()[-1]
    token = ApiToken.objects.get(name="sync")
    assert secret.startswith("nq57_")
    assert token.scope == "read_write"
    expected = timezone.now() + timedelta(days=90)
    assert abs((token.expires_at - expected).total_seconds()) < 60
    assert write(bearer(secret)) in (400, 403, 404)  # let in: the rules decide, not the token
    assert bearer(secret).get("/api/v1/tasks/").status_code == 200


def test_issue_token_takes_a_scope_and_days(make_user: Callable[..., User]) -> None:
    user = make_user("BCDTW", "secretariat")
    out = StringIO()
    call_command(
        "issue_token", user.username, "reader", "--scope", "read", "--days", "7", stdout=out
    )
    secret = out.getvalue().splitlines()[-1]
    token = ApiToken.objects.get(name="reader")
    assert token.scope == "read"
    assert abs((token.expires_at - timezone.now() - timedelta(days=7)).total_seconds()) < 60
    assert write(bearer(secret)) == 403
    with pytest.raises(CommandError):
        call_command("issue_token", user.username, "x", "--days", "0", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("issue_token", "nobody", "x", stdout=StringIO())


def test_a_tokens_last_use_is_kept_to_the_minute_without_a_write_per_read(
    make_user: Callable[..., User],
) -> None:
    user = make_user("BKHCN", "reporter")
    token, secret = api_token_issue(SYSTEM, user=user, name="poller")
    client = bearer(secret)
    first = timezone.now()
    with time_machine.travel(first, tick=False):
        assert client.get("/api/v1/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == first
    with (
        time_machine.travel(first + timedelta(seconds=59), tick=False),
        CaptureQueriesContext(connection) as queries,
    ):
        assert client.get("/api/v1/").status_code == 200
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    token.refresh_from_db()
    assert token.last_used_at == first
    later = first + timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        assert client.get("/api/v1/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == later
