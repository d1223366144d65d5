"""The readiness checks behind /readyz: the primary database answers, the replica (when one
is configured) answers and is not too far behind, and a task worker ran the heartbeat task
lately (`core.heartbeat`). Each check says ok or not with a short detail meant for an
operator's probe: never a password, a host name, a server's message or anyone's data.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import DatabaseError, InterfaceError, connections, transaction
from django.utils import timezone

from .heartbeat import last_heartbeat

# What a database that is down or gone raises (a dropped connection: InterfaceError).
DATABASE_FAILURES = (DatabaseError, InterfaceError)
PRIMARY = "default"
REPLICA = "replica"
# A check query that takes longer than this is as good as no answer.
STATEMENT_TIMEOUT_MS = 2000
# The task backends that run a task in the process that enqueues it: no worker to wait for.
IN_PROCESS_BACKENDS = frozenset({"django_tasks.backends.immediate.ImmediateBackend"})
# What the replica reports: whether it replays WAL, whether it has replayed all it received,
# and how long ago the last transaction it replayed was committed on the primary.
REPLICA_STATE_SQL = (
    "SELECT pg_is_in_recovery(),"
    " pg_last_wal_receive_lsn() IS NOT NULL"
    " AND pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn(),"
    " EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())"
)


@dataclass(frozen=True)
class Check:
    """One readiness check's verdict."""

    name: str
    ok: bool
    detail: str


def readiness() -> list[Check]:
    """Every check, in a fixed order (the replica's only when the alias exists)."""
    checks = [database_check(PRIMARY)]
    if REPLICA in settings.DATABASES:
        checks.append(replica_check(REPLICA, settings.NQ57_READY_MAX_REPLICA_LAG_SECONDS))
    checks.append(worker_check(settings.NQ57_READY_MAX_HEARTBEAT_SECONDS))
    return checks


def _is_postgresql(alias: str) -> bool:
    return connections[alias].vendor == "postgresql"


def _ask(alias: str, sql: str) -> tuple[object, ...]:
    """One row of `sql` on `alias`, given at most STATEMENT_TIMEOUT_MS on PostgreSQL."""
    timeout = str(STATEMENT_TIMEOUT_MS)
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        if _is_postgresql(alias):
            # For this transaction only (SET LOCAL), as a parameter.
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [timeout])
        cursor.execute(sql)
        row = cursor.fetchone()
    return tuple(row) if row is not None else ()


def database_check(alias: str) -> Check:
    """The database behind `alias` answers `SELECT 1`."""
    started = time.monotonic()
    try:
        _ask(alias, "SELECT 1")
    except DATABASE_FAILURES as error:
        return Check(alias, False, _unreachable(error))
    return Check(alias, True, f"answered in {(time.monotonic() - started) * 1000:.0f} ms")


def _unreachable(error: Exception) -> str:
    # The server's own message may name hosts, users or databases: only the kind of error.
    return f"no answer ({type(error).__name__})"


def replica_check(alias: str, max_lag_seconds: float) -> Check:
    """The replica answers and has replayed the primary's WAL to within `max_lag_seconds`."""
    if not _is_postgresql(alias):
        return database_check(alias)
    try:
        in_recovery, caught_up, replay_age = _ask(alias, REPLICA_STATE_SQL)
    except DATABASE_FAILURES as error:
        return Check(alias, False, _unreachable(error))
    lag = replica_lag(
        in_recovery=bool(in_recovery),
        caught_up=bool(caught_up),
        replay_age=None if replay_age is None else float(str(replay_age)),
    )
    if lag is None:
        return Check(alias, False, "has replayed nothing yet")
    verdict = lag <= max_lag_seconds
    return Check(alias, verdict, f"lag {lag:.1f} s (at most {max_lag_seconds:g} s)")


def replica_lag(*, in_recovery: bool, caught_up: bool, replay_age: float | None) -> float | None:
    """How far behind the replica is, in seconds (None: unknown, it replayed nothing).

    The age of the last replayed transaction grows on an idle primary with no lag at all, so
    a replica that has replayed everything it received is not behind, whatever that age; a
    server that is not in recovery replays nothing and is not behind either."""
    if not in_recovery or caught_up:
        return 0.0
    if replay_age is None:
        return None
    return max(replay_age, 0.0)


def worker_check(max_age_seconds: float) -> Check:
    """A task worker ran the heartbeat task within `max_age_seconds`."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend in IN_PROCESS_BACKENDS:
        return Check("worker", True, "tasks run in the web process")
    try:
        ran_at = last_heartbeat()
    except DATABASE_FAILURES as error:
        return Check("worker", False, _unreachable(error))
    return heartbeat_verdict(ran_at, timezone.now(), max_age_seconds)


def heartbeat_verdict(ran_at: datetime | None, now: datetime, max_age_seconds: float) -> Check:
    """The worker check from the last heartbeat's time."""
    if ran_at is None:
        return Check("worker", False, "no heartbeat yet")
    age = (now - ran_at).total_seconds()
    return Check(
        "worker",
        age <= max_age_seconds,
        f"heartbeat {age:.0f} s ago (at most {max_age_seconds:g} s)",
    )
