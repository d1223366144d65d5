"""`manage.py rebuild_rollups` repairs the indicator rollups as well as the task ones
(issue 11 item 7), all of them or the ones `--only` names."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from nq57.core.actors import SYSTEM
from nq57.indicators.models import ValueRollup
from nq57.indicators.services import ValueInput, catalogue_load, values_save
from nq57.tasks.models import StatusDelta, Task

pytestmark = pytest.mark.django_db


def _indicator_rollups() -> dict[tuple[Any, ...], tuple[Decimal, int]]:
    return {
        (r.element_id, r.scope, r.scope_key, r.period): (r.total, r.contributors)
        for r in ValueRollup.objects.all()
        if r.contributors
    }


def _task_rollups() -> dict[tuple[Any, ...], int]:
    return {
        (d.scope, d.org_id, d.program_id, d.status, d.on_date): d.delta
        for d in StatusDelta.objects.all()
        if d.delta
    }


@pytest.fixture
def figures(make_task: Callable[..., Task]) -> None:
    """Values of a flow and a stock in two provinces, and a task."""
    catalogue_load(SYSTEM)
    values_save(
        SYSTEM,
        inputs=[
            ValueInput(element=element, org=org, period=period, value=value)
            for element in ("records_total", "stations_5g")
            for org, period, value in (
                ("01", "202501", 40),
                ("79", "202502", 7),
                ("01", "202503", 3),
            )
        ],
    )
    make_task()


def _break_everything() -> None:
    """What a restore or a raw SQL fix can leave: rollups that no longer match the data."""
    ValueRollup.objects.filter(scope="national").update(total=0, contributors=0)
    ValueRollup.objects.filter(scope="org").delete()
    StatusDelta.objects.update(delta=99)


def _rebuild(*options: str) -> str:
    out = io.StringIO()
    call_command("rebuild_rollups", *options, stdout=out)
    return out.getvalue()


def test_the_command_repairs_the_indicator_and_task_rollups(figures: None) -> None:
    indicators, tasks = _indicator_rollups(), _task_rollups()
    assert indicators
    assert tasks
    _break_everything()
    output = _rebuild()
    assert _indicator_rollups() == indicators
    assert _task_rollups() == tasks
    assert "task rollups rebuilt from 1 tasks" in output
    assert f"indicator rollups rebuilt: {ValueRollup.objects.count():,} rows" in output


@pytest.mark.parametrize(
    ("only", "repaired", "left_broken"),
    [
        ("indicators", _indicator_rollups, _task_rollups),
        ("tasks", _task_rollups, _indicator_rollups),
    ],
)
def test_only_rebuilds_the_rollups_it_names(
    figures: None, only: str, repaired: Callable[[], Any], left_broken: Callable[[], Any]
) -> None:
    good = repaired()
    _break_everything()
    broken = left_broken()
    _rebuild("--only", only)
    assert repaired() == good
    assert left_broken() == broken
