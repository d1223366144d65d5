"""Task status rollups stay right when two writers change one task at the same moment (issue 11
item 7): `rollups.tracking` reads the facts it replaces under the task's row lock, so a writer
that did not lock the task first (an import of updates) cannot count a change twice."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Sum

from nq57.core.tests.racing import race
from nq57.tasks import rollups
from nq57.tasks.models import StatusDelta, Task

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _complete(task_id: int, day: date) -> Callable[[], None]:
    """What an import of updates does: change a task's facts inside `tracking`, no lock."""

    def write() -> None:
        with transaction.atomic(), rollups.tracking([task_id]):
            Task.objects.filter(pk=task_id).update(completed_on=day, progress=100)

    return write


def _deltas() -> Counter[tuple[Any, ...]]:
    rows = StatusDelta.objects.values_list("scope", "org_id", "program_id", "status", "on_date")
    return Counter({row[:5]: row[5] for row in rows.annotate(total=Sum("delta")) if row[5]})


def test_racing_changes_to_one_task_leave_the_rollups_a_rebuild_gives(
    builtin_orgs: None, make_task: Callable[..., Task]
) -> None:
    tasks = [make_task() for _ in range(12)]
    errors: list[str] = []
    for index, task in enumerate(tasks):
        errors += race(
            _complete(task.pk, date(2025, 3, 1 + index)),
            _complete(task.pk, date(2025, 6, 1 + index)),
        )
    kept = _deltas()
    rollups.rebuild()
    assert errors == []
    assert kept == _deltas()
