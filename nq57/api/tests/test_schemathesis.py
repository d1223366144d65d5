"""Schemathesis over the OpenAPI schema with a token of each role: whatever the ids,
parameters and bodies the schema allows (and the ones it does not), no operation answers a
server error. Runs once, in the PostgreSQL pass, with a bounded number of examples: the
secretariat's token, which reaches every branch, gets the most; the other roles' tokens
(whose calls mostly stop at a 403/404) fewer."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nq57.accounts.services import citizen_sign_in

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db]

EXAMPLES_PER_OPERATION = 40
# (organisation, role, token scope, examples per operation); None: a citizen signed in
# through the identity provider, who may hold a token but whom the API refuses (403).
ROLES = [
    ("BCDTW", "secretariat", "read_write", EXAMPLES_PER_OPERATION),
    ("BKHCN", "reporter", "read_write", 8),
    ("BKHCN", "approver", "read_write", 8),
    ("01", "org_admin", "read_write", 8),
    ("UBKTTW", "inspector", "read_write", 8),
    ("01", "reporter", "read", 5),
    (None, "citizen", "read_write", 3),
]
# What schemathesis would not try on an integer id, and what broke seven operations.
FORGED_IDS = ["abc", "1.5", "-1", "1e3", "%C3%A9", "0x1f", "99999999999999999999"]


@pytest.fixture
def app() -> Iterator[WSGIHandler]:
    """The application as a server runs it, except that the connection stays open between
    requests (the test's transaction holds its data), as Django's test client does."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def _token(make_user: Callable[..., Any], org: str | None, role: str, scope: str) -> str:
    if org is None:
        user = citizen_sign_in(issuer="https://vneid.example", subject="0042", claims={})
    else:
        user = make_user(org, role)
    out = io.StringIO()
    call_command("issue_token", user.username, "schemathesis", "--scope", scope, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("org", "role", "scope", "examples"), ROLES, ids=[f"{r[1]}-{r[2]}" for r in ROLES]
)
def test_no_operation_answers_a_server_error(
    app: WSGIHandler,
    make_user: Callable[..., Any],
    org: str | None,
    role: str,
    scope: str,
    examples: int,
) -> None:
    headers = {"Authorization": f"Bearer {_token(make_user, org, role, scope)}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", app)
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) >= 30
    failures: list[str] = []
    for operation in operations:

        @settings(
            max_examples=examples,
            database=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
        )
        @given(case=operation.as_strategy(), forged=st.sampled_from([None, *FORGED_IDS]))
        def call(case: Any, forged: str | None) -> None:
            if forged and case.path_parameters and "id" in case.path_parameters:
                case.path_parameters = {**case.path_parameters, "id": forged}
            response = case.call(headers=headers)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path}: {response.status_code}")

        call()
    assert failures == []
