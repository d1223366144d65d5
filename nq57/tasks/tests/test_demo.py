"""The demo `make run` loads: realistic, idempotent, one user per role."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from nq57.accounts.models import User
from nq57.core.scoping import SYSTEM
from nq57.tasks.demo import DEMO_USERS
from nq57.tasks.models import CompletionRequest, ExtensionRequest, ProgressReport, Task
from nq57.tasks.selectors import SummaryQuery, task_summary

pytestmark = pytest.mark.django_db


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
