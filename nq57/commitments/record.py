"""The record of a commitment a signed PDF carries (`commitment.json`): what the leader
signed, in a canonical form, so that an uploaded file is accepted only if it says exactly
what the commitment says now."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from .models import Commitment

RECORD_NAME = "commitment.json"
LAYOUT = "nq57-commitment-1"


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def record_of(commitment: Commitment) -> dict[str, Any]:
    """Everything the commitment states, by name, lists in a fixed order."""
    return {
        "layout": LAYOUT,
        "id": commitment.pk,
        "organization": commitment.organization.code,
        "leader": commitment.leader.full_name,
        "position": commitment.position,
        "what": commitment.what,
        "committed_on": commitment.committed_on.isoformat(),
        "due_on": commitment.due_on.isoformat(),
        "tasks": sorted(
            f"{link.task.program.code}/{link.task.code}" for link in commitment.task_links.all()
        ),
        "indicators": sorted(
            [link.indicator.code, link.period, _plain(link.target)]
            for link in commitment.indicator_links.all()
        ),
        "databases": sorted(
            [link.database.code, link.status] for link in commitment.database_links.all()
        ),
        "budget": sorted(
            [str(link.year), link.programme.code, _plain(link.share)]
            for link in commitment.budget_links.all()
        ),
    }


def canonical(record: dict[str, Any]) -> bytes:
    return json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def digest(record: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(record)).hexdigest()


def with_links(queryset: QuerySet[Commitment]) -> QuerySet[Commitment]:
    """What `record_of` reads, loaded in a fixed number of queries."""
    return queryset.select_related("organization", "leader").prefetch_related(
        "task_links__task__program",
        "indicator_links__indicator",
        "database_links__database",
        "budget_links__programme",
    )
