"""The science and technology share of state spending: each basis's total in force on the
day, the ledger's approved and disbursed money over it, both bases side by side."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from nq57.budget import services
from nq57.budget.choices import SpendingBasis
from nq57.budget.demo import DEMO_TOTALS, load_budget_demo
from nq57.budget.shares import spending_shares
from nq57.core.actors import SYSTEM
from nq57.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db


def test_no_total_no_share() -> None:
    assert spending_shares(2025, date(2025, 12, 31)) == []


def test_the_demo_shows_both_bases_side_by_side() -> None:
    load_budget_demo()
    total, balanced = spending_shares(2025, date(2025, 12, 31))
    assert (total.basis, balanced.basis) == (SpendingBasis.TOTAL, SpendingBasis.BALANCED)
    assert total.total == DEMO_TOTALS[SpendingBasis.TOTAL]
    assert total.approved == balanced.approved == 13_659_992
    assert total.approved_share == Decimal(13_659_992) * 100 / DEMO_TOTALS[SpendingBasis.TOTAL]
    assert balanced.approved_share is not None
    assert total.approved_share is not None
    assert balanced.approved_share > total.approved_share  # a smaller total, a larger share
    assert not total.meets_target


def test_a_later_total_replaces_the_estimate_from_its_day() -> None:
    common: dict[str, Any] = {"year": 2026, "basis": SpendingBasis.TOTAL}
    services.state_spending_record(SYSTEM, **common, amount=1000, dated=date(2025, 11, 1))
    services.state_spending_record(SYSTEM, **common, amount=800, dated=date(2027, 6, 1))
    assert [s.total for s in spending_shares(2026, date(2026, 12, 31))] == [1000]
    assert [s.total for s in spending_shares(2026, date(2027, 6, 1))] == [800]
    assert spending_shares(2026, date(2025, 10, 31)) == []


def test_the_same_total_again_changes_nothing_another_the_same_day_is_refused() -> None:
    common: dict[str, Any] = {
        "year": 2026,
        "basis": SpendingBasis.TOTAL,
        "dated": date(2025, 11, 1),
    }
    _, created = services.state_spending_record(SYSTEM, **common, amount=1000)
    _, again = services.state_spending_record(SYSTEM, **common, amount=1000)
    assert (created, again) == (True, False)
    with pytest.raises(ValidationFailed):
        services.state_spending_record(SYSTEM, **common, amount=999)
