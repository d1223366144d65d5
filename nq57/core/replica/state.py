"""One request's routing state, and whether this process believes the replica reachable."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpRequest

PRIMARY = "default"
REPLICA = "replica"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
READ_FROM_HEADER = "X-NQ57-Read-From"

logger = logging.getLogger(__name__)

# Outside a request (workers, the scheduler, commands, migrations) there is no state and
# every query goes to the primary.
_current_reads: ContextVar[RequestReads | None] = ContextVar("nq57_request_reads", default=None)
# Per process on purpose: each process finds out for itself that the replica is back, and a
# wrong guess costs one failed connection, never a wrong answer.
_replica_down_until = 0.0


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_marked_down() -> bool:
    return time.monotonic() < _replica_down_until


def mark_replica_down(reason: BaseException) -> None:
    """Send reads to the primary for NQ57_REPLICA_RETRY_SECONDS, then try the replica again."""
    global _replica_down_until
    retry_seconds = float(getattr(settings, "NQ57_REPLICA_RETRY_SECONDS", 10))
    _replica_down_until = time.monotonic() + retry_seconds
    logger.warning("replica failed, reads go to the primary for %ss: %s", retry_seconds, reason)
    if not replica_configured():
        return
    # A broken connection may fail to close: it is dropped all the same.
    with contextlib.suppress(DatabaseError):
        connections[REPLICA].close()


def may_read_replica(
    *, safe_method: bool, wrote: bool, in_transaction: bool, replica_down: bool
) -> bool:
    """Whether a read may go to the replica at all, before any write position is asked for:
    only a reading request (GET, HEAD, OPTIONS) that has written nothing, outside a
    transaction on the primary, while the replica is believed reachable."""
    return safe_method and not wrote and not in_transaction and not replica_down


@dataclass
class RequestReads:
    """Where one request's reads go; decided at its first read that may use the replica, by
    `replica_serves(request)` (core.replica.positions), once per request."""

    request: HttpRequest
    safe_method: bool
    replica_serves: Callable[[HttpRequest], bool]
    wrote: bool = False
    replica_chosen: bool | None = None
    used_replica: bool = False
    deciding: bool = False
    # The view and its arguments, to run it again on the primary if the replica fails.
    view: tuple[Callable[..., Any], Any, Any] | None = None

    def alias_for_read(self) -> str:
        allowed = may_read_replica(
            safe_method=self.safe_method,
            wrote=self.wrote,
            in_transaction=connections[PRIMARY].in_atomic_block,
            replica_down=replica_marked_down(),
        )
        if not allowed or self.deciding:  # deciding: its own look-ups go to the primary
            return PRIMARY
        if self.replica_chosen is None:
            self.deciding = True
            try:
                self.replica_chosen = self.replica_serves(self.request)
            finally:
                self.deciding = False
        if not self.replica_chosen:
            return PRIMARY
        self.used_replica = True
        return REPLICA


def current_reads() -> RequestReads | None:
    return _current_reads.get()


def open_reads(reads: RequestReads) -> Callable[[], None]:
    """Make `reads` the current request's state; returns how to close it."""
    token = _current_reads.set(reads)
    return lambda: _current_reads.reset(token)
