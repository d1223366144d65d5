"""Schemathesis over the OpenAPI schema with a secretariat's token: whatever the ids,
parameters and bodies the schema allows (and the ones it does not), no operation answers a
server error. Runs once, in the PostgreSQL pass, with a bounded number of examples."""

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

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db]

EXAMPLES_PER_OPERATION = 40
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


def _token(make_user: Callable[..., Any]) -> str:
    user = make_user("BCDTW", "secretariat")
    out = io.StringIO()
    call_command("issue_token", user.username, "schemathesis", stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def test_no_operation_answers_a_server_error(
    app: WSGIHandler, make_user: Callable[..., Any]
) -> None:
    headers = {"Authorization": f"Bearer {_token(make_user)}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", app)
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) >= 30
    failures: list[str] = []
    for operation in operations:

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
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
