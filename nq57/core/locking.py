"""Re-reading a row under a lock: a write decides on what no concurrent writer can change
before it commits (DESIGN §2: a write reads what it replaces under a lock)."""

from __future__ import annotations

from typing import TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def reread_for_update(instance: M, *related: str) -> M:
    """`instance` read again under a row lock (SELECT … FOR UPDATE), with the `related`
    relations joined. The copy in hand may be stale; the one returned is current until the
    transaction ends, so call it inside one. Only the row itself is locked, never the joined
    ones: an optional relation is an outer join PostgreSQL refuses to lock, and locking an
    organisation would queue every write about it behind one."""
    rows = type(instance)._default_manager.select_for_update(of=("self",))
    if related:  # select_related() without names would follow every relation
        rows = rows.select_related(*related)
    return rows.get(pk=instance.pk)
