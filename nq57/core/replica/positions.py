"""Read-your-writes: where the primary's WAL stood after a reader's last write, and whether
the replica has replayed that far.

Where a position is kept: a signed-in user's (browser session or API token alike) in the
primary's `core.WritePosition` table, one row per user, so every process and every client of
that user sees it; an anonymous visitor's (a citizen on the portal) in their session, which
lives on the primary too. Nothing is kept in a process's memory.
"""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError, connections
from django.http import HttpRequest

from ..models import WritePosition
from .lsn import is_replayed, parse_lsn
from .state import PRIMARY, REPLICA, logger, mark_replica_down

SESSION_KEY = "_nq57_write_lsn"

# The insert position, not pg_current_wal_lsn() (the write position): with
# synchronous_commit off a commit returns before its WAL is written out, so the write
# position can still lie before it. The statement's own row is inserted after the value is
# taken, so the position is always followed by WAL the replica will replay.
RECORD_USER_POSITION = (
    "INSERT INTO core_writeposition (user_id, lsn, recorded_at) "
    "VALUES (%s, pg_current_wal_insert_lsn() - '0/0'::pg_lsn, now()) "
    "ON CONFLICT (user_id) DO UPDATE SET "
    "lsn = GREATEST(core_writeposition.lsn, EXCLUDED.lsn), recorded_at = EXCLUDED.recorded_at"
)


def signed_in_user(request: HttpRequest) -> Any | None:
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def write_position_of(request: HttpRequest) -> int | None:
    """The WAL position the reader's reads must wait for (None: nothing to wait for)."""
    session = getattr(request, "session", None)
    value = session.get(SESSION_KEY) if session is not None else None
    # A citizen who wrote, then signed in, keeps in their session what they wrote before.
    anonymous_write = value if isinstance(value, int) else None
    user = signed_in_user(request)
    if user is None:
        return anonymous_write
    found = WritePosition.objects.filter(user_id=user.pk).values_list("lsn", flat=True)
    known = [position for position in (found.first(), anonymous_write) if position is not None]
    return max(known, default=None)


def replayed_position() -> int | None:
    """How far the replica has replayed (None: it replays nothing, so it is no replica)."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_last_wal_replay_lsn()::text")
        row = cursor.fetchone()
    return parse_lsn(row[0]) if row and row[0] is not None else None


def replica_serves(request: HttpRequest) -> bool:
    """Whether this request's reads go to the replica: it is reachable and has replayed past
    the reader's last write. A failed connection marks it down; the request goes on."""
    if request.headers.get("Authorization") and signed_in_user(request) is None:
        return False  # a token not yet checked: whose writes to wait for is not known yet
    needed = write_position_of(request)
    try:
        replayed = replayed_position()
    except DatabaseError as error:
        mark_replica_down(error)
        return False
    return is_replayed(replayed, needed)


def record_write_position(request: HttpRequest) -> None:
    """After a request that wrote: remember, for its reader, how far the primary's WAL went."""
    try:
        user = signed_in_user(request)
        if user is not None:
            with connections[PRIMARY].cursor() as cursor:
                cursor.execute(RECORD_USER_POSITION, [user.pk])
            return
        session = getattr(request, "session", None)
        if session is not None:
            with connections[PRIMARY].cursor() as cursor:
                cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
                row = cursor.fetchone()
            session[SESSION_KEY] = parse_lsn(row[0]) if row else None
    except DatabaseError as error:
        # The primary failed after the request's own writes: its reads go there anyway.
        logger.warning("could not record a write position: %s", error)
