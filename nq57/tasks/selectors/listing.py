"""The task list: one selector serves the list page, the API list and the exports."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import F, QuerySet

from nq57.core.actors import Actor

from ..models import Program, Task
from .status_sql import annotate_status

LIST_RELATED = ("program", "lead_org", "assigned_by")

# Orderings a list may ask for; the id breaks ties so pages never overlap.
LIST_ORDERINGS: dict[str, tuple[Any, ...]] = {
    "deadline": (F("deadline").asc(nulls_last=True), "pk"),
    "-deadline": (F("deadline").desc(nulls_last=True), "-pk"),
    "assigned_on": ("assigned_on", "pk"),
    "-assigned_on": ("-assigned_on", "-pk"),
    "code": ("program__code", "code"),
    "-code": ("-program__code", "-code"),
    "progress": ("progress", "pk"),
    "-progress": ("-progress", "-pk"),
    "reported": (F("progress_reported_on").asc(nulls_first=True), "pk"),
}


def task_list(actor: Actor) -> QuerySet[Task]:
    """The tasks the actor may see, most urgent first; filter it, then page its ids."""
    return Task.objects.visible_to(actor).order_by(F("deadline").asc(nulls_last=True), "pk")


def program_choices() -> QuerySet[Program]:
    """The programmes a filter offers, by code."""
    return Program.objects.order_by("code").only("code", "title")


def task_rows(actor: Actor, ids: list[int], *, as_of: date) -> list[Task]:
    """The full rows of one page, in the page's order, with their status as of a date.

    Lists count and page on ids first (the narrow indexes answer that) and load the few rows
    shown afterwards: sorting whole rows of a large list would read every one of them."""
    rows = annotate_status(
        Task.objects.visible_to(actor).filter(pk__in=ids).select_related(*LIST_RELATED), as_of
    )
    by_id = {task.pk: task for task in rows}
    return [by_id[pk] for pk in ids if pk in by_id]
