"""A list of entries in the import's layout (`BUDGET`): the organisation and the programme by
code, the stage, the amount and the day. Imported back, it changes nothing: each row is the
entry it came from, which the import finds already recorded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from ..models import Entry

CHUNK = 2000


def export_rows(entries: QuerySet[Entry]) -> Iterator[dict[str, Any]]:
    """One row per entry of `entries`, read in chunks in one query."""
    rows = entries.values_list(
        "year", "organization__code", "programme__code", "stage", "amount", "dated"
    )
    for year, org, programme, stage, amount, dated in rows.iterator(chunk_size=CHUNK):
        yield {
            "year": str(year),  # a year, not a number to group: 2025, never 2.025
            "org": org,
            "program": programme,
            "stage": stage,
            "amount": amount,
            "on": dated,
        }
