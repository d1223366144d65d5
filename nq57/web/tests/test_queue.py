"""“Việc cần làm”: what waits on each official, with exact counts — the approver's decisions,
what came back to the reporter with its reason, the organisation's late and coming tasks —
the same on the page, the home page and the API, and nobody else's."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from nq57.accounts.models import User
from nq57.core.actors import SYSTEM
from nq57.feedback import services as feedback
from nq57.feedback.models import Field
from nq57.orgs.models import Organization
from nq57.orgs.services import org_create
from nq57.tasks.models import Task
from nq57.tasks.services import (
    completion_request,
    completion_return,
    extension_refuse,
    extension_request,
    progress_report_submit,
)
from nq57.web.queue import Queue, queue_count, queue_for

pytestmark = pytest.mark.django_db

UNIT = "BKHCN-QUEUE"
TODAY = date(2025, 6, 2)


@pytest.fixture
def unit(db: Any) -> Organization:
    """A unit of the ministry: the ministry assigns it tasks and decides on them."""
    parent = Organization.objects.get(code="BKHCN")
    return org_create(SYSTEM, code=UNIT, name_vi="Vụ Kế hoạch", kind="unit", parent=parent)


def sections(queue: Queue) -> dict[str, list[str]]:
    """Each section's kind and what its items are about (task codes, tracking codes)."""
    return {section.kind: [item.about for item in section.items] for section in queue.sections}


def counts(queue: Queue) -> dict[str, int]:
    return {section.kind: section.count for section in queue.sections}


def asked_to_complete(task: Task, reporter: User) -> None:
    completion_request(reporter, task=task, links=["https://bkhcn.gov.vn/bao-cao-hoan-thanh"])


def test_a_completion_waits_on_the_deciding_side_and_comes_back_to_the_reporter_with_the_reason(
    unit: Organization, make_user: Callable[..., User], make_task: Callable[..., Task]
) -> None:
    reporter = make_user(UNIT, "reporter")
    approver = make_user("BKHCN", "approver")
    elsewhere = make_user("BTC", "approver")
    task = make_task(UNIT, "BKHCN", deadline=date(2025, 12, 31))
    asked_to_complete(task, reporter)

    assert sections(queue_for(approver, TODAY))["completions"] == [task.code]
    assert "completions" not in counts(queue_for(elsewhere, TODAY))
    # Whoever asked never confirms their own request: an approver of the ministry may ask
    # for its unit, and then the decision is another approver's.
    second = make_user("BKHCN", "approver")
    own = make_task(UNIT, "BKHCN", deadline=date(2025, 12, 31))
    asked_to_complete(own, approver)
    assert sections(queue_for(approver, TODAY))["completions"] == [task.code]
    assert sections(queue_for(second, TODAY))["completions"] == [task.code, own.code]

    completion_return(approver, task=task, reason="Thiếu biên bản nghiệm thu")
    completion_return(second, task=own, reason="Tự đề nghị")
    mine = queue_for(reporter, TODAY)
    returned = next(s for s in mine.sections if s.kind == "completions_returned")
    assert [item.about for item in returned.items] == [task.code]
    assert "Thiếu biên bản nghiệm thu" in returned.items[0].note
    assert "completions" not in counts(queue_for(approver, TODAY))

    # Asked again: the returned request is no longer waiting on the reporter.
    asked_to_complete(task, reporter)
    assert "completions_returned" not in counts(queue_for(reporter, TODAY))
    assert sections(queue_for(approver, TODAY))["completions"] == [task.code]


def test_the_organisations_own_tasks_overdue_due_soon_and_unreported(
    unit: Organization, make_user: Callable[..., User], make_task: Callable[..., Task]
) -> None:
    reporter = make_user(UNIT, "reporter")
    late = make_task(UNIT, "BKHCN", deadline=date(2025, 5, 20))
    soon = make_task(UNIT, "BKHCN", deadline=date(2025, 6, 6))
    later = make_task(UNIT, "BKHCN", deadline=date(2025, 12, 31))
    make_task("BTC", deadline=date(2025, 5, 1))  # another organisation's: not theirs
    make_task("BKHCN", deadline=date(2025, 5, 1))  # the ministry's own: not the unit's
    with time_machine.travel(date(2025, 6, 1)):
        progress_report_submit(
            reporter, task=later, reported_on=date(2025, 6, 1), percent=40, narrative="Đang làm"
        )

    found = sections(queue_for(reporter, TODAY))
    assert found["overdue"] == [late.code]
    assert found["due_soon"] == [soon.code]
    # Assigned on 15/01/2025 and never reported, except the one reported yesterday.
    assert sorted(found["unreported"]) == sorted([late.code, soon.code])
    assert later.code not in found["overdue"] + found["due_soon"] + found["unreported"]


def test_counts_are_exact_beyond_the_rows_shown(
    unit: Organization,
    make_user: Callable[..., User],
    make_task: Callable[..., Task],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("nq57.web.queue.QUEUE_ROWS", 2)
    reporter = make_user(UNIT, "reporter")
    late = [make_task(UNIT, "BKHCN", deadline=date(2025, 5, day)) for day in (3, 1, 2)]
    overdue = next(s for s in queue_for(reporter, TODAY).sections if s.kind == "overdue")
    assert overdue.count == 3
    # The oldest deadline first.
    assert [item.about for item in overdue.items] == [late[1].code, late[2].code]


def test_the_page_the_home_page_and_the_api_show_the_same_queue(
    unit: Organization,
    make_user: Callable[..., User],
    make_task: Callable[..., Task],
    api: Callable[[User | None], Any],
) -> None:
    reporter = make_user(UNIT, "reporter")
    approver = make_user("BKHCN", "approver")
    for _ in range(3):
        asked_to_complete(make_task(UNIT, "BKHCN", deadline=date(2030, 12, 31)), reporter)

    client = Client()
    client.force_login(approver)
    page = client.get("/queue/").content.decode()
    assert re.search(r'data-count="completions">3<', page)
    assert re.search(r'data-count="queue">3<', page)
    assert page.count('href="/tasks/') >= 3
    home = client.get("/").content.decode()
    assert re.search(r'data-count="queue">3<', home)

    body = api(approver).get("/api/v1/queue/").json()
    assert body["count"] == 3
    [section] = body["sections"]
    assert (section["kind"], section["count"], len(section["items"])) == ("completions", 3, 3)
    assert section["items"][0]["url"].startswith("http://testserver/tasks/")

    assert api(make_user("BTC", "approver")).get("/api/v1/queue/").json()["count"] == 0
    assert api(None).get("/api/v1/queue/").status_code == 401


def test_the_queue_page_runs_a_bounded_number_of_queries(
    unit: Organization,
    make_user: Callable[..., User],
    make_task: Callable[..., Task],
    django_assert_max_num_queries: Any,
) -> None:
    client = Client()
    client.force_login(make_user("BCDTW", "secretariat"))
    reporter = make_user(UNIT, "reporter")
    with django_assert_max_num_queries(QUEUE_PAGE_QUERIES) as few:
        client.get("/queue/")
    for _ in range(20):
        asked_to_complete(make_task(UNIT, "BKHCN", deadline=date(2030, 12, 31)), reporter)
    with django_assert_max_num_queries(QUEUE_PAGE_QUERIES) as many:
        client.get("/queue/")
    # One more: the rows of the section that is no longer empty; never one per row.
    assert len(many.captured_queries) == len(few.captured_queries) + 1


# Session and user (3), the frame (2), the session's renewal (3), a count for each of the 12
# sections, the rows of each one not empty, and a little room.
QUEUE_PAGE_QUERIES = 37


def test_a_refused_extension_reaches_the_one_who_asked_for_two_weeks(
    unit: Organization, make_user: Callable[..., User], make_task: Callable[..., Task]
) -> None:
    reporter = make_user(UNIT, "reporter")
    approver = make_user("BKHCN", "approver")
    task = make_task(UNIT, "BKHCN", deadline=date(2030, 6, 30))
    with time_machine.travel(date(2025, 5, 20)):
        request = extension_request(
            reporter, task=task, requested_deadline=date(2030, 12, 31), reason="Chờ kinh phí"
        )
        assert sections(queue_for(approver, date(2025, 5, 20)))["extensions"] == [task.code]
        extension_refuse(approver, request=request, reason="Không đủ căn cứ")
    refused = next(
        s for s in queue_for(reporter, date(2025, 5, 21)).sections if s.kind == "extensions_refused"
    )
    assert [item.about for item in refused.items] == [task.code]
    assert "Không đủ căn cứ" in refused.items[0].note
    assert "extensions" not in counts(queue_for(approver, date(2025, 5, 21)))
    assert "extensions_refused" not in counts(queue_for(reporter, date(2025, 6, 4)))


def test_the_menu_counts_in_one_query_what_the_queue_lists(
    unit: Organization,
    make_user: Callable[..., User],
    make_task: Callable[..., Task],
    django_assert_max_num_queries: Any,
) -> None:
    reporter = make_user(UNIT, "reporter")
    approver = make_user("BKHCN", "approver")
    secretariat = make_user("BCDTW", "secretariat")
    for day in (3, 4):
        make_task(UNIT, "BKHCN", deadline=date(2025, 5, day))
    asked_to_complete(make_task(UNIT, "BKHCN", deadline=date(2030, 12, 31)), reporter)
    today = date.today()
    for who in (reporter, approver, secretariat, make_user("BTC", "viewer")):
        listed = queue_for(who, today).count  # also loads the memberships, as a page has
        with django_assert_max_num_queries(1):
            counted = queue_count(who, today)
        assert counted == listed

    client = Client()
    client.force_login(reporter)
    page = client.get("/tasks/").content.decode()
    waiting = queue_for(reporter, today).count
    assert waiting >= 5  # two overdue, three unreported
    assert re.search(rf'data-count="menu-queue">.*?{waiting}</span>', page)
    client.force_login(make_user("BTC", "viewer"))
    assert 'data-count="menu-queue"' not in client.get("/tasks/").content.decode()


def test_feedback_waits_on_the_secretariat_to_route_then_on_the_body_to_answer(
    unit: Organization, make_user: Callable[..., User]
) -> None:
    secretariat = make_user("BCDTW", "secretariat")
    field = Field.objects.create(code="dvc", name_vi="Dịch vụ công", name_en="Public services")
    citizen = User.objects.create_user(username="citizen-queue", password=None)
    item = feedback.item_submit(
        citizen,
        kind="recommendation",
        field=field,
        title="Đơn giản hóa thủ tục cấp phép",
        content="Đề nghị bỏ yêu cầu nộp bản giấy.",
        contact_name="Nguyễn Văn An",
        contact_address="12 Lê Lợi, Huế",
        contact_phone="0912345678",
        now=datetime(2025, 9, 8, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    )
    assert sections(queue_for(secretariat, TODAY))["feedback_to_route"] == [item.tracking_code]

    ministry = Organization.objects.get(code="BKHCN")
    feedback.item_route(secretariat, item=item, body=ministry, today=date(2025, 9, 8))
    assert "feedback_to_route" not in counts(queue_for(secretariat, TODAY))
    # The body's officials who may answer (a reporting role there): not a viewer, not the
    # secretariat (it routes, the body answers), not another ministry.
    for answering in (make_user("BKHCN", "reporter"), make_user("BKHCN", "approver")):
        assert sections(queue_for(answering, TODAY))["feedback_to_answer"] == [item.tracking_code]
    for not_theirs in (make_user("BKHCN", "viewer"), secretariat, make_user("BTC", "reporter")):
        assert "feedback_to_answer" not in counts(queue_for(not_theirs, TODAY))
