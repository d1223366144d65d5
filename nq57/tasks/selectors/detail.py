"""One task and everything its page shows."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from nq57.accounts.access import deciding_org_ids
from nq57.core.actors import Actor
from nq57.core.audit import history_of
from nq57.orgs.models import Organization

from ..models import Evidence, ExtensionRequest, Task, TaskComment
from .listing import LIST_RELATED
from .status_sql import annotate_status


def get_task_for_user(actor: Actor, pk: int) -> Task:
    """The task if the actor may see it; 404 otherwise, so missing and forbidden look alike."""
    task = (
        Task.objects.visible_to(actor)
        .select_related("program", "lead_org", "assigned_by", "parent")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise Http404
    return task


def task_detail(actor: Actor, pk: int, *, as_of: date | None = None) -> Task:
    """One task with its coordination and deadline history, or 404 when the actor may not see
    it (missing and forbidden look alike); with `as_of`, its status as of that date, as the
    list gives it (None before it was assigned)."""
    found: QuerySet[Task] = (
        Task.objects.visible_to(actor)
        .filter(pk=pk)
        .select_related(*LIST_RELATED, "parent")
        .prefetch_related("coordinating_orgs", "deadlines")
    )
    if as_of is not None:
        found = annotate_status(found, as_of)
    task = found.first()
    if task is None:
        raise Http404
    return task


def get_extension_request_for_user(actor: Actor, pk: int) -> ExtensionRequest:
    """An extension request on a task the actor may see, with its task; 404 otherwise."""
    found = (
        ExtensionRequest.objects.filter(pk=pk, task__in=Task.objects.visible_to(actor))
        .select_related("task", "task__lead_org", "task__assigned_by")
        .first()
    )
    if found is None:
        raise Http404
    return found


def get_evidence_file_for_user(actor: Actor, pk: int) -> Evidence:
    """An evidence file (not a link) on a task the actor may see; 404 otherwise."""
    evidence = (
        Evidence.objects.filter(pk=pk, task__in=Task.objects.visible_to(actor))
        .exclude(file="")
        .first()
    )
    if evidence is None:
        raise Http404
    return evidence


def assigning_orgs(actor: Actor) -> QuerySet[Organization]:
    """Organisations the actor may assign tasks for: the top level for the secretariat."""
    orgs = deciding_org_ids(actor)
    if orgs is None:
        return Organization.objects.filter(depth=0).order_by("path")
    return Organization.objects.filter(pk__in=orgs).order_by("path")


def task_status(pk: int, as_of: date) -> str | None:
    """One task's status as of a date, by the same SQL rule as the lists."""
    annotated = annotate_status(Task.objects.filter(pk=pk), as_of).get()
    return getattr(annotated, "status", None)


def task_page(actor: Actor, pk: int, *, today: date) -> dict[str, Any]:
    """Everything the task page shows, in a fixed number of queries."""
    task = task_detail(actor, pk)
    return {
        "task": task,
        "status": task_status(task.pk, today),
        "reports": list(
            task.progress_reports.select_related("created_by")
            .prefetch_related("evidence")
            .order_by("-reported_on", "-pk")
        ),
        "completion_requests": list(
            task.completion_requests.select_related("requested_by", "decided_by")
            .prefetch_related("evidence")
            .order_by("-requested_at")
        ),
        "extension_requests": list(
            task.extension_requests.select_related("requested_by", "decided_by").order_by(
                "-requested_at"
            )
        ),
        "suspensions": list(task.suspensions.order_by("starts_on", "pk")),
        "subtasks": list(
            annotate_status(task.subtasks.select_related("lead_org"), today).order_by("code")
        ),
        "history": list(history_of(task).select_related("actor").order_by("-occurred_at", "-pk")),
        "comments": task_comments(task),
    }


def task_comments(task: Task) -> list[TaskComment]:
    """The task's discussion, oldest first, with who wrote for whom: one query, however long."""
    return list(task.comments.select_related("author", "author_org").order_by("created_at", "pk"))
