"""The database list exported in the import's layout, each database as it stood on the date:
its status, risk and reason then, from the day of the entry then in force. Imported back, it
changes nothing (an identical row is ignored)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db.models import QuerySet

from ..models import Database
from ..selectors import in_force

CHUNK = 2000


def export_rows(databases: QuerySet[Database], as_of: date) -> Iterator[dict[str, Any]]:
    """One row per database of `databases` (annotated by `listing.databases_filtered`), the
    owner and the lists by code, in chunks: three queries for a list of any length up to a
    chunk."""
    rows = databases.annotate(reason_then=in_force(as_of, "risk_reason")).values_list(
        "pk",
        "code",
        "name",
        "kind",
        "owner__code",
        "status_then",
        "risk_then",
        "since_then",
        "legal_basis",
        "target_on",
        "reason_then",
    )
    chunk: list[tuple[Any, ...]] = []
    for values in rows.iterator(chunk_size=CHUNK):
        chunk.append(values)
        if len(chunk) >= CHUNK:
            yield from _rows(chunk)
            chunk = []
    if chunk:
        yield from _rows(chunk)


def _rows(chunk: list[tuple[Any, ...]]) -> Iterator[dict[str, Any]]:
    lists: dict[int, list[str]] = {}
    through = Database.lists.through.objects.filter(database_id__in=[v[0] for v in chunk])
    for database_id, code in through.order_by("databaselist__code").values_list(
        "database_id", "databaselist__code"
    ):
        lists.setdefault(database_id, []).append(code)
    for pk, code, name, kind, owner, status, risk, since, basis, target, reason in chunk:
        yield {
            "code": code,
            "name": name,
            "kind": kind,
            "owner_org": owner,
            "lists": ";".join(lists.get(pk, [])),
            "status": status,
            "risk": risk,
            "since": since,
            "legal_basis": basis,
            "target_date": target,
            "risk_reason": reason,
        }
