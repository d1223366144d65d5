"""/api/v1/indicators/…: the catalogue over the API, through the same services and rules as
the pages: 403 for an official who may not change it, 404 for what does not exist, 400
with the problems by field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from nq57.core import audit
from nq57.indicators.models import DataElement, DataSet, Indicator

pytestmark = pytest.mark.django_db

NEW = {
    "code": "records_digitised_share",
    "name_vi": "Tỷ lệ hồ sơ được số hoá",
    "formula": "ratio",
    "terms": ["records_digitised", "records_total"],
    "factor": "100",
    "unit": "%",
    "monitor": "VPCP",
    "group": "strategic",
}


@pytest.fixture
def as_role(
    catalogue: DataSet, make_user: Callable[..., Any], api: Callable[..., Any]
) -> Callable[[str, str], Any]:
    return lambda org, role: api(make_user(org, role))


def test_the_monitor_creates_and_changes_an_indicator_and_its_targets(
    as_role: Callable[[str, str], Any],
) -> None:
    client = as_role("VPCP", "approver")
    created = client.post("/api/v1/indicators/", NEW, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["terms"] == ["records_digitised", "records_total"]
    assert (body["group"], body["period_type"]) == ("strategic", "month")
    assert body["edited_at"]
    changed = client.patch(
        "/api/v1/indicators/records_digitised_share/", {"unit": "phần trăm"}, format="json"
    )
    assert changed.status_code == 200
    assert changed.json()["unit"] == "phần trăm"
    url = "/api/v1/indicators/records_digitised_share/targets/"
    first = client.post(url, {"period": "2026", "value": "70"}, format="json")
    assert first.status_code == 201
    assert first.json()["org"] is None
    again = client.post(url, {"period": "2026", "value": "75"}, format="json")
    assert again.status_code == 200
    hanoi = client.post(
        url,
        {"org": "01", "period": "2026Q4", "value": "60", "baseline": 30, "baseline_period": "2025"},
        format="json",
    )
    assert hanoi.status_code == 201, hanoi.json()
    listed = client.get(url).json()
    assert [(t["org"], t["period"]) for t in listed] == [(None, "2026"), ("01", "2026Q4")]
    indicator = Indicator.objects.get(code="records_digitised_share")
    assert [e.event for e in audit.history_of(indicator)] == [
        "indicator.defined",
        "indicator.updated",
    ]


def test_problems_come_back_by_field(as_role: Callable[[str, str], Any]) -> None:
    client = as_role("BCDTW", "secretariat")
    answer = client.post(
        "/api/v1/indicators/", {**NEW, "terms": ["records_total"], "code": "x"}, format="json"
    )
    assert answer.status_code == 400
    assert set(answer.json()["errors"]) >= {"code", "terms"}
    answer = client.post(
        "/api/v1/indicators/online_records_rate/targets/",
        {"period": "2026Q9", "value": "-1"},
        format="json",
    )
    assert answer.status_code == 400
    assert set(answer.json()["errors"]) >= {"period", "value"}
    answer = client.patch(
        "/api/v1/indicators/elements/records_total/", {"value_type": "boolean"}, format="json"
    )
    assert answer.status_code == 400
    assert "value_type" in answer.json()["errors"]


def test_who_may_not_change_gets_403_and_what_is_not_there_404(
    as_role: Callable[[str, str], Any],
) -> None:
    reporter = as_role("VPCP", "reporter")
    assert reporter.get("/api/v1/indicators/online_records_rate/targets/").status_code == 200
    assert reporter.post("/api/v1/indicators/", NEW, format="json").status_code == 403
    patch = reporter.patch("/api/v1/indicators/online_records_rate/", {"unit": "x"}, format="json")
    assert patch.status_code == 403
    target = reporter.post(
        "/api/v1/indicators/online_records_rate/targets/",
        {"period": "2026", "value": "90"},
        format="json",
    )
    assert target.status_code == 403
    other = as_role("BKHCN", "approver")  # monitors other data sets, not VPCP's
    element = other.patch(
        "/api/v1/indicators/elements/records_total/", {"name_vi": "x"}, format="json"
    )
    assert element.status_code == 403
    assert (
        other.patch(
            "/api/v1/indicators/elements/stations_5g/", {"name_vi": "Trạm 5G"}, format="json"
        ).status_code
        == 200
    )
    assert (
        other.patch("/api/v1/indicators/nothing/", {"unit": "x"}, format="json").status_code == 404
    )
    assert other.get("/api/v1/indicators/nothing/targets/").status_code == 404
    assert other.patch("/api/v1/indicators/elements/nothing/", {}, format="json").status_code == 404
    assert DataElement.objects.get(code="records_total").name_vi != "x"


def test_elements_are_listed_created_and_changed(as_role: Callable[[str, str], Any]) -> None:
    client = as_role("BCDTW", "secretariat")
    listed = {e["code"]: e for e in client.get("/api/v1/indicators/elements/").json()}
    assert listed["records_total"]["dataset"] == "public_services"
    created = client.post(
        "/api/v1/indicators/elements/",
        {"code": "records_signed", "dataset": "public_services", "name_vi": "Hồ sơ ký số"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["value_type"] == "count"
    changed = client.patch(
        "/api/v1/indicators/elements/records_signed/",
        {"time_aggregation": "last", "name_en": "Signed records"},
        format="json",
    )
    assert changed.status_code == 200
    assert changed.json()["time_aggregation"] == "last"
    assert (
        client.get("/api/v1/indicators/elements/records_signed/").json()["name_en"]
        == "Signed records"
    )
