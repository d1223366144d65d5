"""The pages' and the API's dates: 30/11/2026 and 2026-11-30 read alike, a day that does not
exist refused with a clear message (never a 500), and every date field shown dd/mm/yyyy."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from nq57.accounts.models import User
from nq57.tasks.models import Task

from .pages import listed_count

TODAY = date(2026, 12, 1)
pytestmark = pytest.mark.usefixtures("tasks")


@pytest.fixture
def tasks(make_task: Callable[..., Task]) -> list[Task]:
    """Due before, on and after 30/11/2026; one completed task does not change the counts."""
    return [
        make_task("BKHCN", assigned_on=date(2026, 1, 5), deadline=date(2026, 6, 30)),
        make_task("BKHCN", assigned_on=date(2026, 2, 5), deadline=date(2026, 11, 30)),
        make_task("01", assigned_on=date(2026, 3, 5), deadline=date(2027, 3, 31)),
        make_task("01", assigned_on=date(2026, 12, 1), deadline=date(2027, 6, 30)),
    ]


@pytest.fixture
def secretariat(make_user: Callable[..., User]) -> User:
    return make_user("BCDTW", "secretariat")


def signed_in(user: User, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def field_value(page: str, field_id: str) -> str:
    found = re.search(rf'<input type="text"[^>]*\bvalue="([^"]*)"[^>]*\bid="{field_id}"', page)
    assert found, f"no date field #{field_id}"
    return found[1]


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_dashboard_reads_its_date_either_way_and_shows_it_day_first(
    secretariat: User, language: str
) -> None:
    client = signed_in(secretariat, language)
    pages = [client.get("/", {"as_of": given}) for given in ("30/11/2026", "2026-11-30")]
    for response in pages:
        assert response.status_code == 200
        page = response.content.decode()
        assert field_value(page, "as_of") == "30/11/2026"
        assert "30/11/2026" in page.split('id="as_of"')[0]  # "Status as of 30/11/2026"
    # The same figures either way; the fourth task, assigned on 01/12/2026, not yet counted.
    figures = [re.findall(r'data-figure="total"[^>]*>\s*(\d+)', r.content.decode()) for r in pages]
    assert figures[0] == figures[1] != []
    assert figures[0][0] == "3"


@time_machine.travel(TODAY, tick=False)
def test_the_dashboard_refuses_a_day_that_does_not_exist_and_says_why(secretariat: User) -> None:
    response = signed_in(secretariat, "vi").get("/", {"as_of": "31/02/2026"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "“31/02/2026” không phải là một ngày" in page
    assert field_value(page, "as_of") == "01/12/2026"  # today's picture instead


@time_machine.travel(TODAY, tick=False)
def test_the_task_list_reads_its_dates_either_way(secretariat: User) -> None:
    client = signed_in(secretariat, "vi")
    day_first = "/tasks/?as_of=30/11/2026&deadline_from=30/11/2026&deadline_to=31/03/2027"
    iso = "/tasks/?as_of=2026-11-30&deadline_from=2026-11-30&deadline_to=2027-03-31"
    assert listed_count(client, day_first) == listed_count(client, iso) == 2
    page = client.get(iso).content.decode()
    assert field_value(page, "f-as_of") == "30/11/2026"
    assert field_value(page, "f-deadline_from") == "30/11/2026"
    assert field_value(page, "f-deadline_to") == "31/03/2027"


@time_machine.travel(TODAY, tick=False)
def test_the_task_list_refuses_a_day_that_does_not_exist(secretariat: User) -> None:
    response = signed_in(secretariat, "vi").get("/tasks/", {"deadline_from": "31/02/2026"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ 30/11/2026." in page
    assert field_value(page, "f-deadline_from") == "31/02/2026"  # as typed, to correct


@time_machine.travel(TODAY, tick=False)
def test_a_form_takes_the_day_either_way_and_refuses_one_that_does_not_exist(
    make_user: Callable[..., Any], tasks: list[Task]
) -> None:
    task = tasks[0]
    reporter = signed_in(make_user("BKHCN", "reporter"), "vi")
    url = f"/tasks/{task.pk}/extend/"
    page = reporter.get(url).content.decode()
    assert 'placeholder="ngày/tháng/năm"' in page
    refused = reporter.post(url, {"requested_deadline": "31/02/2027", "reason": "Chờ kinh phí"})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ 30/11/2026." in page
    assert field_value(page, "id_requested_deadline") == "31/02/2027"
    assert not task.extension_requests.exists()
    sent = reporter.post(url, {"requested_deadline": "31/03/2027", "reason": "Chờ kinh phí"})
    assert sent.status_code == 302
    assert task.extension_requests.get().requested_deadline == date(2027, 3, 31)


@time_machine.travel(TODAY, tick=False)
def test_the_api_reads_dates_either_way_and_answers_iso(
    api: Callable[[User], APIClient], secretariat: User, tasks: list[Task]
) -> None:
    client = api(secretariat)
    iso = {"as_of": "2026-11-30", "due_by": "2027-03-31"}
    day_first = {"as_of": "30/11/2026", "due_by": "31/03/2027"}
    listed = [client.get("/api/v1/tasks/", given) for given in (iso, day_first)]
    assert [r.status_code for r in listed] == [200, 200]
    # In progress on 30/11/2026 and due by 31/03/2027: the second and third tasks.
    assert listed[0].json()["count"] == listed[1].json()["count"] == 2
    summaries = [client.get("/api/v1/tasks/summary/", given).json() for given in (iso, day_first)]
    assert summaries[0] == summaries[1]
    assert summaries[0]["as_of"] == "2026-11-30"
    detail = client.get(f"/api/v1/tasks/{tasks[0].pk}/", {"as_of": "30/11/2026"})
    assert detail.status_code == 200
    assert detail.json()["deadline"] == "2026-06-30"


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    "path", ["/api/v1/tasks/", "/api/v1/tasks/summary/", "/api/v1/tasks/{pk}/"]
)
def test_the_api_refuses_a_day_that_does_not_exist_by_field(
    api: Callable[[User], APIClient], secretariat: User, tasks: list[Task], path: str
) -> None:
    response = api(secretariat).get(path.format(pk=tasks[0].pk), {"as_of": "31/02/2026"})
    assert response.status_code == 400
    assert "as_of" in response.json()["errors"]


@time_machine.travel(TODAY, tick=False)
def test_an_api_write_takes_the_day_either_way(
    api: Callable[[User], APIClient], make_user: Callable[..., User], tasks: list[Task]
) -> None:
    client = api(make_user("BKHCN", "reporter"))
    url = f"/api/v1/tasks/{tasks[0].pk}/extension-requests/"
    wrong = client.post(url, {"requested_deadline": "31/02/2027", "reason": "x"}, format="json")
    assert wrong.status_code == 400
    assert "requested_deadline" in wrong.json()["errors"]
    sent = client.post(url, {"requested_deadline": "31/03/2027", "reason": "x"}, format="json")
    assert sent.status_code == 201, sent.json()
    assert sent.json()["requested_deadline"] == "2027-03-31"
