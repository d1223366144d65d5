"""The discussion over the API: read by everyone who sees the task (404 for the others),
added to by the lead side, the assigning side and the secretariat (403 for the others who see
it), refused by field."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from nq57.accounts.models import User
from nq57.tasks.models import Task, TaskComment

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(make_task: Callable[..., Task]) -> Task:
    return make_task("BKHCN", "BCDTW", coordinating=("BTC",))


@pytest.fixture
def people(make_user: Callable[..., User]) -> dict[str, User]:
    roles = {
        "reporter": ("BKHCN", "reporter"),
        "approver": ("BCDTW", "approver"),
        "coordinator": ("BTC", "reporter"),
        "inspector": ("UBKTTW", "inspector"),
        "stranger": ("BYT", "reporter"),
    }
    return {name: make_user(org, role) for name, (org, role) in roles.items()}


def api(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_the_api_lists_and_adds_comments(task: Task, people: dict[str, User]) -> None:
    url = f"/api/v1/tasks/{task.pk}/comments/"
    added = api(people["reporter"]).post(url, {"body": "Xin ý kiến."}, format="json")
    assert added.status_code == 201
    assert added.json()["side"] == "lead"
    assert added.json()["author_org"] == "BKHCN"
    api(people["approver"]).post(url, {"body": "Giữ nguyên."}, format="json")
    for who in ("reporter", "approver", "coordinator", "inspector"):
        listed = api(people[who]).get(url)
        assert listed.status_code == 200
        assert [c["body"] for c in listed.json()] == ["Xin ý kiến.", "Giữ nguyên."]
        assert [c["side"] for c in listed.json()] == ["lead", "assigning"]


def test_the_api_refuses_by_field_and_by_right(task: Task, people: dict[str, User]) -> None:
    url = f"/api/v1/tasks/{task.pk}/comments/"
    client = api(people["reporter"])
    empty = client.post(url, {"body": "  "}, format="json")
    assert empty.status_code == 400
    assert empty.json()["errors"] == {"body": ["Write a comment."]}
    assert client.post(url, {"body": "x" * 4001}, format="json").status_code == 400
    assert client.post(url, {}, format="json").status_code == 400
    assert client.post(url, {"body": "a\x00b"}, format="json").status_code == 400
    for who in ("coordinator", "inspector"):  # they see the task: 403
        assert api(people[who]).post(url, {"body": "Góp ý"}, format="json").status_code == 403
    stranger = api(people["stranger"])  # they do not: 404, reading or writing
    assert stranger.get(url).status_code == 404
    assert stranger.post(url, {"body": "Góp ý"}, format="json").status_code == 404
    assert client.get("/api/v1/tasks/abc/comments/").status_code == 404
    assert api(None).get(url).status_code in (401, 403)
    assert not TaskComment.objects.exists()
