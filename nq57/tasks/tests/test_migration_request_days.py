"""Migration 0008 judges completions confirmed before it on the day they were requested."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("tasks", "0007_deadline_index_with_id"), ("orgs", "0001_initial")]
AFTER = [("tasks", "0008_completion_judged_on_its_request")]
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.django_db(transaction=True)
def test_confirmed_completions_get_their_request_day_and_imported_ones_none() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    organization = apps.get_model("orgs", "Organization").objects.create(
        code="X", name_vi="X", kind="ministry", group="central", path="/X/", depth=0
    )
    program = apps.get_model("tasks", "Program").objects.create(code="P", title="P")
    task_model = apps.get_model("tasks", "Task")

    def task(code: str) -> object:
        created = task_model.objects.create(
            program=program,
            code=code,
            title=code,
            kind="deadline",
            deadline=date(2025, 6, 30),
            deadline_since=date(2025, 1, 2),
            lead_org=organization,
            assigned_by=organization,
            assigned_on=date(2025, 1, 2),
            completed_on=date(2025, 7, 3),
        )
        apps.get_model("tasks", "TaskDeadline").objects.create(
            task=created,
            deadline=date(2025, 6, 30),
            effective_on=date(2025, 1, 2),
            source="original",
        )
        return created

    confirmed = task("C")
    task("I")  # brought in from history: no request
    request = apps.get_model("tasks", "CompletionRequest").objects.create(
        task=confirmed, status="confirmed"
    )
    # Sent late in the evening of 29 June, Viet Nam time (still the 29th there).
    apps.get_model("tasks", "CompletionRequest").objects.filter(pk=request.pk).update(
        requested_at=datetime(2025, 6, 29, 22, 30, tzinfo=HANOI)
    )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    tasks = apps.get_model("tasks", "Task").objects
    assert tasks.get(code="C").completion_requested_on == date(2025, 6, 29)
    assert tasks.get(code="I").completion_requested_on is None
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    # The rollups are rebuilt with the verdicts: C was asked for in time, I was not.
    from nq57.tasks.models import RollupScope, StatusDelta

    deltas = StatusDelta.objects.filter(scope=RollupScope.ALL)
    net = {
        status: sum(deltas.filter(status=status).values_list("delta", flat=True))
        for status in ("completed_on_time", "completed_late")
    }
    assert net == {"completed_on_time": 1, "completed_late": 1}
