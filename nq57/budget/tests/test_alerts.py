"""The alert when money moves but work doesn't: the rule's boundaries and monotony with
Hypothesis, and the selector as of days before and after the money and the work moved."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from nq57.budget import services
from nq57.budget.alerts import money_alerts, task_progress
from nq57.budget.rules import AlertThresholds, Figures, money_outruns_work
from nq57.core.actors import SYSTEM
from nq57.orgs.models import Organization
from nq57.tasks.services import progress_report_submit

DEFAULT = AlertThresholds()
money = st.builds(
    Figures,
    proposed=st.integers(0, 10**9),
    approved=st.integers(0, 10**9),
    disbursed=st.integers(0, 10**9),
)
progress = st.decimals(min_value=0, max_value=100, places=2)


@given(found=money, mean=progress)
def test_the_alert_is_exactly_the_stated_condition(found: Figures, mean: Decimal) -> None:
    expected = (
        found.approved > 0
        and Decimal(found.disbursed) / Decimal(found.approved) > Decimal("0.5")
        and mean < 25
    )
    assert money_outruns_work(found, mean, DEFAULT) == expected


@given(found=money, mean=progress, more=st.integers(0, 10**9))
def test_more_money_out_never_lifts_an_alert(found: Figures, mean: Decimal, more: int) -> None:
    if money_outruns_work(found, mean, DEFAULT):
        paid_more = Figures(found.proposed, found.approved, found.disbursed + more)
        assert money_outruns_work(paid_more, mean, DEFAULT)


@given(found=money, mean=progress, gain=progress)
def test_more_progress_never_raises_an_alert(found: Figures, mean: Decimal, gain: Decimal) -> None:
    if not money_outruns_work(found, mean, DEFAULT):
        assert not money_outruns_work(found, min(mean + gain, Decimal(100)), DEFAULT)


def test_the_boundaries_do_not_alert() -> None:
    half = Figures(approved=100, disbursed=50)
    assert not money_outruns_work(half, Decimal(0), DEFAULT)
    assert money_outruns_work(Figures(approved=100, disbursed=51), Decimal("24.99"), DEFAULT)
    assert not money_outruns_work(Figures(approved=100, disbursed=51), Decimal(25), DEFAULT)
    assert not money_outruns_work(Figures(approved=100, disbursed=100), None, DEFAULT)


@pytest.mark.django_db
def test_money_ahead_of_its_tasks_alerts_until_the_work_moves(
    make_task: Callable[..., Any], settings: Any
) -> None:
    task = make_task(lead="BKHCN", assigned_on=date(2025, 10, 1))
    org = Organization.objects.get(code="BKHCN")
    programme = services.programme_get_or_create(SYSTEM, code="NQ57")
    common: dict[str, Any] = {"year": 2025, "organization": org, "programme": programme}
    services.entry_record(
        SYSTEM, **common, stage="approved", amount=1000, dated=date(2025, 12, 15), tasks=[task]
    )
    services.entry_record(SYSTEM, **common, stage="disbursed", amount=400, dated=date(2026, 2, 1))
    services.entry_record(SYSTEM, **common, stage="disbursed", amount=200, dated=date(2026, 3, 1))
    with time_machine.travel(date(2026, 2, 10)):
        progress_report_submit(SYSTEM, task=task, reported_on=date(2026, 2, 10), percent=10)
    assert money_alerts(2025, date(2026, 2, 15)) == []  # 40 % disbursed
    [alert] = money_alerts(2025, date(2026, 3, 1))  # 60 % disbursed, 10 % done
    assert (alert.organization.code, alert.money.disbursed, alert.progress) == ("BKHCN", 600, 10)
    assert alert.tasks == (task.pk,)
    with time_machine.travel(date(2026, 3, 10)):
        progress_report_submit(SYSTEM, task=task, reported_on=date(2026, 3, 10), percent=30)
    assert money_alerts(2025, date(2026, 3, 10)) == []
    assert len(money_alerts(2025, date(2026, 3, 5))) == 1  # the earlier day keeps its alert
    settings.NQ57_BUDGET_ALERT_PROGRESS_UNDER = 50
    assert len(money_alerts(2025, date(2026, 3, 10))) == 1  # a stricter threshold


@pytest.mark.django_db
def test_a_task_without_a_report_counts_as_not_started(make_task: Callable[..., Any]) -> None:
    task = make_task(lead="BTC", assigned_on=date(2025, 10, 1))
    assert task_progress({task.pk}, date(2026, 1, 1)) == {task.pk: 0}
