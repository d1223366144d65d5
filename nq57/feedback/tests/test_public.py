"""The public portal without signing in: counters, search, a published item, a tracking code;
no personal data, no script from a sender, nothing unpublished."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from nq57.feedback import services
from nq57.feedback.models import Field, Item
from nq57.orgs.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(make_user: Callable[..., Any]) -> tuple[Item, Item]:
    from nq57.accounts.models import User

    citizen = User.objects.create_user(username="citizen-2", password=None)
    field = Field.objects.create(code="dl", name_vi="Dữ liệu", name_en="Data")
    secretariat = make_user("BCDTW", "secretariat")
    handler = make_user("BKHCN", "approver")
    items = []
    for title, private in [
        ("Chia sẻ dữ liệu đất đai <script>alert('x')</script>", False),
        ("Kiến nghị riêng về hồ sơ cá nhân", True),
    ]:
        item = services.item_submit(
            citizen,
            kind="feedback",
            field=field,
            title=title,
            content="Tôi là Trần Thị Bình, số điện thoại 0987654321, đề nghị kết nối dữ liệu.",
            contact_name="Trần Thị Bình",
            contact_phone="0987654321",
            identity_number="001203004567",
            answer_private=private,
        )
        item = services.item_route(
            secretariat,
            item=item,
            body=Organization.objects.get(code="BKHCN"),
            today=date.today(),
        )
        items.append(
            services.item_answer(
                handler, item=item, text="Gửi bà Trần Thị Bình: Bộ sẽ kết nối.", publish=True
            )
        )
    return items[0], items[1]


def test_the_home_counts_and_finds_published_items_without_accents(
    client: Client, answered: tuple[Item, Item]
) -> None:
    page = client.get("/feedback/?q=chia+se+du+lieu+dat+dai")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-figure="received">2<' in text
    assert 'data-figure="answered">2<' in text
    assert answered[0].tracking_code in text
    assert answered[1].tracking_code not in text  # its answer is private
    assert "<script>alert" not in text
    assert "&lt;script&gt;alert" in text


def test_a_published_item_shows_no_personal_data(
    client: Client, answered: tuple[Item, Item]
) -> None:
    public, private = answered
    text = client.get(f"/feedback/items/{public.tracking_code}/").content.decode()
    for personal in ("Trần Thị Bình", "0987654321", "001203004567"):
        assert personal not in text
    assert "Bộ sẽ kết nối" in text
    assert "<script>alert" not in text
    assert client.get(f"/feedback/items/{private.tracking_code}/").status_code == 404
    assert client.get("/feedback/items/PA-NONE-NONE/").status_code == 404


def test_a_tracking_code_tells_where_the_item_stands_and_nothing_else(
    client: Client, answered: tuple[Item, Item]
) -> None:
    private = answered[1]
    page = client.get(f"/feedback/track/?code={private.tracking_code.lower()}")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="item-status"' in text
    assert "Trần Thị Bình" not in text
    assert "đề nghị kết nối" not in text  # the content stays with those handling it
    assert client.get("/feedback/track/?code=PA-AAAA-AAAA").status_code == 404
