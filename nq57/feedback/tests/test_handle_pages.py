"""The officials' pages: the secretariat sorts and routes, the body accepts and answers, the
sender sees the answer; other bodies see nothing of it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from nq57.accounts.models import User
from nq57.feedback import services
from nq57.feedback.models import Field, Item
from nq57.orgs.models import Organization

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def item(db: Any) -> Item:
    field = Field.objects.create(code="cds", name_vi="Chuyển đổi số", name_en="Digital")
    sender = User.objects.create_user(username="dan", password=None)
    return services.item_submit(
        sender,
        kind="recommendation",
        field=field,
        title="Ký số trên điện thoại",
        content="Đề nghị cho phép ký số trên điện thoại cho mọi thủ tục.",
        contact_name="Đỗ Thị Em",
        contact_email="em@example.vn",
    )


def test_route_accept_answer_through_the_pages(item: Item, make_user: Callable[..., Any]) -> None:
    secretariat = signed_in(make_user("BCDTW", "secretariat"))
    queue = secretariat.get("/feedback/handle/").content.decode()
    assert item.tracking_code in queue
    url = f"/feedback/handle/{item.tracking_code}/"
    assert "Đỗ Thị Em" in secretariat.get(url).content.decode()  # the sorter sees the sender
    secretariat.post(url, {"action": "route", "body": "BKHCN", "field": item.field_id})
    item.refresh_from_db()
    assert (item.status, item.body.code) == ("routed", "BKHCN")  # type: ignore[union-attr]

    stranger = signed_in(make_user("BTC", "approver"))
    assert stranger.get(url).status_code == 404
    assert item.tracking_code not in stranger.get("/feedback/handle/").content.decode()

    body = signed_in(make_user("BKHCN", "reporter"))
    assert item.tracking_code in body.get("/feedback/handle/").content.decode()
    body.post(url, {"action": "accept"})
    answer = {"action": "answer", "answer": "Gửi bà Đỗ Thị Em: đã triển khai.", "publish": "on"}
    body.post(url, answer)
    item.refresh_from_db()
    assert item.status == "answered"
    assert "Đỗ Thị Em" not in item.public_answer

    sender = signed_in(item.sender)
    page = sender.get(f"/feedback/mine/{item.tracking_code}/").content.decode()
    assert "đã triển khai" in page
    assert "Bảng điều hành" not in page
    assert "Dashboard" not in page


def test_a_refusal_needs_its_reason_on_the_page(item: Item, make_user: Callable[..., Any]) -> None:
    secretariat = signed_in(make_user("BCDTW", "secretariat"))
    url = f"/feedback/handle/{item.tracking_code}/"
    response = secretariat.post(url, {"action": "refuse", "reason": ""})
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status == "received"
    secretariat.post(url, {"action": "refuse", "reason": "Khiếu nại cá nhân"})
    item.refresh_from_db()
    assert item.status == "refused"


def test_exports_leave_personal_data_out_unless_the_user_may_see_it(
    item: Item, make_user: Callable[..., Any]
) -> None:
    secretariat = make_user("BCDTW", "secretariat")
    services.item_route(
        secretariat,
        item=item,
        body=Organization.objects.get(code="BKHCN"),
        today=date.today(),
    )
    services.item_answer(make_user("BKHCN", "approver"), item=item, text="Xong.", publish=True)

    def export(user: Any) -> str:
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.get("/feedback/export.csv")
        return b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]

    assert "em@example.vn" in export(secretariat)
    assert "em@example.vn" in export(make_user("BKHCN", "reporter"))  # the body that answered
    for outsider in (make_user("BTC", "approver"), None):
        text = export(outsider)
        assert item.tracking_code in text  # published
        assert "em@example.vn" not in text
        assert "Đỗ Thị Em" not in text
