"""Indicator rollups stay right when writers race (issue 11 item 7): paired writers save the
same value at the same moment, each in its own thread, connection and transaction, and every
rollup must then equal what a rebuild from the stored values gives."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction

from nq57.core.actors import SYSTEM
from nq57.core.tests.racing import race
from nq57.indicators import rollups
from nq57.indicators.models import ValueRollup
from nq57.indicators.services import ValueInput, catalogue_load, value_set, values_save
from nq57.indicators.services import values as value_writes
from nq57.orgs.models import Organization
from nq57.orgs.services import orgs_load_builtin

# Committed data seen by separate connections: a transactional test, on PostgreSQL (SQLite
# serialises every writer with BEGIN IMMEDIATE, so it cannot show the race).
pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

FLOW, STOCK = "records_total", "stations_5g"  # summed over time; latest value over time
Write = Callable[[], Any]


def _set(element: str, org: str, period: str, value: int) -> Write:
    return lambda: value_set(SYSTEM, element=element, org=org, period=period, value=value)


def _save_many(element: str, values: dict[tuple[str, str], int]) -> Write:
    """One write of several values, by (organisation, period)."""
    inputs = [
        ValueInput(element=element, org=org, period=period, value=value)
        for (org, period), value in values.items()
    ]
    return lambda: values_save(SYSTEM, inputs=inputs, many=False)


def _rollups() -> dict[tuple[Any, ...], tuple[Decimal, int]]:
    return {
        (r.element_id, r.scope, r.scope_key, r.period): (r.total, r.contributors)
        for r in ValueRollup.objects.all()
        if r.contributors or r.total
    }


def test_paired_writers_leave_the_rollups_a_rebuild_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    # A write of two pairs or more locks whole elements, as a large import does, so both
    # ways of locking race here: one pair against another, and a pair against an element.
    monkeypatch.setattr(value_writes, "PAIR_LOCKS_AT_MOST", 1)
    if not Organization.objects.exists():  # an earlier transactional test flushed them
        orgs_load_builtin()
    catalogue_load(SYSTEM)
    # Communes of two provinces: every write reaches a commune, a province, a group, the nation.
    communes = list(
        Organization.objects.filter(depth=1, path__regex=r"^/(01|79)/")
        .order_by("code")
        .values_list("code", flat=True)[:10]
    )
    for org in communes[:5]:  # existing keys
        for element in (FLOW, STOCK):
            value_set(SYSTEM, element=element, org=org, period="202501", value=100)
    races: list[tuple[Write, ...]] = []
    neighbours = communes[1:] + communes[:1]
    for index, (org, neighbour) in enumerate(zip(communes, neighbours, strict=True)):
        for element in (FLOW, STOCK):
            races += [
                (_set(element, org, "202501", 7), _set(element, org, "202501", 7)),  # same
                (_set(element, org, "202501", 11 + index), _set(element, org, "202501", 3)),
                # Different months of one organisation: both reach its quarter and year.
                (_set(element, org, "202502", 5), _set(element, org, "202503", 9)),
                (
                    _save_many(element, {(org, "202504"): 1, (org, "202505"): 2}),
                    _save_many(element, {(org, "202505"): 4, (neighbour, "202506"): 8}),
                ),
                (
                    _save_many(element, {(org, "202507"): 6, (neighbour, "202507"): 6}),
                    _set(element, org, "202507", 2),
                ),
            ]
    errors = [error for writes in races for error in race(*writes)]
    kept = _rollups()
    with transaction.atomic():
        rollups.rebuild()
    rebuilt = _rollups()
    wrong = {key: (kept.get(key), rebuilt.get(key)) for key in kept.keys() | rebuilt.keys()}
    wrong = {key: pair for key, pair in wrong.items() if pair[0] != pair[1]}
    summary = f"{len(errors)} errors; {len(wrong)} of {len(rebuilt)} rollups differ from a rebuild"
    assert (errors, wrong) == ([], {}), summary
