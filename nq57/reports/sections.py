"""Every section of the report as of a day, each read through the selector its own pages and
commands use: the tasks (`figures.task_figures`), the registry (`registry_summary`), the
year's budget (`budget_summary`) and the organisations furthest behind (the public ranking's
counts). A section with nothing to state is None, which the report says in words; no
section fails for want of data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from nq57.budget.models import Entry
from nq57.budget.selectors import budget_summary
from nq57.budget.selectors.entries import budget_years
from nq57.orgs.models import Organization
from nq57.registry.models import Database
from nq57.registry.selectors import registry_summary
from nq57.tasks.selectors.public_ranking import counts_by_top_org

from .figures import TaskFigures, task_figures

# The organisations the report names as furthest behind: the most overdue tasks first.
BEHIND_LISTED = 5


@dataclass(frozen=True)
class Behind:
    code: str
    name: str
    overdue: int
    total: int


@dataclass(frozen=True)
class ReportFigures:
    """What a report as of `as_of` states."""

    as_of: date
    tasks: TaskFigures
    registry: dict[str, int] | None
    budget: dict[str, Any] | None
    behind: list[Behind]


def _registry(as_of: date) -> dict[str, int] | None:
    if not Database.objects.exists():
        return None
    found = registry_summary(as_of=as_of)
    return {key: value for key, value in found.items() if isinstance(value, int)}


def _budget(as_of: date) -> dict[str, Any] | None:
    """The latest year with an entry by the day, as the budget's pages default to."""
    if not Entry.objects.filter(dated__lte=as_of).exists():
        return None
    return budget_summary(budget_years(as_of).default, as_of)


def _behind(as_of: date) -> list[Behind]:
    """The top-level organisations with overdue tasks, the most first (then the larger share
    of their tasks, then the code): whom the meeting asks first."""
    counts = {
        path: found for path, found in counts_by_top_org(as_of=as_of).items() if found.overdue
    }
    names = {
        org.path: org
        for org in Organization.objects.filter(path__in=counts).only(
            "path", "code", "name_vi", "name_en"
        )
    }
    rows = [
        Behind(names[path].code, names[path].name, found.overdue, found.total)
        for path, found in counts.items()
        if path in names
    ]
    rows.sort(key=lambda row: (-row.overdue, -row.overdue / row.total, row.code))
    return rows[:BEHIND_LISTED]


def report_figures(as_of: date, due_by: date | None = None) -> ReportFigures:
    return ReportFigures(
        as_of=as_of,
        tasks=task_figures(as_of, due_by),
        registry=_registry(as_of),
        budget=_budget(as_of),
        behind=_behind(as_of),
    )
