"""The demo `make run` loads: realistic, idempotent, one user per role."""

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from nq57.accounts.models import User
from nq57.core.actors import SYSTEM
from nq57.tasks.demo import DEMO_USERS
from nq57.tasks.models import CompletionRequest, ExtensionRequest, ProgressReport, Task
from nq57.tasks.selectors.summaries import SummaryQuery, task_summary

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _development(settings: Any) -> None:
    settings.DEBUG = True  # load_demo runs only there


def test_the_demo_loads_once_with_a_user_per_role() -> None:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    call_command("load_demo", stdout=out)
    assert "already loaded" in out.getvalue()
    for spec in DEMO_USERS:
        assert spec.username in out.getvalue()
    roles = set(User.objects.values_list("memberships__role", flat=True))
    assert roles >= {"viewer", "reporter", "approver", "org_admin", "secretariat"}
    assert Task.objects.count() == 1287 + 3
    assert ProgressReport.objects.count() == 150
    assert CompletionRequest.objects.filter(status="pending").count() == 4
    assert ExtensionRequest.objects.filter(status="pending").count() == 4
    total, _rows = task_summary(SYSTEM, SummaryQuery(as_of=timezone.localdate()))
    # Today plays 4 December 2025, plus the three demo tasks in progress.
    assert (total.completed, total.overdue, total.regular) == (601, 104, 178)
    assert total.in_progress == 404 + 3


def test_the_demo_shows_the_reported_online_records_figures() -> None:
    from datetime import date

    from nq57.core.periods import parse_period
    from nq57.indicators import selectors as kpi
    from nq57.indicators.models import Submission

    call_command("load_demo", stdout=io.StringIO())
    rate = kpi.get_indicator("online_records_rate")
    year = parse_period("2025")
    found = {
        group or "national": kpi.indicator_value(
            rate, year, kpi.scope_from(group=group), today=date(2025, 12, 4)
        ).as_dict()["value"]
        for group in (None, "central", "local")
    }
    assert found == {"national": 39.98, "central": 54.46, "local": 16.94}
    assert Submission.objects.filter(status="returned", org__code="01").exists()
    assert Submission.objects.filter(status="approved").exists()


def test_the_demo_portal_has_published_answers_and_items_in_handling() -> None:
    from django.test import Client

    from nq57.feedback.models import Item

    call_command("load_demo", stdout=io.StringIO())
    statuses = sorted(Item.objects.values_list("status", flat=True))
    assert statuses == ["answered", "answered", "handling", "received", "routed"]
    page = Client().get("/feedback/").content.decode()
    assert 'data-figure="answered">2<' in page
    assert "Cho phép nộp hồ sơ cấp phép hoàn toàn trực tuyến" in page
