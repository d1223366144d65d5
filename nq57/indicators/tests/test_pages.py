"""The indicator pages: cards, drill-down, entry, forms; scope and bounded queries."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from nq57.core.actors import SYSTEM
from nq57.indicators.models import DataValue, Submission
from nq57.indicators.services import catalogue_load, value_set
from nq57.orgs.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def values(db: Any) -> str:
    catalogue_load(SYSTEM)
    commune = Organization.objects.filter(path__startswith="/01/", depth=1).first()
    assert commune is not None
    for org, total, online in [("BKHCN", 1000, 600), ("01", 500, 100), (commune.code, 500, 0)]:
        value_set(SYSTEM, element="records_total", org=org, period="202503", value=total)
        value_set(SYSTEM, element="records_online", org=org, period="202503", value=online)
    return commune.code


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def figure(page: str, key: str) -> str:
    found = re.search(rf'data-figure="{key}"[^>]*>\s*([^<\s]+)', page)
    assert found, key
    return found[1]


@time_machine.travel("2025-04-15 09:00 +07:00", tick=False)
def test_the_cards_show_national_and_group_figures_with_the_target(
    values: str, make_user: Callable[..., Any], django_assert_max_num_queries: Any
) -> None:
    client = signed_in(make_user("BCDTW", "secretariat"))
    # Session and user (3), frame (1), indicators, terms, rollups, targets (4), renewal (3).
    with django_assert_max_num_queries(12):
        page = client.get("/indicators/?period=2025")
    text = page.content.decode()
    card = text[text.index('data-indicator="online_records_rate"') :][:3000]
    assert figure(card, "national") == "35"  # 700 of 2,000 records
    assert figure(card, "central") == "60"
    assert figure(card, "local") == "10"  # a sum over Hà Nội and its commune, not a mean
    assert "80" in card


@time_machine.travel("2025-04-15 09:00 +07:00", tick=False)
def test_the_detail_drills_down_to_the_values_and_exports(
    values: str, make_user: Callable[..., Any], django_assert_max_num_queries: Any
) -> None:
    client = signed_in(make_user("BCDTW", "secretariat"))
    with django_assert_max_num_queries(DETAIL_QUERIES):
        national = client.get("/indicators/online_records_rate/?period=2025").content.decode()
    assert figure(national, "total") == "35"
    assert 'data-org="01"' in national
    assert 'data-org="BKHCN"' in national
    with django_assert_max_num_queries(DETAIL_QUERIES):
        hanoi = client.get("/indicators/online_records_rate/?period=2025&org=01").content.decode()
    assert figure(hanoi, "total") == "10"
    assert f'data-org="{values}"' in hanoi
    assert "Values entered by" in hanoi
    assert "100" in hanoi[hanoi.index('id="values-table"') :]
    export = client.get("/indicators/online_records_rate/export.xlsx?period=2025&org=01")
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active  # type: ignore[attr-defined]
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Organisation code", "Organisation", "Value")
    assert rows[1][2] == 10


# Session and user (3), frame (1), indicator, terms for its period (2), organisations below
# and which have children (2), the figures (3), values (1), renewal (3) and a few more.
DETAIL_QUERIES = 20


@time_machine.travel("2025-04-15 09:00 +07:00", tick=False)
def test_another_provinces_unpublished_values_are_hidden(
    values: str, make_user: Callable[..., Any]
) -> None:
    # The fixture's values came in as the system's history (approved); Hà Nội's own
    # reporter changes one, and its form is not yet approved (tests/test_visibility.py has
    # every reader).
    hanoi = make_user("01", "reporter")
    value_set(hanoi, element="records_online", org="01", period="202503", value=120)
    client = signed_in(make_user("79", "reporter"))
    page = client.get("/indicators/online_records_rate/?period=2025&org=01").content.decode()
    assert "not published yet" in page
    assert "120" not in page
    Submission.objects.create(
        dataset_id=DataValue.objects.first().element.dataset_id,  # type: ignore[union-attr]
        org=Organization.objects.get(code="01"),
        period="202503",
        status="approved",
        due_on="2025-04-10",
    )
    page = client.get("/indicators/online_records_rate/?period=2025&org=01").content.decode()
    assert 'id="values-table"' in page
    assert "120" in page[page.index('id="values-table"') :]


@time_machine.travel("2025-04-15 09:00 +07:00", tick=False)
def test_the_entry_form_saves_shows_errors_beside_the_field_and_submits(
    values: str, make_user: Callable[..., Any]
) -> None:
    reporter = make_user("79", "reporter")
    client = signed_in(reporter)
    url = "/indicators/entry/?dataset=public_services&org=79&period=202503"
    assert client.get(url).status_code == 200
    data = {"dataset": "public_services", "org": "79", "period": "202503"}
    bad = client.post(
        "/indicators/entry/",
        {**data, "action": "save", "value-records_total": "100", "value-records_online": "150"},
    )
    assert bad.status_code == 200
    text = bad.content.decode()
    assert 'id="err-records_online"' in text
    assert not DataValue.objects.filter(org__code="79").exists()  # nothing half-saved
    good = client.post(
        "/indicators/entry/",
        {**data, "action": "save", "value-records_total": "100", "value-records_online": "40"},
    )
    assert good.status_code == 302
    assert DataValue.objects.filter(org__code="79").count() == 2
    sent = client.post("/indicators/entry/", {**data, "action": "submit"})
    assert sent.status_code == 302
    assert Submission.objects.get(org__code="79").status == "submitted"
    other = signed_in(make_user("01", "reporter"))
    page = other.get(url).content.decode()
    assert "You may not enter values for this organisation." in page


@time_machine.travel("2025-04-15 09:00 +07:00", tick=False)
def test_the_monitor_approves_from_the_forms_page(
    values: str, make_user: Callable[..., Any]
) -> None:
    reporter = signed_in(make_user("79", "reporter"))
    reporter.post(
        "/indicators/entry/",
        {"dataset": "public_services", "org": "79", "period": "202503", "action": "submit"},
    )
    form = Submission.objects.get()
    monitor = signed_in(make_user("VPCP", "approver"))
    page = monitor.get("/indicators/forms/?dataset=public_services&period=202503")
    text = page.content.decode()
    assert "Waiting for your decision" in text
    assert figure(text, "submitted") == "1"
    # A reporter of another province does not see the form, so cannot decide on it.
    stranger = signed_in(make_user("01", "approver"))
    decide = f"/indicators/forms/{form.pk}/decide/"
    assert stranger.post(decide, {"action": "approve", "confirmed": "1"}).status_code == 404
    monitor.post(decide, {"action": "return", "reason": "", "confirmed": "1"})
    assert Submission.objects.get().status == "submitted"  # a return needs its reason
    monitor.post(decide, {"action": "approve", "confirmed": "1"})
    assert Submission.objects.get().status == "approved"
