"""The probes (issue 13 item 3): /healthz answers 200 without the database, even for a
signed-in browser; /readyz answers 200 when every check passes and 503 with the failing
check named when the worker's heartbeat is stale; neither is cached nor leaks a setting."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from nq57.core.heartbeat import heartbeat, heartbeat_enqueue, heartbeat_record, last_heartbeat
from nq57.core.models import WorkerHeartbeat

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queued_tasks() -> Iterator[None]:
    """Tasks wait for a worker, as in production (the tests run them at once otherwise)."""
    with override_settings(TASKS=DB_BACKEND):
        yield


def _is_uncached(response: Any) -> bool:
    return "no-store" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_without_a_query_even_with_a_session(
    make_user: Callable[..., Any],
) -> None:
    client = Client()
    client.force_login(make_user("BTC", "reporter"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}
    assert len(queries) == 0
    assert _is_uncached(response)


@pytest.mark.django_db
def test_readyz_is_ready_when_the_database_answers_and_a_worker_ran_the_heartbeat(
    queued_tasks: None,
) -> None:
    heartbeat_record()
    response = Client().get("/readyz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["ready"] is True
    assert set(body["checks"]) == {"default", "worker"}  # no replica configured here
    assert all(check["ok"] for check in body["checks"].values())
    assert _is_uncached(response)


@pytest.mark.django_db
def test_readyz_answers_503_naming_the_worker_when_its_heartbeat_is_stale(
    queued_tasks: None,
) -> None:
    too_old = settings.NQ57_READY_MAX_HEARTBEAT_SECONDS + 5
    heartbeat_record(now=timezone.now() - timedelta(seconds=too_old))
    response = Client().get("/readyz")
    body = response.json()
    assert response.status_code == 503
    assert body["ready"] is False
    assert body["checks"]["default"]["ok"] is True
    assert body["checks"]["worker"]["ok"] is False
    assert "heartbeat" in body["checks"]["worker"]["detail"]
    assert _is_uncached(response)


@pytest.mark.django_db
def test_readyz_answers_503_when_no_worker_ever_ran_the_heartbeat(queued_tasks: None) -> None:
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == {"ok": False, "detail": "no heartbeat yet"}


@pytest.mark.django_db
def test_readyz_tells_no_setting_of_the_database(queued_tasks: None) -> None:
    heartbeat_record()
    text = Client().get("/readyz").content.decode()
    database = settings.DATABASES["default"]
    secrets = [settings.SECRET_KEY, str(database["NAME"]), database.get("PASSWORD") or ""]
    assert not [secret for secret in secrets if secret and secret in text]


@pytest.mark.django_db
def test_the_scheduler_enqueues_a_heartbeat_the_worker_runs_and_readyz_sees(
    queued_tasks: None,
) -> None:
    call_command("run_schedule", "--once", stdout=None)
    assert Client().get("/readyz").status_code == 503  # enqueued, not yet run
    # A second tick while it waits enqueues no other: a stopped worker finds no backlog.
    assert heartbeat_enqueue() is False
    (queued,) = DBTaskResult.objects.filter(task_path=heartbeat.module_path)
    # What the worker does with it (the real worker runs it in test_outage_postgres.py).
    queued.task.call()
    assert last_heartbeat() is not None
    assert Client().get("/readyz").status_code == 200
    assert heartbeat_enqueue() is True  # the last one ran: the next minute asks again


@pytest.mark.django_db
def test_a_heartbeat_lost_for_long_is_enqueued_again(queued_tasks: None) -> None:
    long_ago = timezone.now() - timedelta(hours=1)
    WorkerHeartbeat.objects.create(name="worker", enqueued_at=long_ago)
    assert heartbeat_enqueue() is True


@pytest.mark.django_db
def test_with_tasks_run_in_process_readyz_waits_for_no_worker() -> None:
    body = json.loads(Client().get("/readyz").content)
    assert body["checks"]["worker"] == {"ok": True, "detail": "tasks run in the web process"}


def test_only_get_and_head_reach_the_probes() -> None:
    assert Client().post("/healthz").status_code == 405
    assert Client().head("/healthz").status_code == 200
