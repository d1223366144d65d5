"""The share of science, technology, innovation and digital transformation money in the
year's state spending, as of a day: the ledger's approved and disbursed amounts over each
total of state spending in force then, side by side when more than one basis is entered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from nq57.core.ranking import share

from .choices import SpendingBasis
from .models import StateSpending
from .rules import Figures
from .selectors import year_budget

# Resolution 57's floor: at least 3 % of state spending.
TARGET_SHARE = Decimal(3)


@dataclass(frozen=True)
class SpendingShare:
    """One basis: its total in force, and the ledger's approved and disbursed shares of it."""

    basis: SpendingBasis
    total: int
    dated: date
    approved: int
    disbursed: int

    @property
    def approved_share(self) -> Decimal | None:
        return share(self.approved, self.total)

    @property
    def disbursed_share(self) -> Decimal | None:
        return share(self.disbursed, self.total)

    @property
    def meets_target(self) -> bool:
        found = self.approved_share
        return found is not None and found >= TARGET_SHARE


def totals_in_force(year: int, as_of: date) -> dict[str, StateSpending]:
    """Each basis's total of `year` in force on `as_of`: its latest dated on or before."""
    latest_first = Window(
        RowNumber(), partition_by=[F("basis")], order_by=[F("dated").desc(), F("pk").desc()]
    )
    rows = (
        StateSpending.objects.filter(year=year, dated__lte=as_of)
        .annotate(place=latest_first)
        .filter(place=1)
    )
    return {row.basis: row for row in rows}


def spending_shares(year: int, as_of: date) -> list[SpendingShare]:
    """The shares on every basis with a total in force, in the order of `SpendingBasis`."""
    totals = totals_in_force(year, as_of)
    if not totals:
        return []
    return shares_of(totals, year_budget(year, as_of).total)


def shares_of(totals: dict[str, StateSpending], money: Figures) -> list[SpendingShare]:
    """The shares of `money` (the year's figures, read already: the year's page has them)
    over each total in force, in the order of `SpendingBasis`."""
    return [
        SpendingShare(
            basis=SpendingBasis(basis),
            total=totals[basis].amount,
            dated=totals[basis].dated,
            approved=money.approved,
            disbursed=money.disbursed,
        )
        for basis in SpendingBasis.values
        if basis in totals
    ]
