"""An organisation's budget over the years as of a day — each year's money by the ledger's
rule (`rules.figures`), and every entry that made it, who recorded it and whether it was in
force then — beside the tasks it answers for (the public ranking's, the same for everyone)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, cast
from urllib.parse import urlencode

from django.urls import reverse

from nq57.orgs.models import Organization
from nq57.tasks.selectors.public_ranking import PublicListQuery, public_tasks
from nq57.tasks.selectors.status_sql import status_counts
from nq57.tasks.status import StatusCounts

from ..choices import Stage
from ..models import Entry
from ..rules import Figures, Line, figures, in_force
from .pages import Figure, MoneyRow, money_row

# The task figures beside the money, as the ranking's list names them.
TASK_FIGURES = ("total", "completed_on_time", "completed_late", "in_progress", "overdue", "regular")


@dataclass(frozen=True)
class YearRow:
    year: int
    money: MoneyRow


@dataclass(frozen=True)
class HistoryLine:
    """An entry of the organisation's ledger as the page shows it on the day: `counted` when
    it makes a figure then (the proposal or approval in force, a disbursement by then),
    `later` when it is dated after the day (unknown then)."""

    entry: Entry
    counted: bool
    later: bool

    @property
    def replaced(self) -> bool:
        """A proposal or approval a later one (by the day) has replaced."""
        return not self.counted and not self.later


@dataclass(frozen=True)
class TaskFigures:
    """The tasks the organisation answers for as of the day (those a higher authority
    assigned to it or a body under it: the ranking's), each count linked to its public list;
    and its tasks in the task list, as far as the reader may see them."""

    counts: StatusCounts
    links: dict[str, Figure]
    list_url: str


@dataclass(frozen=True)
class OrgBudget:
    organization: Organization
    as_of: date
    years: list[YearRow]
    history: list[HistoryLine]
    tasks: TaskFigures

    @property
    def later(self) -> int:
        return sum(line.later for line in self.history)


def org_budget(organization: Organization, as_of: date) -> OrgBudget:
    """The organisation's budget as of `as_of`: its entries with their programmes, who
    recorded them, the tasks and investment dossiers they name (four queries), the money by
    the pure rule, and
    the task counts (one query)."""
    entries = list(
        Entry.objects.filter(organization=organization)
        .select_related("programme", "recorded_by")
        .prefetch_related("tasks", "dossiers")
        .order_by("-year", "programme__code", "-dated", "-pk")
    )
    # A programme's proposal or approval is revised within its year: the rule's key.
    lines = [
        Line((entry.year, entry.programme_id), entry.stage, entry.amount, entry.dated, entry.pk)
        for entry in entries
    ]
    in_force_now = {line.order for line in in_force(lines, as_of).values()}
    by_year: dict[int, Figures] = {entry.year: Figures() for entry in entries}
    for key, found in figures(lines, as_of).items():
        year, _programme = cast(tuple[int, int], key)
        by_year[year] += found
    path = reverse("budget:entries")
    base: dict[str, Any] = {"org": organization.code, "as_of": as_of.isoformat()}
    years = [
        YearRow(year, money_row(by_year[year], {**base, "year": year}, path))
        for year in sorted(by_year, reverse=True)
    ]
    history = [
        HistoryLine(
            entry,
            counted=entry.dated <= as_of
            and (entry.stage == Stage.DISBURSED or entry.pk in in_force_now),
            later=entry.dated > as_of,
        )
        for entry in entries
    ]
    return OrgBudget(organization, as_of, years, history, _task_figures(organization, as_of))


def _task_figures(organization: Organization, as_of: date) -> TaskFigures:
    """The ranking counts a top-level organisation (a ministry, an agency, a province); the
    budget names them. A body under one has no ranking figures of its own."""
    task_list = reverse("tasks:list")
    params = {"org": organization.code, "role": "lead", "as_of": as_of.isoformat()}
    list_url = f"{task_list}?{urlencode(params)}"
    if organization.parent_id is not None:
        return TaskFigures(StatusCounts(), {}, list_url)
    counts = status_counts(public_tasks(PublicListQuery(organization, as_of)), as_of)
    ranked = reverse("web:ranking_tasks", kwargs={"code": organization.code})
    links = {
        key: Figure(
            getattr(counts, key),
            f"{ranked}?{urlencode({'status': key, 'as_of': as_of.isoformat()})}",
        )
        for key in TASK_FIGURES
    }
    return TaskFigures(counts, links, list_url)
