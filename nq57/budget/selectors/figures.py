"""A year's figures as of a day, by organisation, group and programme: the amounts in force
and the disbursements by then, read in a bounded number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import F, QuerySet, Sum, Window
from django.db.models.functions import RowNumber

from nq57.orgs.choices import OrgGroup
from nq57.orgs.models import Organization

from ..choices import IN_FORCE_STAGES, Stage
from ..models import Entry, Programme
from ..rules import Figures


def entries_in_force(year: int, as_of: date) -> QuerySet[Entry]:
    """The proposals and approvals of `year` in force on `as_of`: per organisation,
    programme and stage, the latest dated on or before the day (the last recorded of that
    day). One pass with a window, as for a database's status."""
    latest_first = Window(
        RowNumber(),
        partition_by=[F("organization_id"), F("programme_id"), F("stage")],
        order_by=[F("dated").desc(), F("pk").desc()],
    )
    return (
        Entry.objects.filter(year=year, stage__in=IN_FORCE_STAGES, dated__lte=as_of)
        .annotate(place=latest_first)
        .filter(place=1)
    )


def disbursements(year: int, as_of: date) -> QuerySet[Entry]:
    """The disbursements of `year` dated on or before `as_of`."""
    return Entry.objects.filter(year=year, stage=Stage.DISBURSED, dated__lte=as_of)


@dataclass
class YearBudget:
    """A year's money as of a day: figures per (organisation id, programme id), with the
    organisations and programmes they name."""

    year: int
    as_of: date
    cells: dict[tuple[int, int], Figures] = field(default_factory=dict)
    organizations: dict[int, Organization] = field(default_factory=dict)
    programmes: dict[int, Programme] = field(default_factory=dict)

    @property
    def total(self) -> Figures:
        return sum(self.cells.values(), Figures())

    def by_organization(self) -> dict[int, Figures]:
        found: dict[int, Figures] = defaultdict(Figures)
        for (org, _programme), figures in self.cells.items():
            found[org] += figures
        return dict(found)

    def by_programme(self) -> dict[int, Figures]:
        found: dict[int, Figures] = defaultdict(Figures)
        for (_org, programme), figures in self.cells.items():
            found[programme] += figures
        return dict(found)

    def by_group(self) -> dict[str, Figures]:
        found: dict[str, Figures] = {group: Figures() for group in OrgGroup.values}
        for org, figures in self.by_organization().items():
            found[self.organizations[org].group] += figures
        return found

    def bodies(self, group: str) -> list[int]:
        """The organisations of `group` with a proposal in force above 0."""
        return sorted(
            org
            for org, figures in self.by_organization().items()
            if figures.proposed > 0 and self.organizations[org].group == group
        )


def year_budget(year: int, as_of: date) -> YearBudget:
    """Every figure of `year` as of `as_of`, in four queries (amounts in force,
    disbursements, and the organisations and programmes they name)."""
    cells: dict[tuple[int, int], Figures] = defaultdict(Figures)
    in_force = entries_in_force(year, as_of).order_by()
    for org, programme, stage, amount in in_force.values_list(
        "organization_id", "programme_id", "stage", "amount"
    ):
        cells[(org, programme)] += (
            Figures(proposed=amount) if stage == Stage.PROPOSED else Figures(approved=amount)
        )
    paid = (
        disbursements(year, as_of)
        .order_by()
        .values_list("organization_id", "programme_id")
        .annotate(total=Sum("amount"))
    )
    for org, programme, amount in paid:
        cells[(org, programme)] += Figures(disbursed=int(amount))
    return YearBudget(
        year=year,
        as_of=as_of,
        cells=dict(cells),
        organizations=Organization.objects.in_bulk({org for org, _ in cells}),
        programmes=Programme.objects.in_bulk({programme for _, programme in cells}),
    )


def _money(figures: Figures) -> dict[str, Any]:
    return {
        "proposed": figures.proposed,
        "approved": figures.approved,
        "unallocated": figures.unallocated,
        "disbursed": figures.disbursed,
    }


def budget_summary(year: int, as_of: date) -> dict[str, Any]:
    """What `manage.py budget_summary --format json` and /api/v1/budget/summary answer: the
    year's totals, and per group (`central`, `local`) the bodies with a proposal in force
    above 0 and their money; amounts in whole million VND."""
    budget = year_budget(year, as_of)
    total = budget.total
    rate = total.disbursement_rate
    groups = budget.by_group()
    return {
        "year": year,
        "as_of": as_of.isoformat(),
        **_money(total),
        "disbursement_rate": None if rate is None else round(float(rate), 2),
        **{
            group: {"bodies": len(budget.bodies(group)), **_money(groups[group])}
            for group in OrgGroup.values
        },
    }
