"""An organisation's values and its own figure are shown outside it only once its form is
approved (issue 12 item 2): a command-line import without --user counts as approved history;
national and group figures count every saved value. Every reader: the indicator page (rows,
total, trend, values), its export and the API."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from rest_framework.test import APIClient

from nq57.core.actors import SYSTEM
from nq57.core.periods import parse_period
from nq57.indicators import permissions
from nq57.indicators.choices import SubmissionStatus
from nq57.indicators.models import DataSet, DataValue, Submission
from nq57.indicators.selectors.visibility import (
    _paths_above,
    _shared_path,
    not_yet_approved,
    with_form_status,
)
from nq57.indicators.services import (
    catalogue_load,
    submission_approve,
    submission_return,
    submission_submit,
    value_set,
)
from nq57.orgs.models import Organization

pytestmark = pytest.mark.django_db
RATE = "online_records_rate"  # records_online ÷ records_total, in the public_services form
URL = f"/indicators/{RATE}/"


@pytest.fixture(autouse=True)
def _in_april_2025() -> Any:
    with time_machine.travel("2025-04-15 09:00 +07:00", tick=False):
        yield


@pytest.fixture
def world(make_user: Callable[..., Any], tmp_path: Any) -> dict[str, Any]:
    """Hà Nội entered 100 of 500 records online for March and its form was returned; the
    Ministry of Science's 600 of 1,000 came in as history, by the command without --user."""
    catalogue_load(SYSTEM)
    hanoi_reporter = make_user("01", "reporter")
    for element, value in (("records_total", 500), ("records_online", 100)):
        value_set(hanoi_reporter, element=element, org="01", period="202503", value=value)
    form = submission_submit(
        hanoi_reporter,
        dataset=DataSet.objects.get(code="public_services"),
        org=Organization.objects.get(code="01"),
        period=parse_period("202503"),
        today=parse_period("202504").start,
    )
    monitor = make_user("VPCP", "approver")
    submission_return(
        monitor, submission=form, reason="Thiếu số liệu", today=parse_period("202504").start
    )
    history = tmp_path / "history.csv"
    history.write_text(
        "data_element,period,org,value\n"
        "records_total,202503,BKHCN,1000\nrecords_online,202503,BKHCN,600\n"
    )
    call_command("import_values", str(history), stdout=io.StringIO())
    return {"form": form, "monitor": monitor, "hanoi_reporter": hanoi_reporter}


def browser(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def figure_of(user: Any, **query: str) -> dict[str, Any]:
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(f"/api/v1/indicators/{RATE}/value/", query)
    assert response.status_code == 200, response.content
    answer: dict[str, Any] = response.json()
    return answer


def export_rows(user: Any, **query: str) -> dict[str, tuple[Any, ...]]:
    response = browser(user).get(f"{URL}export.xlsx", query)
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    return {str(row[0]): row for row in sheet.iter_rows(min_row=2, values_only=True)}


def row_of(page: str, code: str) -> str:
    start = page.index(f'data-org="{code}"')
    return page[start : page.index("</tr>", start)]


def test_a_returned_provinces_figure_and_values_are_withheld_from_other_organisations(
    world: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    for outsider in (make_user("BTC", "approver"), make_user("79", "reporter")):
        for period in ("2025", "2025Q1", "202503"):
            answer = figure_of(outsider, period=period, org="01")
            assert answer["visibility"] == "not_yet_approved", period
            assert (answer["value"], answer["numerator"], answer["denominator"]) == (None,) * 3
            assert answer["contributors"] is None
        page = browser(outsider).get(URL, {"period": "2025", "org": "01"}).content.decode()
        assert 'id="total-withheld"' in page
        assert 'data-figure="total"' not in page
        assert 'id="values-table"' not in page
        assert 'id="values-withheld"' in page
        assert "Not yet approved" in page
        national = browser(outsider).get(URL, {"period": "2025"}).content.decode()
        assert 'data-state="not-yet-approved"' in row_of(national, "01")
        assert ">60<" in row_of(national, "BKHCN")  # history counts as approved
        rows = export_rows(outsider, period="2025")
        assert rows["01"][2:5] == (None, None, None)
        assert rows["01"][6] == "Not yet approved"  # the page export is for people
        assert rows["BKHCN"][2] == 60
        assert export_rows(outsider, period="2025", org="01")["01"][6] == "Not yet approved"


def test_inside_above_the_monitor_the_secretariat_and_inspectors_see_everything(
    world: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    commune = Organization.objects.filter(path__startswith="/01/", depth=1).first()
    assert commune is not None
    insiders = [
        world["hanoi_reporter"],
        make_user(commune.code, "viewer"),  # inside Hà Nội's subtree
        world["monitor"],  # VPCP monitors the form
        make_user("BCDTW", "secretariat"),
        make_user("UBKTTW", "inspector"),
    ]
    for insider in insiders:
        answer = figure_of(insider, period="2025", org="01")
        assert (answer["visibility"], answer["value"]) == ("shown", 20), insider
        page = browser(insider).get(URL, {"period": "2025", "org": "01"}).content.decode()
        assert 'id="values-table"' in page
        assert 'data-state="not-yet-approved"' not in page


def test_approval_publishes_the_figure_and_the_values(
    world: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    outsider = make_user("BTC", "approver")
    form = submission_submit(
        world["hanoi_reporter"],
        dataset=world["form"].dataset,
        org=world["form"].org,
        period=parse_period("202503"),
        today=parse_period("202504").start,
    )
    submission_approve(world["monitor"], submission=form, today=parse_period("202504").start)
    answer = figure_of(outsider, period="2025", org="01")
    assert (answer["visibility"], answer["value"], answer["numerator"]) == ("shown", 20, 100)
    page = browser(outsider).get(URL, {"period": "2025", "org": "01"}).content.decode()
    assert 'id="values-table"' in page
    assert 'data-state="not-yet-approved"' not in page


def test_a_value_entered_but_not_sent_withholds_only_the_periods_it_counts_in(
    world: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    reporter = make_user("BKHCN", "reporter")
    value_set(reporter, element="records_total", org="BKHCN", period="202504", value=10)
    outsider = make_user("79", "reporter")
    assert figure_of(outsider, period="202503", org="BKHCN")["value"] == 60  # history
    assert figure_of(outsider, period="2025", org="BKHCN")["visibility"] == "not_yet_approved"
    assert figure_of(outsider, period="202504", org="BKHCN")["visibility"] == "not_yet_approved"
    page = browser(outsider).get(URL, {"period": "2025", "org": "BKHCN"}).content.decode()
    values = page[page.index('id="values-table"') :]
    assert "600" in values  # the history is shown, the April value left out
    assert "202504" not in values
    assert 'id="values-withheld"' in page


def test_a_communes_value_not_yet_approved_withholds_the_figures_above_it(
    world: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    commune = Organization.objects.filter(path__startswith="/79/", depth=1).first()
    assert commune is not None
    reporter = make_user(commune.code, "reporter")
    value_set(reporter, element="records_total", org=commune.code, period="202503", value=40)
    outsider = make_user("BTC", "approver")
    national = browser(outsider).get(URL, {"period": "2025"}).content.decode()
    assert 'data-state="not-yet-approved"' in row_of(national, "79")
    province = browser(outsider).get(URL, {"period": "2025", "org": "79"}).content.decode()
    assert 'id="total-withheld"' in province
    assert 'data-state="not-yet-approved"' in row_of(province, commune.code)
    assert figure_of(outsider, period="2025")["visibility"] == "shown"
    # Inside Hồ Chí Minh City, the commune's province sees it all.
    inside = figure_of(make_user("79", "viewer"), period="2025", org="79")
    assert (inside["visibility"], inside["denominator"]) == ("shown", 40)


codes = st.lists(st.sampled_from(["01", "79", "00004", "26734", "BKHCN"]), min_size=1, max_size=4)


@given(st.lists(codes, min_size=1, max_size=5))
def test_the_shared_path_is_above_every_organisation_and_the_walk_up_reaches_it(
    trees: list[list[str]],
) -> None:
    paths = ["/" + "".join(f"{code}/" for code in tree) for tree in trees]
    shared = _shared_path(paths)
    for path in paths:
        assert path.startswith(shared)
        above = _paths_above(path)
        assert above[-1] == path
        assert all(path.startswith(a) for a in above)
        assert shared == "/" or shared in above


def test_national_and_group_figures_count_every_saved_value(
    world: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    outsider = make_user("79", "reporter")
    national = figure_of(outsider, period="2025")
    assert (national["visibility"], national["numerator"], national["denominator"]) == (
        "shown",
        700,
        1500,
    )
    assert figure_of(outsider, period="2025", group="local")["value"] == 20
    cards = browser(outsider).get("/indicators/", {"period": "2025"}).content.decode()
    assert 'data-state="not-yet-approved"' not in cards


def test_an_outsiders_page_runs_a_bounded_number_of_queries(
    world: dict[str, Any], make_user: Callable[..., Any], django_assert_max_num_queries: Any
) -> None:
    client = browser(make_user("79", "reporter"))
    client.get(URL)  # the session settles
    # The secretariat's page (tests/test_pages.py) and two more: the monitors, the values
    # not yet approved.
    with django_assert_max_num_queries(22):
        client.get(URL, {"period": "2025", "org": "01"})
    with django_assert_max_num_queries(22):
        client.get(URL, {"period": "2025"})


def test_the_sql_rule_agrees_with_the_rule(make_user: Callable[..., Any]) -> None:
    catalogue_load(SYSTEM)
    reporter = make_user("01", "reporter")
    dataset = DataSet.objects.get(code="public_services")
    cases = [(status, by) for status in [None, *SubmissionStatus.values] for by in (None, reporter)]
    for month, (status, by) in enumerate(cases, start=1):
        period = f"2025{month:02d}"
        value_set(by or SYSTEM, element="records_total", org="01", period=period, value=month)
        if status is not None:
            Submission.objects.create(
                dataset=dataset,
                org=Organization.objects.get(code="01"),
                period=period,
                status=status,
                due_on="2025-12-31",
                reason="x" if status == SubmissionStatus.RETURNED else "",
            )
    pending = set(
        with_form_status(DataValue.objects.all())
        .filter(not_yet_approved())
        .values_list("period", flat=True)
    )
    for month, (status, by) in enumerate(cases, start=1):
        expected = not permissions.counts_as_approved(status, None if by is None else by.pk)
        assert (f"2025{month:02d}" in pending) is expected, (status, by)
    assert len(pending) == 7  # three open statuses × two, and a user's value with no form
