"""The figures the budget's pages show, each with the list of exactly the entries it counts:
a year's totals, by group, by organisation and by programme (the year's page), and the
totals beside the tasks on the national dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from nq57.orgs.choices import OrgGroup
from nq57.orgs.models import Organization
from nq57.tasks.models import Task

from ..alerts import money_alerts, thresholds
from ..models import Programme
from ..rules import AlertThresholds, Figures
from ..shares import TARGET_SHARE, SpendingShare, shares_of, totals_in_force
from .entries import BudgetYears, EntryFilters, budget_years, entries_filtered, entry_totals
from .figures import year_budget

# The money figures of a row, in the order the pages show them.
MONEY = ("proposed", "approved", "unallocated", "disbursed")


@dataclass(frozen=True)
class Figure:
    """An amount on a page (million VND, or a count of bodies) and the entry list behind it."""

    value: int
    url: str


@dataclass(frozen=True)
class MoneyRow:
    """A row's money with its links, keyed as MONEY."""

    figures: dict[str, Figure]
    rate: Decimal | None

    def __getitem__(self, key: str) -> Figure:
        return self.figures[key]


def entries_url(params: dict[str, Any], path: str | None = None) -> str:
    """The entry list filtered by `params` (empty values left out); `path`, the list's path
    when the caller has reversed it already."""
    kept = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{path or reverse('budget:entries')}?{urlencode(kept)}"


def money_row(figures: Figures, base: dict[str, Any], path: str) -> MoneyRow:
    """Each money figure of `figures` linked to the entries of `base` that make it."""
    values = {key: getattr(figures, key) for key in MONEY}
    links = {key: Figure(values[key], entries_url({**base, "figure": key}, path)) for key in MONEY}
    return MoneyRow(links, figures.disbursement_rate)


@dataclass(frozen=True)
class GroupRow:
    group: str
    label: str
    bodies: Figure
    money: MoneyRow


@dataclass(frozen=True)
class OrgRow:
    organization: Organization
    money: MoneyRow


@dataclass(frozen=True)
class ProgrammeRow:
    programme: Programme
    money: MoneyRow


@dataclass(frozen=True)
class LinkedTask:
    code: str
    url: str


@dataclass(frozen=True)
class AlertRow:
    """Money ahead of work on the page's day: the organisation's money of one programme,
    approved and disbursed (each linked to its entries), and the tasks it is linked to."""

    organization: Organization
    programme: Programme
    money: MoneyRow
    progress: Decimal
    tasks: list[LinkedTask]


def alert_rows(year: int, as_of: date, path: str) -> list[AlertRow]:
    """`alerts.money_alerts` as the year's page lists them; one query for the tasks' codes."""
    found = money_alerts(year, as_of)
    codes = dict(
        Task.objects.filter(pk__in={pk for alert in found for pk in alert.tasks}).values_list(
            "pk", "code"
        )
    )
    base = {"year": year, "as_of": as_of.isoformat()}
    return [
        AlertRow(
            organization=alert.organization,
            programme=alert.programme,
            money=money_row(
                alert.money,
                {**base, "org": alert.organization.code, "programme": alert.programme.code},
                path,
            ),
            progress=alert.progress,
            tasks=[LinkedTask(codes[pk], reverse("tasks:detail", args=[pk])) for pk in alert.tasks],
        )
        for alert in found
    ]


@dataclass(frozen=True)
class ShareRow:
    """One basis's share of state spending, its approved and disbursed amounts linked to the
    entries they add up (the year's totals: the same lists the totals open)."""

    share: SpendingShare
    approved: Figure
    disbursed: Figure


@dataclass(frozen=True)
class YearPage:
    """A year as of a day: its totals, their share of state spending on each basis with a
    total in force, then by group, organisation and programme."""

    year: int
    as_of: date
    years: list[int]
    total: MoneyRow
    groups: list[GroupRow]
    organizations: list[OrgRow]
    programmes: list[ProgrammeRow]
    alerts: list[AlertRow]
    thresholds: AlertThresholds
    shares: list[ShareRow]

    @property
    def target_share(self) -> Decimal:
        return TARGET_SHARE

    @property
    def shares_differ(self) -> bool:
        """More than one basis, giving other shares: the page says why both are shown."""
        found = {(row.share.approved_share, row.share.disbursed_share) for row in self.shares}
        return len(self.shares) > 1 and len(found) > 1


def year_page(year: int, as_of: date, years: BudgetYears) -> YearPage:
    """Every figure of the year's page with its link, in year_budget's four queries, one for
    the totals of state spending in force and those of the alerts (one when no money is
    linked to tasks)."""
    budget = year_budget(year, as_of)
    path = reverse("budget:entries")
    base = {"year": year, "as_of": as_of.isoformat()}
    by_group = budget.by_group()
    groups = [
        GroupRow(
            group=group.value,
            label=str(group.label),
            bodies=Figure(
                len(budget.bodies(group.value)),
                entries_url({**base, "figure": "proposed", "group": group.value}, path),
            ),
            money=money_row(by_group[group.value], {**base, "group": group.value}, path),
        )
        for group in OrgGroup
    ]
    organizations = [
        OrgRow(
            budget.organizations[pk],
            money_row(figures, {**base, "org": budget.organizations[pk].code}, path),
        )
        for pk, figures in budget.by_organization().items()
    ]
    # The largest proposals first, as the committee's table lists them.
    organizations.sort(key=lambda row: (-row.money["proposed"].value, row.organization.code))
    programmes = [
        ProgrammeRow(
            budget.programmes[pk],
            money_row(figures, {**base, "programme": budget.programmes[pk].code}, path),
        )
        for pk, figures in budget.by_programme().items()
    ]
    programmes.sort(key=lambda row: row.programme.code)
    total = money_row(budget.total, base, path)
    shares = [
        ShareRow(found, approved=total["approved"], disbursed=total["disbursed"])
        for found in shares_of(totals_in_force(year, as_of), budget.total)
    ]
    return YearPage(
        year=year,
        as_of=as_of,
        years=sorted({*years.years, year}, reverse=True),
        total=total,
        groups=groups,
        organizations=organizations,
        programmes=programmes,
        alerts=alert_rows(year, as_of, path),
        thresholds=thresholds(),
        shares=shares,
    )


@dataclass(frozen=True)
class DashboardBudget:
    """The national dashboard's budget: the year's totals as of its day, and the year's page."""

    year: int
    money: MoneyRow
    page_url: str
    alerts: Figure  # money ahead of work on the day, and the page's list of it


def dashboard_budget(as_of: date) -> DashboardBudget | None:
    """The latest year's totals as of `as_of` (None when the ledger is empty), read as the
    entry list reads them (two queries), and its money ahead of work (one query when no
    money is linked to tasks)."""
    years = budget_years(as_of)
    if not years.years:
        return None
    totals = entry_totals(entries_filtered(EntryFilters(years.default, as_of)))
    figures = Figures(totals.proposed, totals.approved, totals.disbursed)
    base = {"year": years.default, "as_of": as_of.isoformat()}
    page_url = f"{reverse('budget:year')}?{urlencode(base)}"
    return DashboardBudget(
        year=years.default,
        money=money_row(figures, base, reverse("budget:entries")),
        page_url=page_url,
        alerts=Figure(len(money_alerts(years.default, as_of)), f"{page_url}#money-alerts"),
    )
