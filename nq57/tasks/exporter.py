"""Exporting tasks in the exchange format the import reads, so export then import round-trips."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from nq57.orgs.models import Organization

from .models import Task, TaskCoordination

CHUNK = 2000


def export_rows(tasks: QuerySet[Task]) -> Iterator[dict[str, Any]]:
    """One exchange row per task, organisations by code, streamed in chunks of ids."""
    codes = dict(Organization.objects.values_list("pk", "code"))
    ordered = tasks.order_by("program__code", "code").values_list(
        "pk",
        "code",
        "title",
        "program__code",
        "lead_org_id",
        "assigned_by_id",
        "assigned_on",
        "deadline",
        "kind",
        "expected_product",
        "responsible_person",
        "completed_on",
        "progress",
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
    for (
        pk,
        code,
        title,
        program,
        lead,
        assigned_by,
        assigned_on,
        deadline,
        kind,
        product,
        person,
        completed_on,
        progress,
    ) in chunk:
        yield {
            "code": code,
            "title": title,
            "program": program,
            "lead_org": codes[lead],
            "coordinating_orgs": ";".join(sorted(coordinating.get(pk, []))),
            "assigned_by": codes[assigned_by],
            "assigned_on": assigned_on,
            "deadline": deadline,
            "kind": kind,
            "expected_product": product,
            "responsible_person": person,
            "completed_on": completed_on,
            "progress": progress,
        }
