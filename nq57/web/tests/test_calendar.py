"""The calendar of one's deadlines (issue 14, item 7): the month page shows exactly the open
tasks the official's organisations lead where they report, and the forms those organisations
owe, each on its day; months page back and forth, and a bad month is a message, not an error;
the page runs a bounded number of queries whatever the number of deadlines."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from nq57.accounts.models import User
from nq57.core.actors import SYSTEM
from nq57.core.errors import ValidationFailed
from nq57.indicators.services import catalogue_load
from nq57.orgs.models import Organization
from nq57.orgs.services import org_create
from nq57.tasks.models import Task
from nq57.tasks.services import completion_confirm, completion_request, task_suspend, task_withdraw
from nq57.web.calendar import calendar_page, deadlines_of, month_code, parse_month

pytestmark = pytest.mark.django_db

UNIT = "BKHCN-LICH"
TODAY = date(2026, 11, 5)


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    """Thursday 5 November 2026, mid-morning in Hà Nội."""
    with time_machine.travel(datetime(2026, 11, 5, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        yield


@pytest.fixture
def unit(db: Any) -> Organization:
    parent = Organization.objects.get(code="BKHCN")
    return org_create(SYSTEM, code=UNIT, name_vi="Vụ Kế hoạch", kind="unit", parent=parent)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def keys(html: str) -> list[str]:
    """The deadlines a page links to (the grid, the phone's list and the days ahead)."""
    return sorted(set(re.findall(r'data-deadline="([^"]+)"', html)))


def test_the_page_shows_exactly_the_open_tasks_of_the_organisations_where_one_reports(
    unit: Organization, make_user: Callable[..., User], make_task: Callable[..., Task]
) -> None:
    reporter = make_user(UNIT, "reporter")
    mine = make_task(UNIT, "BKHCN", deadline=date(2026, 11, 20))
    late = make_task(UNIT, "BKHCN", deadline=date(2026, 11, 2))
    done = make_task(UNIT, "BKHCN", deadline=date(2026, 11, 21))
    completion_request(reporter, task=done, links=["https://bkhcn.gov.vn/ket-qua"])
    completion_confirm(SYSTEM, task=done, evidence_checked=True)
    withdrawn = make_task(UNIT, "BKHCN", deadline=date(2026, 11, 22))
    task_withdraw(SYSTEM, task=withdrawn, reason="Không còn phù hợp")
    make_task("BTC", deadline=date(2026, 11, 20))  # another ministry's
    make_task("BKHCN", deadline=date(2026, 11, 20))  # the parent's: not the unit's to report
    make_task(UNIT, "BKHCN", kind="regular")  # no deadline: never on a calendar

    html = signed_in(reporter).get("/calendar/").content.decode()
    assert keys(html) == sorted([f"task-{mine.pk}", f"task-{late.pk}"])
    assert f'href="/tasks/{mine.pk}/"' in html
    assert "20/11/2026" in html  # the day in the phone's list and the days ahead
    # The late one is marked; it is behind today, so not among the days ahead.
    [overdue] = [d for d in deadlines_of(reporter, TODAY) if d.is_overdue]
    assert overdue.key == f"task-{late.pk}"
    assert "calendar-overdue" in html

    # A viewer reports nothing: no deadline is theirs.
    viewer = make_user(UNIT, "viewer")
    assert keys(signed_in(viewer).get("/calendar/").content.decode()) == []
    assert deadlines_of(viewer, TODAY) == []


def test_a_task_on_hold_is_shown_but_not_overdue(
    unit: Organization, make_user: Callable[..., User], make_task: Callable[..., Task]
) -> None:
    reporter = make_user(UNIT, "reporter")
    held = make_task(UNIT, "BKHCN", deadline=date(2026, 11, 2))
    task_suspend(SYSTEM, task=held, reason="Tạm dừng theo chỉ đạo")
    [deadline] = deadlines_of(reporter, TODAY)
    assert (deadline.key, deadline.is_overdue) == (f"task-{held.pk}", False)


def test_the_forms_the_organisation_owes_are_on_their_due_day(
    make_user: Callable[..., User],
) -> None:
    catalogue_load(SYSTEM)
    reporter = make_user("01", "reporter")
    found = {d.key: d for d in deadlines_of(reporter, TODAY) if d.kind == "form"}
    # October's monthly form is being reported in November.
    owed = found["form-public_services-202610"]
    assert owed.on > date(2026, 10, 31)
    assert owed.path == "/indicators/entry/?dataset=public_services&period=202610"

    html = signed_in(reporter).get("/calendar/?month=2026-11").content.decode()
    assert "form-public_services-202610" in keys(html)
    assert "/indicators/entry/?dataset=public_services&amp;period=202610" in html
    assert not [d for d in deadlines_of(make_user("01", "viewer"), TODAY) if d.kind == "form"]


def test_months_page_back_and_forth_and_the_default_is_this_month(
    unit: Organization, make_user: Callable[..., User], make_task: Callable[..., Task]
) -> None:
    reporter = make_user(UNIT, "reporter")
    december = make_task(UNIT, "BKHCN", deadline=date(2026, 12, 15))
    far = make_task(UNIT, "BKHCN", deadline=date(2027, 3, 10))
    client = signed_in(reporter)

    html = client.get("/calendar/").content.decode()
    assert 'href="?month=2026-10"' in html
    assert 'href="?month=2026-12"' in html
    assert "11/2026" in html
    # Within the next 60 days: listed below the grid, though not in November.
    assert f"task-{december.pk}" in keys(html)
    assert f"task-{far.pk}" not in keys(html)

    html = client.get("/calendar/?month=2026-12").content.decode()
    assert 'href="?month=2026-11"' in html
    assert 'href="?month=2027-01"' in html
    html = client.get("/calendar/?month=2027-03").content.decode()
    assert f"task-{far.pk}" in keys(html)
    assert 'href="?month=2027-02"' in html
    assert 'href="?month=2027-04"' in html


@pytest.mark.parametrize("month", ["abc", "2026-13", "2026-00", "99999-01", "1800-01", "2026-1"])
def test_a_bad_month_is_a_message_and_the_current_month(
    make_user: Callable[..., User], month: str
) -> None:
    response = signed_in(make_user("BKHCN", "reporter")).get("/calendar/", {"month": month})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert 'href="?month=2026-10"' in html  # November's neighbours


def test_the_grid_is_whole_weeks_from_monday() -> None:
    page = calendar_page(SYSTEM, month=date(2026, 11, 1), today=TODAY)
    # 1 November 2026 is a Sunday, the 30th a Monday: six weeks, 26 October to 6 December.
    assert [len(week) for week in page.weeks] == [7] * 6
    assert page.weeks[0][0].on == date(2026, 10, 26)
    assert page.weeks[-1][-1].on == date(2026, 12, 6)
    assert all(day.on.weekday() == 0 for day in (week[0] for week in page.weeks))
    assert [day.on for week in page.weeks for day in week if day.is_today] == [TODAY]
    assert sum(day.in_month for week in page.weeks for day in week) == 30


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_a_month_code_reads_back_as_its_first_day(day: date) -> None:
    assert parse_month(month_code(day), TODAY) == day.replace(day=1)


def test_parse_month_refuses_what_is_not_a_month() -> None:
    assert parse_month("", TODAY) == date(2026, 11, 1)
    with pytest.raises(ValidationFailed):
        parse_month("2026-11-01", TODAY)


def test_the_links_to_the_calendar(make_user: Callable[..., User]) -> None:
    client = signed_in(make_user("BKHCN", "reporter"))
    for path in ("/queue/", "/account/"):
        assert 'data-link="calendar"' in client.get(path).content.decode(), path


def test_the_calendar_page_runs_a_bounded_number_of_queries(
    unit: Organization,
    make_user: Callable[..., User],
    make_task: Callable[..., Task],
    django_assert_max_num_queries: Any,
) -> None:
    catalogue_load(SYSTEM)
    reporter = make_user(UNIT, "reporter")
    client = signed_in(reporter)
    make_task(UNIT, "BKHCN", deadline=date(2026, 11, 20))
    with django_assert_max_num_queries(CALENDAR_PAGE_QUERIES) as few:
        assert client.get("/calendar/").status_code == 200
    for day in range(1, 29):
        make_task(UNIT, "BKHCN", deadline=date(2026, 11, day))
    with django_assert_max_num_queries(CALENDAR_PAGE_QUERIES) as many:
        assert client.get("/calendar/").status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


# Session and user (2), the roles for the deadlines (1), the open tasks (1), the forms owed
# (1), the calendar link (1), the frame's memberships and the menu's one count (2), the
# session's renewal (3).
CALENDAR_PAGE_QUERIES = 11
