"""A real database outage under a running application (issue 13 item 3): a throw-away
PostgreSQL cluster, the application on it (production settings, JSON logs, a replica alias
pointing at the same server), the server stopped — pages answer the Vietnamese 503, the API
a JSON 503, /healthz 200, /readyz 503 — then started again: everything answers 200 with no
restart of the application, even the request right after a restart that broke its
persistent connection (CONN_HEALTH_CHECKS). The worker's heartbeat is the real one:
`run_schedule --once` enqueues it and `db_worker --batch` runs it.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess  # nosec B404  # runs fixed local programs
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from django.conf import settings

from tools.pgcluster import Server, free_port, give_to_server_user, init_primary

pytestmark = pytest.mark.postgres_only

ROOT = Path(settings.BASE_DIR)
VIETNAMESE_TITLE = "Hệ thống tạm thời không truy cập được"
START_TIMEOUT_SECONDS = 60


@pytest.fixture(scope="module")
def cluster() -> Iterator[Server]:
    """A PostgreSQL server of its own on loopback, stopped and started at will."""
    root = Path(tempfile.mkdtemp(prefix="nq57-outage-"))
    give_to_server_user(root)
    server = init_primary(root / "primary", settings={"max_connections": "20"})
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def _environment(cluster: Server, var_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": cluster.url(),
        "DATABASE_REPLICA_URL": cluster.url(),  # not a standby: its check reports no lag
        "ALLOWED_HOSTS": "127.0.0.1",
        "NQ57_SSL_REDIRECT": "0",
        "NQ57_VAR_DIR": str(var_dir),
        "PYTHONUNBUFFERED": "1",
        "PYTHONWARNINGS": "ignore",
    }


# Migrate, then what the scheduler and the worker do each minute: enqueue the heartbeat, run
# it. One process for the three (each start of the application costs seconds).
PREPARE = (
    "from django.core.management import call_command as run; "
    "run('migrate', no_input=True, verbosity=0); "
    "run('run_schedule', once=True); "
    "run('db_worker', batch=True, startup_delay=False)"
)


def _prepare(env: dict[str, str]) -> None:
    command = [sys.executable, "manage.py", "shell", "-c", PREPARE]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)  # nosec B603  # fixed program


@pytest.fixture(scope="module")
def application(cluster: Server, tmp_path_factory: Any) -> Iterator[tuple[str, Path]]:
    """The application on the cluster, migrated, its worker's heartbeat given; its base URL
    and the file its logs go to."""
    var_dir = tmp_path_factory.mktemp("var")
    env = _environment(cluster, var_dir)
    _prepare(env)
    port = free_port()
    log = var_dir / "server.log"
    # One thread: one persistent database connection, reused from request to request.
    command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    with log.open("wb") as output:
        server = subprocess.Popen(  # nosec B603  # fixed program and arguments
            [*command, "--nothreading"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_it_answers(base, server)
        yield base, log
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_until_it_answers(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, "the application stopped"
        try:
            requests.get(f"{base}/healthz", timeout=2)
        except requests.ConnectionError:
            time.sleep(0.2)
        else:
            return
    raise AssertionError("the application did not answer")


def _get(base: str, path: str, **kwargs: Any) -> requests.Response:
    return requests.get(base + path, timeout=10, allow_redirects=False, **kwargs)


def _assert_serves(base: str) -> None:
    assert _get(base, "/ranking/").status_code == 200
    assert _get(base, "/api/v1/ranking/").status_code == 200
    ready = _get(base, "/readyz")
    assert ready.status_code == 200, ready.text
    assert set(ready.json()["checks"]) == {"default", "replica", "worker"}


def test_a_stopped_database_is_a_503_and_the_application_recovers_without_a_restart(
    cluster: Server, application: tuple[str, Path]
) -> None:
    base, log = application
    _assert_serves(base)

    cluster.stop()
    page = _get(base, "/ranking/")
    assert page.status_code == 503
    assert VIETNAMESE_TITLE in page.text
    assert page.headers["Retry-After"].isdigit()
    # A session cookie makes the session middleware read the database: a 503 too.
    signed = _get(base, "/feedback/", cookies={"sessionid": "x" * 32})
    assert signed.status_code == 503
    assert VIETNAMESE_TITLE in signed.text
    api = _get(base, "/api/v1/ranking/")
    assert api.status_code == 503
    assert api.headers["Content-Type"] == "application/json"
    assert set(api.json()) == {"detail"}
    assert _get(base, "/healthz").status_code == 200
    ready = _get(base, "/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"]["default"]["ok"] is False

    cluster.start()
    _assert_serves(base)
    # A restart between two requests breaks the kept connection: the next request is served.
    cluster.stop()
    cluster.start()
    assert _get(base, "/ranking/").status_code == 200

    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    outage = [line for line in lines if line.get("status") == 503 and line["path"] == "/ranking/"]
    assert outage, "no JSON line for the 503"
    assert len(outage[0]["request_id"]) == 32
    errors = [line for line in lines if line["logger"] == "django.request"]
    assert any("OperationalError" in line.get("exc_info", "") for line in errors)
