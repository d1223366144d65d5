"""Exporting tasks in the exchange layout the import reads, so export then import round-trips;
as of a past date, each task as it stood then."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from nq57.orgs.models import Organization

from ..choices import RequestStatus
from ..models import Evidence, ProgressReport, Task, TaskCoordination
from ..selectors.status_sql import annotate_status, deadline_at
from .layout import HEADER

CHUNK = 2000
# Where each column of the layout comes from, when not the task field of the same name;
# organisations are written by code, the coordinating ones read separately.
STORED_AS = {
    "program": "program__code",
    "lead_org": "lead_org_id",
    "assigned_by": "assigned_by_id",
    "confidential": "is_confidential",
}
BY_CODE = ("lead_org", "assigned_by")
# Columns computed per row (the status as of the date) or read separately (coordinators, and
# the links backing a confirmed completion: a task may have several, and `evidence` is no
# column of the task).
DERIVED = ("coordinating_orgs", "evidence", "status")
FROM_TASK = tuple(key for key in HEADER if key not in DERIVED)
# What a past date needs besides the task's present values: see `_as_it_stood`.
THEN = ("status", "deadline_then", "percent_then", "progress_reported_on", "original_deadline")


def export_rows(tasks: QuerySet[Task], as_of: date | None = None) -> Iterator[dict[str, Any]]:
    """One exchange row per task, organisations by code, streamed in chunks of ids, with its
    status as of `as_of` (default today); before today, its deadline in force, completion and
    progress as they stood on that date too."""
    today = timezone.localdate()
    day = as_of or today
    codes = dict(Organization.objects.values_list("pk", "code"))
    annotated = annotate_status(tasks, day)
    past = day < today
    if past:
        reported = ProgressReport.objects.filter(task=OuterRef("pk"), reported_on__lte=day)
        annotated = annotated.annotate(
            deadline_then=deadline_at(day),
            percent_then=Subquery(reported.order_by("-reported_on", "-id").values("percent")[:1]),
        )
    extra = THEN if past else ("status",)
    ordered = annotated.order_by("program__code", "code").values_list(
        "pk", *(STORED_AS.get(key, key) for key in FROM_TASK), *extra
    )
    chunk: list[tuple[Any, ...]] = []
    for values in ordered.iterator(chunk_size=CHUNK):
        chunk.append(values)
        if len(chunk) >= CHUNK:
            yield from _rows(chunk, codes, extra, day)
            chunk = []
    if chunk:
        yield from _rows(chunk, codes, extra, day)


def _rows(
    chunk: list[tuple[Any, ...]], codes: dict[int, str], extra: tuple[str, ...], day: date
) -> Iterator[dict[str, Any]]:
    ids = [values[0] for values in chunk]
    coordinating: dict[int, list[str]] = {}
    for task_id, org_id in TaskCoordination.objects.filter(task_id__in=ids).values_list(
        "task_id", "organization_id"
    ):
        coordinating.setdefault(task_id, []).append(codes[org_id])
    links: dict[int, list[str]] = {}
    for task_id, link in (
        Evidence.objects.filter(task_id__in=ids, completion_request__status=RequestStatus.CONFIRMED)
        .exclude(link="")
        .order_by("pk")
        .values_list("task_id", "link")
    ):
        links.setdefault(task_id, []).append(link)
    for pk, *values in chunk:
        stored = dict(zip((*FROM_TASK, *extra), values, strict=True))
        for key in BY_CODE:
            stored[key] = codes[stored[key]]
        stored["coordinating_orgs"] = ";".join(sorted(coordinating.get(pk, [])))
        if "deadline_then" in stored:
            _as_it_stood(stored, day)
        # The links of the completion the row shows (none when it came after the date).
        stored["evidence"] = ";".join(links.get(pk, [])) if stored["completed_on"] else ""
        yield {key: stored[key] for key in HEADER}


def _as_it_stood(stored: dict[str, Any], day: date) -> None:
    """The task's deadline, completion and progress as they stood on a past `day`: the
    deadline then in force (the one assigned, for a task assigned later); no completion if it
    came later; the progress of a task completed by then as recorded, else of the last report
    on or before the day, else 0 when every report or the completion came later, else (an
    open task never reported on) the progress recorded without a report, which an import may
    set and no history dates."""
    assigned = stored["status"] is not None
    stored["deadline"] = stored["deadline_then"] if assigned else stored["original_deadline"]
    completed_on = stored["completed_on"]
    if completed_on is not None and completed_on <= day:
        return
    stored["completed_on"] = None
    if stored["percent_then"] is not None:
        stored["progress"] = stored["percent_then"]
    elif stored["progress_reported_on"] is not None or completed_on is not None:
        stored["progress"] = 0
