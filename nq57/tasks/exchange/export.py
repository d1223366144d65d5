"""Exporting tasks in the exchange layout the import reads, so export then import round-trips."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from nq57.orgs.models import Organization

from ..models import Task, TaskCoordination
from .layout import HEADER

CHUNK = 2000
# Where each column of the layout comes from, when not the task field of the same name;
# organisations are written by code, the coordinating ones read separately.
STORED_AS = {"program": "program__code", "lead_org": "lead_org_id", "assigned_by": "assigned_by_id"}
BY_CODE = ("lead_org", "assigned_by")
FROM_TASK = tuple(key for key in HEADER if key != "coordinating_orgs")


def export_rows(tasks: QuerySet[Task]) -> Iterator[dict[str, Any]]:
    """One exchange row per task, organisations by code, streamed in chunks of ids."""
    codes = dict(Organization.objects.values_list("pk", "code"))
    ordered = tasks.order_by("program__code", "code").values_list(
        "pk", *(STORED_AS.get(key, key) for key in FROM_TASK)
    )
    chunk: list[tuple[Any, ...]] = []
    for values in ordered.iterator(chunk_size=CHUNK):
        chunk.append(values)
        if len(chunk) >= CHUNK:
            yield from _rows(chunk, codes)
            chunk = []
    if chunk:
        yield from _rows(chunk, codes)


def _rows(chunk: list[tuple[Any, ...]], codes: dict[int, str]) -> Iterator[dict[str, Any]]:
    coordinating: dict[int, list[str]] = {}
    for task_id, org_id in TaskCoordination.objects.filter(
        task_id__in=[values[0] for values in chunk]
    ).values_list("task_id", "organization_id"):
        coordinating.setdefault(task_id, []).append(codes[org_id])
    for pk, *values in chunk:
        stored = dict(zip(FROM_TASK, values, strict=True))
        for key in BY_CODE:
            stored[key] = codes[stored[key]]
        stored["coordinating_orgs"] = ";".join(sorted(coordinating.get(pk, [])))
        yield {key: stored[key] for key in HEADER}
