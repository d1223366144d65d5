"""The daily watch of money ahead of work: what it stores is what the alert rule finds on the
day, raised once, cleared when the work moves; the queue lists the open alerts to the ledger's
keepers and to the organisation's officials, and to no one else."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from nq57.accounts.models import User
from nq57.budget import events, services
from nq57.budget.alerts import money_alerts
from nq57.budget.exchange import budget_import
from nq57.budget.models import MoneyAlert
from nq57.budget.watch import watch_money
from nq57.core.actors import SYSTEM
from nq57.core.models import AuditEvent
from nq57.orgs.models import Organization
from nq57.tasks.models import Task
from nq57.tasks.services import progress_report_submit
from nq57.web.queue import menu_counts, queue_for


@pytest.fixture
def linked(make_task: Callable[..., Task]) -> Task:
    """BKHCN's 2025 NQ57 money: 1,000 approved for a task, 600 disbursed by 1 March 2026."""
    task = make_task(lead="BKHCN", assigned_on=date(2025, 10, 1))
    common: dict[str, Any] = {
        "year": 2025,
        "organization": Organization.objects.get(code="BKHCN"),
        "programme": services.programme_get_or_create(SYSTEM, code="NQ57"),
    }
    services.entry_record(
        SYSTEM, **common, stage="approved", amount=1000, dated=date(2025, 12, 15), tasks=[task]
    )
    services.entry_record(SYSTEM, **common, stage="disbursed", amount=600, dated=date(2026, 3, 1))
    return task


def open_alerts() -> list[tuple[int, str, str, int]]:
    return [
        (row.year, row.organization.code, row.programme.code, row.disbursed)
        for row in MoneyAlert.objects.filter(cleared_on__isnull=True)
    ]


def stored_is_found(day: date) -> None:
    found = {(a.year, a.organization.code, a.programme.code) for a in money_alerts(2025, day)}
    assert {row[:3] for row in open_alerts()} == found


@pytest.mark.django_db
def test_an_alert_is_raised_once_and_cleared_when_the_work_moves(linked: Task) -> None:
    assert str(watch_money(date(2026, 2, 15))) == "0 raised, 0 cleared, 0 still holding"
    assert open_alerts() == []
    assert str(watch_money(date(2026, 3, 2))) == "1 raised, 0 cleared, 0 still holding"
    assert open_alerts() == [(2025, "BKHCN", "NQ57", 600)]
    stored_is_found(date(2026, 3, 2))
    # The same day again, and the next: nothing raised twice.
    assert str(watch_money(date(2026, 3, 2))) == "0 raised, 0 cleared, 1 still holding"
    assert str(watch_money(date(2026, 3, 3))) == "0 raised, 0 cleared, 1 still holding"
    alert = MoneyAlert.objects.get()
    assert (alert.raised_on, alert.checked_on, alert.tasks) == (
        date(2026, 3, 2),
        date(2026, 3, 3),
        1,
    )
    with time_machine.travel(date(2026, 3, 10)):
        progress_report_submit(SYSTEM, task=linked, reported_on=date(2026, 3, 10), percent=30)
    assert str(watch_money(date(2026, 3, 10))) == "0 raised, 1 cleared, 0 still holding"
    stored_is_found(date(2026, 3, 10))
    alert.refresh_from_db()
    assert alert.cleared_on == date(2026, 3, 10)
    recorded = AuditEvent.objects.filter(event__startswith="money_alert.")
    assert sorted(recorded.values_list("event", flat=True)) == sorted(
        [events.ALERT_RAISED.code, events.ALERT_CLEARED.code]
    )


@pytest.mark.django_db
def test_the_command_runs_the_watch_for_a_day(linked: Task) -> None:
    out = io.StringIO()
    call_command("budget_alerts", "--today", "2026-03-02", stdout=out)
    assert out.getvalue().strip() == "1 raised, 0 cleared, 0 still holding"


@pytest.mark.django_db
def test_a_disbursement_imported_raises_the_alert_at_once(
    make_task: Callable[..., Task], make_user: Callable[..., User]
) -> None:
    task = make_task(lead="BTC", assigned_on=date(2025, 10, 1))
    services.entry_record(
        SYSTEM,
        year=2025,
        organization=Organization.objects.get(code="BTC"),
        programme=services.programme_get_or_create(SYSTEM, code="DA06"),
        stage="approved",
        amount=9149,
        dated=date(2025, 12, 1),
        tasks=[task],
    )
    keeper = make_user("BKHCN", "reporter")
    csv = "year,org,program,stage,amount,on\n2025,BTC,DA06,disbursed,9.000,2026-01-05\n"
    with time_machine.travel(date(2026, 1, 6)):
        budget_import(keeper, io.BytesIO(csv.encode()), source_name="giai-ngan.csv")
    assert open_alerts() == [(2025, "BTC", "DA06", 9000)]
    # A preview (dry run) writes nothing, the watch included.
    MoneyAlert.objects.all().delete()
    with time_machine.travel(date(2026, 1, 7)):
        budget_import(keeper, io.BytesIO(csv.replace("9.000", "100").encode()), dry_run=True)
    assert open_alerts() == []


@pytest.mark.django_db
def test_the_queue_lists_open_alerts_to_the_keepers_and_the_organisation_only(
    linked: Task, make_user: Callable[..., User]
) -> None:
    watch_money(date(2026, 3, 2))
    keeper = make_user("BTC", "approver")
    own = make_user("BKHCN", "reporter")
    other = make_user("BCA", "reporter")
    day = date(2026, 3, 2)
    for user in (keeper, own):
        [section] = [s for s in queue_for(user, day).sections if s.kind == "money_alerts"]
        assert section.count == 1
        assert [item.about for item in section.items] == ["NQ57 · 2025"]
        assert "600" in section.items[0].note
        assert section.items[0].url.endswith("?year=2025#money-alerts")
    assert "money_alerts" not in {s.kind for s in queue_for(other, day).sections}
    # The menu's figure counts the same rows.
    assert menu_counts(own, day).waiting == queue_for(own, day).count


@pytest.mark.django_db
def test_the_year_page_lists_the_alerts_of_its_day_with_their_tasks(
    linked: Task, make_user: Callable[..., User]
) -> None:
    client = Client()
    client.force_login(make_user("BCA", "reporter"))
    page = client.get("/budget/?year=2025&as_of=2026-03-02").content.decode()
    assert 'data-count="1"' in page
    assert 'data-org="BKHCN" data-programme="NQ57"' in page
    assert f">{linked.code}</a>" in page
    before = client.get("/budget/?year=2025&as_of=2026-02-15").content.decode()
    assert 'id="no-alerts"' in before
