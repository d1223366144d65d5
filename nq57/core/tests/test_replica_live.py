"""Reads on the replica, for real: a primary and a streaming replica on loopback
(tools/pgcluster.py), the application served by a real server in a subprocess against them,
and every check made over HTTP. Read-your-writes is shown by pausing the replica's replay.

The server is gunicorn with the production configuration (deploy/gunicorn.conf.py) and two
workers, as in the stack.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from tools.pgcluster import (
    Server,
    free_port,
    give_to_server_user,
    init_primary,
    init_replica,
    replica_caught_up,
)

pytestmark = pytest.mark.postgres_only

RETRY_SECONDS = 1
WAIT_SECONDS = 30
# gunicorn's start and the first page of each worker, with the suite's other worker busy on
# the same two cores (as the browser tests' server: SERVER_START_SECONDS).
START_SECONDS = 60
# Every statement in the servers' logs: the test counts what one request costs each server.
LOGGED = {"log_statement": "'all'"}


@dataclass
class Answer:
    status: int
    read_from: str
    body: Any


@dataclass
class Live:
    """The running servers and the world's task and tokens."""

    url: str
    primary: Server
    replica: Server
    task: int
    tokens: dict[str, str]

    def call(self, path: str, who: str | None, data: dict[str, Any] | None = None) -> Answer:
        headers = {"Accept": "application/json"}
        if who is not None:
            headers["Authorization"] = f"Bearer {self.tokens[who]}"
        body = None
        if data is not None:
            body = json.dumps(data).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.url + path, data=body, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw, status, read_from = response.read(), response.status, response.headers
        except urllib.error.HTTPError as error:
            raw, status, read_from = error.read(), error.code, error.headers
        is_json = read_from.get("Content-Type", "").startswith("application/json")
        return Answer(
            status, read_from.get("X-NQ57-Read-From", ""), json.loads(raw) if is_json else raw
        )

    def reports(self, who: str) -> Answer:
        return self.call(f"/api/v1/tasks/{self.task}/progress-reports/", who)

    def wait_for_replica_reads(self, who: str) -> None:
        """Until the replica has caught up and this process tries it again after a failure."""
        replica_caught_up(self.primary, self.replica)
        deadline = time.monotonic() + WAIT_SECONDS
        while self.reports(who).read_from != "replica":
            assert time.monotonic() < deadline, "reads never came back to the replica"
            time.sleep(0.2)


def _start_server(env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    with log.open("ab") as out:
        server = subprocess.Popen(
            # The production server, with its two workers: each finds out for itself that the
            # replica is down or back (the mark is per process).
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
            cwd=settings.BASE_DIR,
            env={**env, "NQ57_BIND": f"127.0.0.1:{port}", "NQ57_WEB_WORKERS": "2"},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_SECONDS
    try:
        while True:
            assert server.poll() is None, log.read_text()
            try:
                # A first page slower than a fixed timeout is waited for, not asked again.
                left = max(deadline - time.monotonic(), 1)
                with urllib.request.urlopen(f"{url}/ranking/", timeout=left):
                    return server, url
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
    except BaseException:
        server.terminate()  # the fixture never got it: no gunicorn left behind
        server.wait(timeout=30)
        raise


@pytest.fixture(scope="module")
def live() -> Iterator[Live]:
    root = Path(tempfile.mkdtemp(prefix="nq57-replica-"))
    give_to_server_user(root)
    primary = init_primary(root / "primary", settings=LOGGED)
    servers = [primary]
    server: subprocess.Popen[bytes] | None = None
    try:
        primary.start()
        primary.sql("CREATE DATABASE nq57")
        replica = init_replica(primary, root / "replica")
        replica.start()
        servers.append(replica)
        env = dict(
            os.environ,
            DATABASE_URL=primary.url("nq57"),
            DATABASE_REPLICA_URL=replica.url("nq57"),
            NQ57_REPLICA_RETRY_SECONDS=str(RETRY_SECONDS),
            NQ57_VAR_DIR=str(root),
            NQ57_MEDIA_ROOT=str(root / "media"),
            PYTHONUNBUFFERED="1",
        )
        world = subprocess.run(
            [sys.executable, "-m", "nq57.core.tests.replica_world"],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        facts = json.loads(world.stdout.strip().splitlines()[-1])
        server, url = _start_server(env, root / "app.log")
        yield Live(url, primary, replica, facts["task"], facts["tokens"])
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        for cluster in reversed(servers):
            cluster.stop("immediate")
        subprocess.run(["rm", "-rf", str(root)], check=False)


def _statements_during(server: Server, action: Any) -> list[str]:
    """The statements `server` logged while `action()` ran."""
    before = server.log.stat().st_size
    action()
    time.sleep(0.2)  # the log is written by the server process, a moment later
    with server.log.open("rb") as log:
        log.seek(before)
        lines = log.read().decode(errors="replace").splitlines()
    return [line for line in lines if "statement: " in line or "execute " in line]


def test_a_read_is_served_by_the_replica_with_the_primarys_figures(live: Live) -> None:
    live.wait_for_replica_reads("reader")
    summary = live.call("/api/v1/tasks/summary/", "reader")
    assert (summary.status, summary.read_from) == (200, "replica")
    assert summary.body["total"] == int(live.primary.sql("SELECT count(*) FROM tasks_task", "nq57"))
    reports = live.reports("reader")
    assert reports.read_from == "replica"
    stored = live.primary.sql("SELECT count(*) FROM tasks_progressreport", "nq57")
    assert len(reports.body) == int(stored)
    page = live.call("/ranking/", None)  # a public page, for an anonymous citizen
    assert (page.status, page.read_from) == (200, "replica")


def test_a_read_costs_one_replay_query_and_one_position_look_up(live: Live) -> None:
    live.wait_for_replica_reads("reader")
    on_primary: list[str] = []
    on_replica = _statements_during(
        live.replica,
        lambda: on_primary.extend(_statements_during(live.primary, lambda: live.reports("reader"))),
    )
    assert len([s for s in on_replica if "pg_last_wal_replay_lsn" in s]) == 1
    assert len([s for s in on_primary if "core_writeposition" in s]) == 1
    # The page's own reads are all on the replica: on the primary, only the reader's token,
    # account and role (primary-only, by design) and the position.
    assert not [s for s in on_primary if "tasks_" in s]
    # The dashboard's figures are raw SQL on the rollups: routed like the ORM's reads.
    summary: list[str] = []
    _statements_during(
        live.replica,
        lambda: summary.extend(
            _statements_during(live.primary, lambda: live.call("/api/v1/tasks/summary/", "reader"))
        ),
    )
    assert summary
    assert not [s for s in summary if "tasks_" in s]
    anonymous: list[str] = []
    _statements_during(
        live.replica,
        lambda: anonymous.extend(
            _statements_during(live.primary, lambda: live.call("/ranking/", None))
        ),
    )
    assert not [s for s in anonymous if "core_writeposition" in s]


def test_a_writer_reads_their_write_on_the_primary_until_the_replica_replays_it(live: Live) -> None:
    live.wait_for_replica_reads("writer")
    live.wait_for_replica_reads("reader")
    live.replica.sql("SELECT pg_wal_replay_pause()")
    try:
        written = live.call(
            f"/api/v1/tasks/{live.task}/progress-reports/",
            "writer",
            {"reported_on": time.strftime("%Y-%m-%d"), "percent": 60, "narrative": "live"},
        )
        assert (written.status, written.read_from) == (201, "primary")
        mine = live.reports("writer")
        assert mine.read_from == "primary"
        assert written.body["id"] in [report["id"] for report in mine.body]
        theirs = live.reports("reader")
        assert theirs.read_from == "replica"
        assert written.body["id"] not in [report["id"] for report in theirs.body]
    finally:
        live.replica.sql("SELECT pg_wal_replay_resume()")
    replica_caught_up(live.primary, live.replica)
    again = live.reports("writer")
    assert again.read_from == "replica"
    assert written.body["id"] in [report["id"] for report in again.body]


def test_reads_fall_back_to_the_primary_while_the_replica_is_down(live: Live) -> None:
    live.wait_for_replica_reads("reader")
    live.replica.stop()
    try:
        for _ in range(3):
            answer = live.reports("reader")
            assert (answer.status, answer.read_from) == (200, "primary")
        page = live.call("/ranking/", None)
        assert (page.status, page.read_from) == (200, "primary")
    finally:
        live.replica.start()
    live.replica.wait_ready()
    time.sleep(RETRY_SECONDS)
    started = time.monotonic()
    live.wait_for_replica_reads("reader")
    assert time.monotonic() - started < WAIT_SECONDS
