"""The composite ranking: each component from its own source, the score their weighted mean,
weights set by the secretariat alone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client

from nq57.core.actors import SYSTEM
from nq57.core.errors import NotPermitted
from nq57.core.models import AuditEvent
from nq57.core.periods import parse_period
from nq57.core.ranking import rank_by_score
from nq57.indicators import scoring
from nq57.indicators.models import DataSet
from nq57.indicators.selectors import ranking_weights
from nq57.indicators.services import (
    catalogue_load,
    ranking_weights_set,
    submission_submit,
    value_set,
)
from nq57.orgs.models import Organization
from nq57.tasks import services as task_services
from nq57.tasks.models import Task
from nq57.web.composite import composite_ranking

pytestmark = pytest.mark.django_db
TODAY = date(2025, 12, 4)


@pytest.fixture
def world(make_task: Callable[..., Task], make_user: Callable[..., Any]) -> None:
    catalogue_load(SYSTEM)
    with time_machine.travel(date(2025, 6, 1), tick=False):
        done = make_task("BKHCN", deadline=date(2025, 9, 30))
        task_services.completion_request(SYSTEM, task=done, links=["https://example.gov.vn/a"])
        task_services.completion_confirm(SYSTEM, task=done, evidence_checked=True)
    make_task("BKHCN", deadline=date(2025, 3, 31))  # overdue: BKHCN at 50%
    make_task("BTC", deadline=date(2025, 3, 31))  # overdue: BTC at 0%
    make_task("BTC", deadline=date(2026, 3, 31))  # in progress, never reported: not fresh
    value_set(SYSTEM, element="records_total", org="BKHCN", period="202501", value=100)
    value_set(SYSTEM, element="records_online", org="BKHCN", period="202501", value=60)
    dataset = DataSet.objects.select_related("monitor").get(code="public_services")
    for month in range(1, 11):  # every form due by 4 December, Jan–Oct, sent on time
        submission_submit(
            SYSTEM,
            dataset=dataset,
            org=Organization.objects.get(code="BKHCN"),
            period=parse_period(f"2025{month:02d}"),
            today=date(2025, month + 1, 5),
        )


def rank_now() -> dict[str, Any]:
    weights = ranking_weights().as_dict()
    return composite_ranking(as_of=TODAY, today=TODAY, weights=weights)


def row(groups: dict[str, Any], code: str) -> Any:
    return next(r for r in groups["central"] if r.org.code == code)


@time_machine.travel(TODAY, tick=False)
def test_each_component_beside_the_score(world: None) -> None:
    groups = rank_now()
    bkhcn, btc = row(groups, "BKHCN"), row(groups, "BTC")
    assert bkhcn.components["on_time"] == 50
    assert bkhcn.components["kpi"] == 75  # 60% online against a target of 80%
    # 10 monthly forms on time of 16 due: 10 monthly, and the first three quarters of the
    # legal-documents and budget forms, which a ministry reports too.
    assert bkhcn.components["reporting"] == Decimal("62.5")
    assert bkhcn.components["freshness"] == 0  # its open task was never reported on
    assert btc.components["on_time"] == 0
    assert btc.components["kpi"] is None  # no value: left out, the others keep their weights
    assert btc.components["reporting"] == 0
    weights = {"on_time": 40, "kpi": 30, "reporting": 15, "freshness": 15}
    assert bkhcn.score == scoring.composite(bkhcn.components, weights)
    assert bkhcn.score == (40 * 50 + 30 * 75 + 15 * Decimal("62.5") + 15 * 0) / 100
    assert bkhcn.rank == 1
    assert btc.rank == 2
    unscored = [r for r in groups["central"] if r.score is None]
    assert all(r.rank is None for r in unscored)
    assert groups["central"][-1].score is None


@time_machine.travel(TODAY, tick=False)
def test_only_the_secretariat_sets_the_weights_and_the_change_is_recorded(
    world: None, make_user: Callable[..., Any]
) -> None:
    with pytest.raises(NotPermitted):
        ranking_weights_set(make_user("BKHCN", "org_admin"), weights={"on_time": 100})
    secretary = make_user("BCDTW", "secretariat")
    ranking_weights_set(secretary, weights={"on_time": 0, "kpi": 0, "reporting": 0, "freshness": 1})
    assert AuditEvent.objects.filter(event="ranking.weights_set").count() == 1
    groups = rank_now()
    assert row(groups, "BKHCN").score == 0  # freshness alone
    client = Client()
    client.force_login(secretary)
    page = client.get("/indicators/ranking/").content.decode()
    assert 'name="freshness"' in page
    assert "(0 × " in page  # the formula states the weights in force
    assert (
        client.post(
            "/indicators/ranking/",
            {"on_time": "-3", "kpi": "1", "reporting": "1", "freshness": "1"},
        ).status_code
        == 302
    )
    assert ranking_weights().freshness == 1  # refused: nothing changed
    viewer = Client()
    viewer.force_login(make_user("01", "viewer"))
    page = viewer.get("/indicators/ranking/").content.decode()
    assert 'name="freshness"' not in page
    assert 'data-org="BKHCN"' in page


def test_ties_share_a_rank_and_the_unscored_come_last() -> None:
    scores = {"a": Decimal("80.001"), "b": Decimal(80), "c": Decimal(90), "d": None}
    names = {"a": "An Giang", "b": "Bắc Ninh", "c": "Cà Mau", "d": "Đắk Lắk"}
    placed = [
        (p.rank, p.item)
        for p in rank_by_score(scores, score=scores.__getitem__, name=names.__getitem__)
    ]
    assert placed == [(1, "c"), (2, "a"), (2, "b"), (None, "d")]


@pytest.mark.django_db
def test_a_date_outside_the_years_of_periods_is_refused_not_a_server_error(client: Any) -> None:
    """Schemathesis found it: the indicators' year of 0438-01-01 is no period (500)."""
    response = client.get("/api/v1/ranking/composite/", {"as_of": "0438-01-01"})
    assert response.status_code == 400
    assert "as_of" in response.json()["errors"]
    assert client.get("/indicators/ranking/", {"as_of": "0438-01-01"}).status_code == 200
    assert client.get("/api/v1/ranking/composite/", {"as_of": "2100-12-31"}).status_code == 200
