"""Forms (submit, approve, return, lock, lateness), completeness, and the API."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from nq57.core.errors import InvalidTransition, NotPermitted
from nq57.core.exchange import ImportRejected
from nq57.core.models import AuditEvent
from nq57.core.periods import parse_period
from nq57.indicators import selectors
from nq57.indicators.models import DataSet, Submission
from nq57.indicators.services import (
    submission_approve,
    submission_return,
    submission_submit,
    value_set,
)
from nq57.orgs.models import Organization

pytestmark = pytest.mark.django_db
JAN = parse_period("202501")


def test_a_form_is_submitted_late_approved_and_then_locked(
    catalogue: DataSet, make_user: Callable[..., Any]
) -> None:
    reporter = make_user("BKHCN", "reporter")
    approver = make_user("VPCP", "approver")
    value_set(reporter, element="records_total", org="BKHCN", period="202501", value=100)
    bkhcn = Organization.objects.get(code="BKHCN")
    form = submission_submit(
        reporter, dataset=catalogue, org=bkhcn, period=JAN, today=date(2025, 2, 20)
    )
    assert form.due_on == date(2025, 2, 10)
    assert form.is_late
    with pytest.raises(NotPermitted):
        submission_approve(reporter, submission=form, today=date(2025, 2, 21))
    submission_approve(approver, submission=form, today=date(2025, 2, 21))
    with pytest.raises(ImportRejected) as failure:
        value_set(reporter, element="records_total", org="BKHCN", period="202501", value=90)
    assert "approved: its values are locked" in failure.value.message
    # Another month is open.
    value_set(reporter, element="records_total", org="BKHCN", period="202502", value=90)
    with pytest.raises(InvalidTransition):
        submission_submit(
            reporter, dataset=catalogue, org=bkhcn, period=JAN, today=date(2025, 2, 22)
        )
    events = AuditEvent.objects.filter(subject_type="submission").values_list("event", flat=True)
    assert list(events) == ["form.submitted", "form.approved"]


def test_a_returned_form_has_a_reason_and_can_be_sent_again(
    catalogue: DataSet, make_user: Callable[..., Any]
) -> None:
    reporter = make_user("01", "reporter")
    approver = make_user("VPCP", "approver")
    hanoi = Organization.objects.get(code="01")
    form = submission_submit(
        reporter, dataset=catalogue, org=hanoi, period=JAN, today=date(2025, 2, 5)
    )
    assert not form.is_late
    with pytest.raises(Exception, match="reason"):
        submission_return(approver, submission=form, reason="  ", today=date(2025, 2, 6))
    returned = submission_return(
        approver, submission=form, reason="Thiếu số liệu xã", today=date(2025, 2, 6)
    )
    assert returned.status == "returned"
    value_set(reporter, element="records_total", org="01", period="202501", value=10)
    again = submission_submit(
        reporter, dataset=catalogue, org=hanoi, period=JAN, today=date(2025, 2, 12)
    )
    assert again.status == "submitted"
    assert again.is_late


def test_completeness_counts_expected_submitted_on_time_and_lists_the_missing(
    catalogue: DataSet, make_user: Callable[..., Any]
) -> None:
    reporter = make_user("BCDTW", "secretariat")
    hanoi = Organization.objects.get(code="01")
    communes = list(hanoi.children.order_by("code")[:3])
    days = [date(2025, 2, 1), date(2025, 2, 1), date(2025, 3, 1)]  # the last one late
    for day, org in zip(days, [hanoi, *communes[:2]], strict=True):
        submission_submit(reporter, dataset=catalogue, org=org, period=JAN, today=day)
    whole, rows, missing = selectors.completeness(catalogue, JAN, hanoi)
    expected = 1 + hanoi.children.count()
    assert (whole.expected, whole.submitted, whole.on_time) == (expected, 3, 2)
    assert len(missing) == expected - 3
    assert hanoi not in missing
    assert communes[2] in missing
    assert {row.org for row in rows if row.submitted} == set(communes[:2])
    national, top_rows, _ = selectors.completeness(catalogue, JAN, None)
    assert national.submitted == 3
    assert next(r for r in top_rows if r.org == hanoi).submitted == 3


def test_the_api_enters_imports_and_answers_figures(
    catalogue: DataSet, make_user: Callable[..., Any], api: Callable[..., Any]
) -> None:
    client = api(make_user("BKHCN", "reporter"))
    response = client.post(
        "/api/v1/indicator-values/",
        {"data_element": "records_total", "period": "202501", "org": "BKHCN", "value": "200"},
        format="json",
    )
    assert response.status_code == 201, response.content
    upload = io.BytesIO(b"data_element,period,org,value\nrecords_online,202501,BKHCN,150\n")
    upload.name = "values.csv"
    response = client.post("/api/v1/indicator-values/import/", {"file": upload}, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 1
    bad = io.BytesIO(b"data_element,period,org,value\nrecords_online,202501,01,5\n")
    bad.name = "bad.csv"
    response = client.post("/api/v1/indicator-values/import/", {"file": bad}, format="multipart")
    assert response.status_code == 400
    assert response.json()["problems"] == ["line 2: org: you may not enter values for 01"]
    answer = client.get(
        "/api/v1/indicators/online_records_rate/value/", {"period": "2025", "group": "central"}
    ).json()
    assert answer["value"] == 75.0
    assert (answer["numerator"], answer["denominator"], answer["target"]) == (150, 200, 80)
    assert answer["scope"] == "central"
    assert (
        client.get("/api/v1/indicators/online_records_rate/value/", {"period": "2025X"}).status_code
        == 400
    )
    assert client.get("/api/v1/indicators/nothing/value/", {"period": "2025"}).status_code == 404
    listed = client.get("/api/v1/indicators/").json()
    assert any(item["code"] == "stidt_budget_share" for item in listed)


def test_forms_over_the_api_and_their_scope(
    catalogue: DataSet, make_user: Callable[..., Any], api: Callable[..., Any]
) -> None:
    hanoi = api(make_user("01", "reporter"))
    response = hanoi.post(
        "/api/v1/indicator-forms/",
        {"dataset": "public_services", "org": "01", "period": "202501"},
        format="json",
    )
    assert response.status_code == 201, response.content
    form_id = response.json()["id"]
    other = api(make_user("79", "reporter"))
    assert other.get(f"/api/v1/indicator-forms/{form_id}/").status_code == 404
    assert (
        other.post(
            "/api/v1/indicator-forms/",
            {"dataset": "public_services", "org": "01", "period": "202502"},
            format="json",
        ).status_code
        == 403
    )
    monitor = api(make_user("VPCP", "approver"))
    response = monitor.post(f"/api/v1/indicator-forms/{form_id}/return/", {"reason": "Thiếu"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "returned"
    assert submission_count() == 1


def submission_count() -> int:
    return Submission.objects.count()
