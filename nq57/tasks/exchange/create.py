"""Creating the tasks a file adds, in bulk: the rows, their original deadline, their
coordinating organisations, one audit event each and their share of the rollups."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from operator import attrgetter

from django.utils import timezone

from nq57.core.actors import Actor, user_id_of
from nq57.core.bulk import insert_rows, reserve_ids
from nq57.core.models import AuditEvent

from .. import events, rollups
from ..choices import DeadlineSource, RequestStatus, TaskKind
from ..models import CompletionRequest, Evidence, Task, TaskCoordination, TaskDeadline, task_label
from ..services import derived_values
from ..status import Deadline, TaskFacts
from .validate import TaskRow


@dataclass(slots=True)
class NewTask:
    """The stored columns of a task the import creates, by name (the insert's columns)."""

    id: int
    program_id: int
    code: str
    title: str
    description: str
    responsible_person: str
    kind: str
    deadline: date | None
    deadline_since: date | None
    original_deadline: date | None
    lead_org_id: int
    expected_product: str
    assigned_by_id: int
    assigned_on: date
    completed_on: date | None
    is_priority: bool
    is_confidential: bool
    parent_id: int | None
    weight: int
    progress: int
    progress_reported_on: date | None
    missing_elements: str
    search_text: str
    version: int
    created_at: datetime
    updated_at: datetime


INSERTED_COLUMNS = tuple(field.name for field in fields(NewTask))
NEW_TASK_COLUMNS = INSERTED_COLUMNS[1:]  # all but the id: what a plain insert gives
_values_of = attrgetter(*INSERTED_COLUMNS)
AUDIT_COLUMNS = (
    "occurred_at",
    "actor",
    "event",
    "subject_type",
    "subject_id",
    "subject_label",
    "changes",
    "data",
)


def new_task(task_id: int, program_id: int, row: TaskRow, now: datetime) -> NewTask:
    """The stored task of a valid row, with its derived fields."""
    missing, search_text = derived_values(
        code=row.code,
        title=row.title,
        responsible_person=row.responsible_person,
        kind=row.kind,
        deadline=row.deadline,
        expected_product=row.expected_product,
    )
    return NewTask(
        id=task_id,
        program_id=program_id,
        code=row.code,
        title=row.title,
        description="",
        responsible_person=row.responsible_person,
        kind=row.kind,
        deadline=row.deadline,
        deadline_since=row.assigned_on if row.deadline else None,
        original_deadline=row.deadline,
        lead_org_id=row.lead_org_id,
        expected_product=row.expected_product,
        assigned_by_id=row.assigned_by_id,
        assigned_on=row.assigned_on,
        completed_on=row.completed_on,
        is_priority=False,
        is_confidential=row.is_confidential,
        parent_id=None,
        weight=1,
        progress=row.progress or 0,
        progress_reported_on=None,
        missing_elements=missing,
        search_text=search_text,
        version=1,
        created_at=now,
        updated_at=now,
    )


def create_tasks(
    actor: Actor,
    items: Sequence[tuple[int, TaskRow]],
    *,
    roots: dict[int, int],
    tally: Counter[rollups.Key],
    source_name: str = "",
) -> None:
    """Insert the (programme id, row) tasks with their original deadline, coordination,
    completions brought in from history and audit events; their rollup changes go into
    `tally`, written later in one go. `source_name` is the reason recorded for history."""
    now = timezone.now()
    today = timezone.localdate()
    ids = reserve_ids(Task, len(items))
    insert_rows(
        Task,
        INSERTED_COLUMNS,
        (
            _values_of(new_task(pk, program_id, row, now))
            for pk, (program_id, row) in zip(ids, items, strict=True)
        ),
    )
    placed = list(zip(ids, (row for _program, row in items), strict=True))
    insert_rows(
        TaskDeadline,
        ("task", "deadline", "effective_on", "source", "recorded_at"),
        (
            (pk, row.deadline, row.assigned_on, DeadlineSource.ORIGINAL, now)
            for pk, row in placed
            if row.deadline is not None
        ),
    )
    insert_rows(
        TaskCoordination,
        ("task", "organization"),
        ((pk, org_id) for pk, row in placed for org_id in row.coordinating_ids),
    )
    author_id = user_id_of(actor)
    insert_rows(
        AuditEvent,
        AUDIT_COLUMNS,
        (
            (
                now,
                author_id,
                events.TASK_IMPORTED.code,
                "task",
                pk,
                task_label(row.code, row.title),
                {},
                _audit_data(row, today, source_name),
            )
            for pk, row in placed
        ),
    )
    record_history_completions(actor, placed, source_name)
    for program_id, row in items:
        facts = TaskFacts(
            assigned_on=row.assigned_on,
            is_regular=row.kind == TaskKind.REGULAR,
            completed_on=row.completed_on,
            deadlines=(Deadline(row.assigned_on, row.deadline),) if row.deadline else (),
        )
        rollups.add_deltas(tally, rollups.PlacedFacts(facts, program_id, roots[row.lead_org_id]))


def _audit_data(row: TaskRow, today: date, source_name: str) -> dict[str, object]:
    data: dict[str, object] = {"line": row.line, "created": True}
    if row.assigned_on < today or row.completed_on is not None:
        data["history_reason"] = source_name
    return data


def record_history_completions(
    actor: Actor, placed: Sequence[tuple[int, TaskRow]], source_name: str
) -> None:
    """Each imported completion as a confirmed request marked brought in from history: who
    imported it, on the imported date, with the file's evidence links."""
    completed = [(pk, row) for pk, row in placed if row.completed_on is not None]
    if not completed:
        return
    author_id = user_id_of(actor)
    requests = CompletionRequest.objects.bulk_create(
        CompletionRequest(
            task_id=pk,
            status=RequestStatus.CONFIRMED,
            requested_by_id=author_id,
            decided_by_id=author_id,
            decided_on=row.completed_on,
            decision_reason=source_name,
            from_history=True,
        )
        for pk, row in completed
    )
    Evidence.objects.bulk_create(
        Evidence(
            task_id=pk,
            completion_request_id=request.pk,
            link=link,
            created_by_id=author_id,
        )
        for request, (pk, row) in zip(requests, completed, strict=True)
        for link in row.evidence_links
    )
