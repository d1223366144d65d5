"""Every section of the report as of a day, each read through the selector its own pages and
commands use: the tasks (`figures.task_figures`), the registry (`registry_summary`), the
year's budget (`budget_summary`), the key indicators (the national figures of the indicators
with a national target, `indicators.figures`) and the organisations furthest behind (the
public ranking's counts). A section with nothing to state is None (or empty), which the
report says in words; no section fails for want of data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from nq57.budget.models import Entry
from nq57.budget.selectors import budget_summary
from nq57.budget.selectors.entries import budget_years
from nq57.core.periods import parse_period
from nq57.indicators.aggregation import rounded
from nq57.indicators.models import Indicator
from nq57.indicators.selectors.figures import figures, scope_from
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
class KeyIndicator:
    """An indicator's national figure over the report's year, beside its national target."""

    code: str
    name: str
    unit: str
    value: str | None  # as rounded for display, compared as written
    target: str | None
    status: str | None  # achieved, on_track, off_track; None without a value or target


@dataclass(frozen=True)
class ReportFigures:
    """What a report as of `as_of` states."""

    as_of: date
    tasks: TaskFigures
    registry: dict[str, int] | None
    budget: dict[str, Any] | None
    indicators: list[KeyIndicator]
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


def _indicators(as_of: date) -> list[KeyIndicator]:
    """The indicators the nation has a target for, their national figure over the year of
    the report as the dashboards read it: three queries whatever their number."""
    key = list(Indicator.objects.filter(targets__org__isnull=True).distinct().order_by("code"))
    if not key:
        return []
    year, nation = parse_period(str(as_of.year)), scope_from()
    found = figures(key, [year], [nation], today=as_of)
    rows = []
    for indicator in key:
        figure = found[indicator.code, nation.label, year]
        rows.append(
            KeyIndicator(
                code=indicator.code,
                name=indicator.name_vi,
                unit=indicator.unit,
                value=None if figure.value is None else str(rounded(figure.value)),
                target=None if figure.target is None else str(rounded(figure.target.value)),
                status=figure.progress_status.value if figure.progress_status else None,
            )
        )
    return rows


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
        indicators=_indicators(as_of),
        behind=_behind(as_of),
    )
