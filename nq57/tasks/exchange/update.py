"""Updating the tasks a file already knows: the row's changes, except the dates the
workflow set (approved extensions, confirmed completions), saved with their audit events."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from nq57.core import audit
from nq57.core.actors import Actor
from nq57.core.exchange import Problems

from .. import events, permissions, rollups
from ..choices import (
    FROM_THE_START_SOURCES,
    WORKFLOW_DEADLINE_SOURCES,
    DeadlineSource,
    RequestStatus,
)
from ..models import CompletionRequest, Task, TaskCoordination, TaskDeadline
from ..services import derived_fields
from .validate import TaskRow

BATCH_SIZE = 5000
TASK_FIELDS = (
    "title",
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
Changes = dict[str, list[Any]]


class WorkflowDates:
    """What the workflow decided about a batch's known tasks: their coordinating
    organisations, which were extended and which had their completion confirmed."""

    def __init__(self, known: Sequence[Task]) -> None:
        ids = [task.pk for task in known]
        self.coordinating_of: dict[int, list[int]] = {}
        for task_id, org_id in TaskCoordination.objects.filter(task_id__in=ids).values_list(
            "task_id", "organization_id"
        ):
            self.coordinating_of.setdefault(task_id, []).append(org_id)
        # Deadlines moved by an approved extension, a resumption or a correction, and
        # completions confirmed in the workflow belong to the workflow: a file (an old copy of
        # the list, say) does not undo them.
        self.extended = set(
            TaskDeadline.objects.filter(
                task_id__in=ids, source__in=WORKFLOW_DEADLINE_SOURCES
            ).values_list("task_id", flat=True)
        )
        self.confirmed = set(
            CompletionRequest.objects.filter(
                task_id__in=ids, status=RequestStatus.CONFIRMED
            ).values_list("task_id", flat=True)
        )


def apply_row(
    actor: Actor,
    task: Task,
    row: TaskRow,
    workflow: WorkflowDates,
    *,
    problems: Problems,
    kept_lines: list[int],
) -> Changes | None:
    """The changes the row makes to `task`, applied; None if it may not make them (the
    problem is recorded)."""
    before = {name: getattr(task, name) for name in TASK_FIELDS}
    after = _values_after(task, row)
    kept = False
    if task.pk in workflow.extended:
        kept = (row.deadline, row.kind) != (task.deadline, task.kind)
        after["deadline"], after["kind"] = task.deadline, task.kind
    if task.pk in workflow.confirmed:
        kept = kept or row.completed_on != task.completed_on
        after["completed_on"] = task.completed_on
    if kept and not _assignment_fits(row, after, problems):
        return None
    if kept:
        kept_lines.append(row.line)
    changes = audit.diff(before, after)
    coordinating = set(row.coordinating_ids)
    had = set(workflow.coordinating_of.get(task.pk, ()))
    if had != coordinating:
        changes["coordinating_orgs"] = [sorted(had), sorted(coordinating)]
    if changes and task.withdrawn_on is not None:
        problems.add(
            row.line,
            "code",
            _("the task was withdrawn on %(day)s; it no longer changes")
            % {"day": task.withdrawn_on.isoformat()},
        )
        return None
    if changes and not permissions.can_assign_for(actor, task.assigned_by.path):
        problems.add(
            row.line,
            "code",
            _("you may not change tasks assigned by %(org)s") % {"org": task.assigned_by.code},
        )
        return None
    for name, value in after.items():
        setattr(task, name, value)
    return changes


def _values_after(task: Task, row: TaskRow) -> dict[str, Any]:
    return {
        "title": row.title,
        "lead_org_id": row.lead_org_id,
        "assigned_by_id": row.assigned_by_id,
        "assigned_on": row.assigned_on,
        "deadline": row.deadline,
        "kind": row.kind,
        "expected_product": row.expected_product,
        "responsible_person": row.responsible_person,
        "completed_on": row.completed_on,
        "progress": task.progress if row.progress is None else row.progress,
    }


def _assignment_fits(row: TaskRow, after: dict[str, Any], problems: Problems) -> bool:
    """A kept deadline or completion cannot fall before the file's assignment date."""
    assigned_on = after["assigned_on"]
    for column in ("completed_on", "deadline"):
        kept_day = after[column]
        if kept_day is not None and kept_day < assigned_on:
            problems.add(
                row.line,
                "assigned_on",
                _("%(day)s is after the %(what)s %(kept)s set through the workflow")
                % {
                    "day": assigned_on.isoformat(),
                    "kept": kept_day.isoformat(),
                    "what": _("completion") if column == "completed_on" else _("deadline"),
                },
            )
            return False
    return True


def save_updates(
    actor: Actor, items: Sequence[tuple[Task, TaskRow, Changes]], roots: dict[int, int]
) -> None:
    """Save the changed tasks, keeping their rollups, deadline history and coordination in
    step, with one audit event each."""
    with rollups.tracking((task.pk for task, _row, _changes in items), roots):
        for task, row, changes in items:
            derived_fields(task)
            task.version += 1
            if {"deadline", "kind", "assigned_on"} & set(changes):
                redate(task)
            if "coordinating_orgs" in changes:
                _recoordinate(task, row.coordinating_ids)
        Task.objects.bulk_update(
            [task for task, _row, _changes in items],
            [
                *TASK_FIELDS,
                "missing_elements",
                "search_text",
                "version",
                "deadline_since",
                "original_deadline",
            ],
            batch_size=BATCH_SIZE,
        )
    audit.record_many(
        audit.build(
            actor,
            events.TASK_IMPORTED,
            subject=task,
            changes=changes,
            data={"line": row.line, "created": False},
        )
        for task, row, changes in items
    )


def _recoordinate(task: Task, org_ids: Iterable[int]) -> None:
    task.coordinations.all().delete()
    TaskCoordination.objects.bulk_create(
        TaskCoordination(task=task, organization_id=org_id) for org_id in org_ids
    )


def redate(task: Task) -> None:
    """Keep the deadline history in step with new dates from the file: the file's deadline
    replaces the original one; once the workflow set one (an extension, a resumption, a
    correction), the deadlines are the workflow's and only their dates of taking force follow
    the assignment date."""
    history = list(task.deadlines.order_by("effective_on", "id"))
    if not any(entry.source in WORKFLOW_DEADLINE_SOURCES for entry in history):
        task.deadlines.all().delete()
        if task.deadline is None:
            task.deadline_since = task.original_deadline = None
            return
        TaskDeadline.objects.create(
            task=task,
            deadline=task.deadline,
            effective_on=task.assigned_on,
            source=DeadlineSource.ORIGINAL,
        )
        task.deadline_since, task.original_deadline = task.assigned_on, task.deadline
        return
    for entry in history:
        moved = (
            task.assigned_on
            if entry.source in FROM_THE_START_SOURCES
            else max(entry.effective_on, task.assigned_on)
        )
        if moved != entry.effective_on:
            entry.effective_on = moved
            entry.save(update_fields=["effective_on"])
    task.deadline_since = max(entry.effective_on for entry in history)
