"""Search from the menu: whole words with or without accents, across the tasks one sees, the
indicators, and the feedback items one handles — never another organisation's; a tracking
code finds its item; the page's queries do not grow with the matches."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from nq57.accounts.models import User
from nq57.core.actors import SYSTEM
from nq57.feedback import services as feedback
from nq57.feedback.models import Field, Item
from nq57.indicators.services import catalogue_load
from nq57.orgs.models import Organization
from nq57.tasks.models import Task
from nq57.web.search import search

pytestmark = pytest.mark.django_db

# Session, user, roles, the scope's organisations, tasks, indicators, items, the frame's
# memberships, the menu's counts, the session's renewal (with its savepoint pair), and the
# count of tasks past the first page's ten: whatever the number of matches.
SEARCH_QUERIES = 13


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def routed_item(body: str, title: str) -> Item:
    field, _ = Field.objects.get_or_create(
        code="dvc", defaults={"name_vi": "Dịch vụ công", "name_en": "Public services"}
    )
    citizen = User.objects.create_user(username=f"citizen-{title[:8]}", password=None)
    item = feedback.item_submit(
        citizen,
        kind="recommendation",
        field=field,
        title=title,
        content="Đề nghị bỏ yêu cầu nộp bản giấy.",
        contact_name="Nguyễn Văn An",
        contact_address="12 Lê Lợi, Huế",
        contact_phone="0912345678",
        now=datetime(2025, 9, 8, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    )
    secretariat = User.objects.get(memberships__role="secretariat")
    feedback.item_route(
        secretariat,
        item=item,
        body=Organization.objects.get(code=body),
        today=item.received_at.date(),
    )
    return item


def test_tasks_are_found_with_or_without_accents_in_ones_scope_only(
    make_user: Callable[..., User], make_task: Callable[..., Task]
) -> None:
    ours = make_task("BKHCN", title="Chuyển đổi số trong quản lý khoa học")
    make_task("BTC", title="Chuyển đổi số ngành tài chính")
    reporter = make_user("BKHCN", "reporter")
    for query in ("chuyển đổi số", "chuyen doi so", "CHUYEN DOI SO"):
        found = search(reporter, query)
        assert [task.code for task in found.tasks.rows] == [ours.code]
        assert found.tasks.count == 1
    assert search(reporter, "doi so tai chinh").tasks.rows == []
    secretariat = make_user("BCDTW", "secretariat")
    assert search(secretariat, "chuyen doi so").tasks.count == 2
    assert search(reporter, "c").empty  # too short to search


def test_feedback_items_are_found_by_their_handlers_and_by_tracking_code(
    make_user: Callable[..., User],
) -> None:
    make_user("BCDTW", "secretariat")
    item = routed_item("BKHCN", "Đơn giản hóa thủ tục cấp phép")
    handler = make_user("BKHCN", "reporter")
    assert [i.tracking_code for i in search(handler, "thủ tục cấp phép").items.rows] == [
        item.tracking_code
    ]
    assert [i.pk for i in search(handler, item.tracking_code.lower()).items.rows] == [item.pk]
    for stranger in (make_user("BTC", "reporter"), make_user("BKHCN", "viewer")):
        assert search(stranger, "thủ tục cấp phép").items.rows == []
        assert search(stranger, item.tracking_code).items.rows == []


def test_indicators_are_found_by_name(make_user: Callable[..., User]) -> None:
    catalogue_load(SYSTEM)
    found = search(make_user("01", "viewer"), "ho so truc tuyen")
    assert found.indicators.count
    assert all("trực tuyến" in i.name_vi.lower() for i in found.indicators.rows)


def test_the_page_lists_each_part_and_costs_the_same_however_many_match(
    make_user: Callable[..., User],
    make_task: Callable[..., Task],
    django_assert_max_num_queries: Any,
) -> None:
    reporter = make_user("BKHCN", "reporter")
    client = signed_in(reporter)
    make_task("BKHCN", title="Số hóa hồ sơ lưu trữ")
    with django_assert_max_num_queries(SEARCH_QUERIES):
        page = client.get("/search/", {"q": "so hoa"}).content.decode()
    assert 'id="search-tasks"' in page
    assert 'data-count="tasks">1<' in page
    for _ in range(14):
        make_task("BKHCN", title="Số hóa hồ sơ lưu trữ")
    with django_assert_max_num_queries(SEARCH_QUERIES):
        page = client.get("/search/", {"q": "so hoa"}).content.decode()
    assert 'data-count="tasks">15<' in page
    assert page.count('href="/tasks/') >= 10
    nothing = client.get("/search/", {"q": "khong co gi ca"}).content.decode()
    assert 'id="search-nothing"' in nothing
    assert client.get("/search/", {"q": "x" * 5000}).status_code == 200
