"""Drafts of page forms: any text a form holds is kept and given back as typed, per user and
page; anything else (no page of this site, not text, too long) is refused with a message and
nothing written; a sent form drops its draft."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from nq57.core import drafts
from nq57.core.errors import ValidationFailed
from nq57.core.models import Draft
from nq57.tasks.models import ProgressReport, Task

pytestmark = pytest.mark.django_db

names = st.text(min_size=1, max_size=40)
values = st.lists(st.text(max_size=200), min_size=1, max_size=3)


@given(st.dictionaries(names, values, max_size=20))
def test_any_text_fields_are_kept_as_typed(fields: dict[str, list[str]]) -> None:
    assert drafts.clean_fields(fields) == fields


@pytest.mark.parametrize(
    "hostile",
    [
        [],
        "text",
        {"a": 1},
        {"a": [None]},
        {"a": ["x" * (drafts.LONGEST_VALUE + 1)]},
        {str(n): "x" for n in range(drafts.MOST_FIELDS + 1)},
    ],
)
def test_anything_but_bounded_text_is_refused(hostile: Any) -> None:
    with pytest.raises(ValidationFailed):
        drafts.clean_fields(hostile)


@pytest.mark.parametrize("path", ["", "tasks/1/", "//evil.example/x", "https://x/", "/" * 301])
def test_a_draft_belongs_to_a_page_of_this_site(path: str) -> None:
    with pytest.raises(ValidationFailed):
        drafts.clean_path(path)


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_each_user_gets_back_only_their_own_draft(make_user: Callable[..., Any]) -> None:
    mine, theirs = signed_in(make_user("01", "reporter")), signed_in(make_user("01", "reporter"))
    body = {"path": "/tasks/5/report/", "fields": {"narrative": ["Đã làm được một nửa"]}}
    saved = mine.post("/drafts/", json.dumps(body), content_type="application/json")
    assert saved.status_code == 204
    got = mine.get("/drafts/", {"path": "/tasks/5/report/"})
    assert got.status_code == 200
    assert got.json()["fields"] == {"narrative": ["Đã làm được một nửa"]}
    assert theirs.get("/drafts/", {"path": "/tasks/5/report/"}).status_code == 204
    for hostile in (b"not json", b"[1, 2]", json.dumps({"path": "x", "fields": {}}).encode()):
        refused = mine.post("/drafts/", hostile, content_type="application/json")
        assert refused.status_code == 400
    assert Draft.objects.count() == 1
    assert mine.delete("/drafts/?path=/tasks/5/report/").status_code == 204
    assert not Draft.objects.exists()


def test_a_report_sent_drops_its_draft(
    make_user: Callable[..., Any], make_task: Callable[..., Task]
) -> None:

    task = make_task("79")
    user = make_user("79", "reporter")
    path = f"/tasks/{task.pk}/report/"
    drafts.draft_save(user.pk, path=path, fields={"narrative": ["Đang làm"]})
    client = signed_in(user)
    with time_machine.travel(date(2025, 2, 3), tick=False):
        page = client.get(path).content.decode()
        assert "data-draft-restore" in page
        sent = client.post(path, {"reported_on": "2025-02-03", "percent": 30, "narrative": "x"})
    assert sent.status_code == 302
    assert ProgressReport.objects.filter(task=task).count() == 1
    assert drafts.draft_of(user.pk, path) is None


def test_an_upload_sent_by_the_page_script_is_told_where_to_go(
    make_user: Callable[..., Any], make_task: Callable[..., Task]
) -> None:

    task = make_task("79")
    client = signed_in(make_user("79", "reporter"))
    with time_machine.travel(date(2025, 2, 3), tick=False):
        sent = client.post(
            f"/tasks/{task.pk}/report/",
            {"reported_on": "2025-02-03", "percent": 30},
            headers={"X-NQ57-Upload": "1"},
        )
    assert sent.status_code == 200
    assert sent.json() == {"location": f"/tasks/{task.pk}/"}
