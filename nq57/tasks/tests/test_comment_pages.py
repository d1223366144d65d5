"""The discussion on the task page: everyone who sees the task reads it, only the lead side,
the assigning side and the secretariat get the form; hostile bodies are escaped or refused by
field, never a server error; the page's queries do not grow with the thread."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client

from nq57.accounts.models import User
from nq57.orgs.models import Organization
from nq57.tasks.models import Task, TaskComment
from nq57.tasks.services import progress_report_submit, task_comment_add

pytestmark = pytest.mark.django_db

# 09:30 in Hà Nội.
MORNING = datetime(2025, 12, 4, 2, 30, tzinfo=UTC)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def thread(page: str) -> str:
    """The discussion section of a task page."""
    found = re.search(r'<section class="card mb-3" id="comments".*?</section>', page, re.S)
    assert found, "no discussion on the page"
    return found[0]


@pytest.fixture
def task(make_task: Callable[..., Task]) -> Task:
    return make_task("BKHCN", "BCDTW", coordinating=("BTC",))


@pytest.fixture
def people(make_user: Callable[..., User]) -> dict[str, User]:
    return {
        "reporter": make_user("BKHCN", "reporter"),
        "approver": make_user("BCDTW", "approver"),
        "coordinator": make_user("BTC", "reporter"),
        "inspector": make_user("UBKTTW", "inspector"),
        "stranger": make_user("BYT", "reporter"),
    }


def test_the_thread_is_read_by_all_who_see_the_task_and_written_by_the_two_sides(
    task: Task, people: dict[str, User]
) -> None:
    people["reporter"].full_name = "Nguyễn Văn An"
    people["reporter"].save()
    with time_machine.travel(MORNING, tick=False):
        task_comment_add(people["reporter"], task=task, body="Xin ý kiến.\nVề phạm vi.")
        task_comment_add(people["approver"], task=task, body="Giữ nguyên.")
    url = f"/tasks/{task.pk}/"
    for who, may_write in [
        ("reporter", True),
        ("approver", True),
        ("coordinator", False),
        ("inspector", False),
    ]:
        shown = thread(signed_in(people[who]).get(url).content.decode())
        assert shown.index("Xin ý kiến.<br>Về phạm vi.") < shown.index("Giữ nguyên.")
        assert ('id="comment-form"' in shown) is may_write, who
    shown = thread(signed_in(people["coordinator"]).get(url).content.decode())
    assert "Nguyễn Văn An" in shown
    assert f"{Organization.objects.get(code='BKHCN').name} · Lead side · " in shown
    assert "04/12/2025 09:30" in shown
    assert signed_in(people["stranger"]).get(url).status_code == 404


def test_html_in_a_comment_is_shown_as_text(task: Task, people: dict[str, User]) -> None:
    task_comment_add(
        people["reporter"], task=task, body='<script>alert(1)</script>\n<b onclick="x()">đậm</b>'
    )
    page = signed_in(people["approver"]).get(f"/tasks/{task.pk}/").content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>&lt;b onclick=&quot;x()&quot;&gt;" in page


def test_a_comment_is_posted_and_the_page_returns_to_the_thread(
    task: Task, people: dict[str, User]
) -> None:
    client = signed_in(people["approver"])
    page = client.get(f"/tasks/{task.pk}/").content.decode()
    key = re.search(r'name="submission_key" value="([0-9a-f-]{36})"', thread(page))
    assert key is not None
    form = {"body": "Đề nghị gửi dự thảo.", "submission_key": key[1]}
    first = client.post(f"/tasks/{task.pk}/comments/", form)
    again = client.post(f"/tasks/{task.pk}/comments/", form)  # a double click
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == f"/tasks/{task.pk}/#comments"
    assert list(TaskComment.objects.values_list("body", flat=True)) == ["Đề nghị gửi dự thảo."]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("   ", "Write a comment."),
        ("x" * 5000, "A comment holds at most 4000 characters (this one has 5000)."),
        ("a\x00b", "Null characters are not allowed."),
    ],
)
def test_a_refused_comment_is_shown_with_its_field_message(
    task: Task, people: dict[str, User], body: str, message: str
) -> None:
    response = signed_in(people["reporter"]).post(f"/tasks/{task.pk}/comments/", {"body": body})
    assert response.status_code == 200
    shown = thread(response.content.decode())
    assert 'id="comment-body-errors"' in shown
    assert message in shown
    assert not TaskComment.objects.exists()


def test_hostile_requests_never_fail_the_server(task: Task, people: dict[str, User]) -> None:
    client = signed_in(people["reporter"])
    url = f"/tasks/{task.pk}/comments/"
    assert client.post(url, {}).status_code == 200  # no body field: asked to write one
    assert client.post(url, {"body": ["a", "b"]}).status_code == 302  # the last one is taken
    assert client.post(url, {"body": "x", "submission_key": "not-a-uuid"}).status_code == 302
    assert client.get(url).status_code == 405
    assert client.post("/tasks/99999999/comments/", {"body": "x"}).status_code == 404
    assert client.post("/tasks/abc/comments/", {"body": "x"}).status_code == 404


@pytest.mark.parametrize("who", ["coordinator", "inspector", "stranger"])
def test_those_who_may_not_write_are_answered_404_and_nothing_is_saved(
    task: Task, people: dict[str, User], who: str
) -> None:
    response = signed_in(people[who]).post(f"/tasks/{task.pk}/comments/", {"body": "Góp ý"})
    assert response.status_code == 404
    assert not TaskComment.objects.exists()


# Session, user and memberships (3), the scope's organisations (1), the task with its
# relations (1), coordinating organisations and deadlines (2), its status (1), reports and
# their evidence (2), completion and extension requests (2), suspensions, subtasks and history
# (3), the discussion (1), the frame (2), initiatives (1), the session's renewal (3). The
# discussion is the one query it added (21 before it): authors and their organisations are
# joined, so a longer thread never adds a query.
DETAIL_QUERIES = 22


def test_the_task_page_runs_a_fixed_number_of_queries_whatever_the_thread(
    task: Task,
    people: dict[str, User],
    make_user: Callable[..., User],
    django_assert_max_num_queries: Any,
) -> None:
    client = signed_in(people["approver"])
    with time_machine.travel(datetime(2025, 3, 3, 3, tzinfo=UTC), tick=False):
        progress_report_submit(
            people["reporter"], task=task, reported_on=datetime(2025, 3, 3).date(), percent=10
        )
    task_comment_add(people["reporter"], task=task, body="Một")
    with django_assert_max_num_queries(DETAIL_QUERIES) as few:
        client.get(f"/tasks/{task.pk}/")
    for n in range(30):
        author = make_user("BKHCN", "reporter") if n % 2 else people["approver"]
        task_comment_add(author, task=task, body=f"Ý kiến {n}")
    with django_assert_max_num_queries(DETAIL_QUERIES) as many:
        page = client.get(f"/tasks/{task.pk}/").content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert thread(page).count("data-comment") == 31
