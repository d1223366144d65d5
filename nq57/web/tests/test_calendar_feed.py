"""The private calendar link (issue 14, item 7): created from the calendar page and shown
once, its secret never stored (a SHA-256 digest only); the feed answers the holder's
deadlines as iCalendar to anyone with the link and no session; an unknown link, or one
replaced by a new one, is not found."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from icalendar import Calendar

from nq57.accounts.models import CalendarFeed, User
from nq57.accounts.services import calendar_feed_create, membership_grant
from nq57.core.actors import SYSTEM
from nq57.core.errors import NotPermitted
from nq57.core.models import AuditEvent
from nq57.indicators.services import catalogue_load
from nq57.orgs.models import Organization
from nq57.orgs.services import org_create
from nq57.tasks.models import Task

pytestmark = pytest.mark.django_db

UNIT = "BKHCN-LICH"
SITE = "https://nq57.example.vn"


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 11, 5, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        yield


@pytest.fixture(autouse=True)
def site(settings: Any) -> None:
    settings.NQ57_SITE_URL = SITE + "/"


@pytest.fixture
def unit(db: Any) -> Organization:
    parent = Organization.objects.get(code="BKHCN")
    return org_create(SYSTEM, code=UNIT, name_vi="Vụ Kế hoạch", kind="unit", parent=parent)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def create_link(client: Client) -> str:
    """POST on the calendar page; the path of the link it shows once."""
    html = client.post("/calendar/").content.decode()
    [link] = re.findall(r'id="calendar-link" type="text" value="([^"]+)"', html)
    assert link.startswith(SITE + "/calendar/")
    assert link.endswith(".ics")
    return link.removeprefix(SITE)


def events(body: bytes) -> dict[str, Any]:
    calendar = Calendar.from_ical(body)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_answers_the_holders_deadlines_to_anyone_with_the_link(
    unit: Organization,
    make_user: Callable[..., User],
    make_task: Callable[..., Task],
    settings: Any,
) -> None:
    catalogue_load(SYSTEM)
    reporter = make_user(UNIT, "reporter")
    # The unit owes no form: the reporter reports for a province too.
    membership_grant(
        SYSTEM, user=reporter, organization=Organization.objects.get(code="01"), role="reporter"
    )
    title = "Số hoá hồ sơ; đợt 1, năm 2026"  # a comma and a semicolon, escaped in iCal
    task = make_task(UNIT, "BKHCN", deadline=date(2026, 11, 20), title=title)
    make_task("BTC", deadline=date(2026, 11, 20))  # another ministry's: not in the feed
    path = create_link(signed_in(reporter))

    # A calendar program: no session, and whatever language it asks for; the feed speaks
    # the programme's (Vietnamese; the tests' default is English, so set it last).
    settings.LANGUAGE_CODE = "vi"
    response = Client().get(path, headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    found = events(response.content)
    assert [uid for uid in found if uid.startswith("task-")] == [f"task-{task.pk}@nq57"]
    assert "form-public_services-202610@nq57" in found

    event = found[f"task-{task.pk}@nq57"]
    assert event["DTSTART"].dt == date(2026, 11, 20)  # a date: an all-day event
    assert event["DTSTART"].params.get("VALUE") == "DATE"
    assert str(event["SUMMARY"]) == f"{task.code} — {title}"
    assert str(event["URL"]) == f"{SITE}/tasks/{task.pk}/"
    assert "Vụ Kế hoạch" in str(event["DESCRIPTION"])
    assert event["DTSTAMP"].dt.tzinfo is not None

    form = found["form-public_services-202610@nq57"]
    assert str(form["URL"]) == f"{SITE}/indicators/entry/?dataset=public_services&period=202610"
    # In the programme's language, Vietnamese, whatever the program asked for.
    assert str(form["SUMMARY"]).startswith("Biểu mẫu: Dịch vụ công trực tuyến")
    assert form["DTSTART"].dt > date(2026, 10, 31)

    # Lines are CRLF-terminated and folded to 75 octets (RFC 5545 §3.1).
    lines = response.content.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)


def test_an_unknown_link_is_not_found(make_user: Callable[..., User]) -> None:
    create_link(signed_in(make_user("BKHCN", "reporter")))
    assert Client().get("/calendar/not-the-secret.ics").status_code == 404
    assert Client().get("/calendar/.ics").status_code == 404


def test_a_new_link_ends_the_old_one(make_user: Callable[..., User]) -> None:
    reporter = make_user("BKHCN", "reporter")
    client = signed_in(reporter)
    old = create_link(client)
    assert Client().get(old).status_code == 200
    new = create_link(client)
    assert new != old
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    assert CalendarFeed.objects.filter(user=reporter).count() == 1
    assert (
        AuditEvent.objects.filter(event="calendar_feed.created", subject_id=reporter.pk).count()
        == 2
    )


def test_the_secret_is_never_stored(make_user: Callable[..., User]) -> None:
    reporter = make_user("BKHCN", "reporter")
    secret = create_link(signed_in(reporter)).removeprefix("/calendar/").removesuffix(".ics")
    feed = CalendarFeed.objects.get(user=reporter)
    assert feed.digest == hashlib.sha256(secret.encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_calendarfeed")
        assert secret not in repr(cursor.fetchall())
    # The page shows when it was made, never the secret again.
    assert secret not in signed_in(reporter).get("/calendar/").content.decode()


def test_the_feed_notes_its_last_use_and_ends_with_the_account(
    make_user: Callable[..., User],
) -> None:
    reporter = make_user("BKHCN", "reporter")
    path = create_link(signed_in(reporter))
    Client().get(path)
    assert CalendarFeed.objects.get(user=reporter).last_used_at is not None
    reporter.is_active = False
    reporter.save(update_fields=["is_active"])
    assert Client().get(path).status_code == 404


def test_only_its_holder_creates_a_link(make_user: Callable[..., User]) -> None:
    reporter = make_user("BKHCN", "reporter")
    with pytest.raises(NotPermitted):
        calendar_feed_create(make_user("BCDTW", "secretariat"), user=reporter)
    assert not CalendarFeed.objects.exists()


def test_the_feed_takes_no_writes(make_user: Callable[..., User]) -> None:
    path = create_link(signed_in(make_user("BKHCN", "reporter")))
    assert Client().post(path).status_code == 405
