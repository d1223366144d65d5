"""Access to a sender's personal data is itself logged (issue 12 item 3): an official shown
an item's contact details, an export holding them; not the sender reading their own item,
not an export without them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from nq57.core.models import AuditEvent
from nq57.feedback import services
from nq57.feedback.models import Field, Item
from nq57.orgs.models import Organization

pytestmark = pytest.mark.django_db
VIEWED, EXPORTED = "feedback.personal_data_viewed", "feedback.personal_data_exported"


@pytest.fixture
def routed(make_user: Callable[..., Any]) -> Item:
    from nq57.accounts.models import User

    sender = User.objects.create_user(username="citizen-logged", password=None)
    item = services.item_submit(
        sender,
        kind="feedback",
        field=Field.objects.create(code="lg", name_vi="Nhật ký", name_en="Log"),
        title="Đề nghị",
        content="Nội dung",
        contact_name="Vũ Thị Hoa",
        contact_phone="0987000111",
        identity_number="001203009999",
    )
    return services.item_route(
        make_user("BCDTW", "secretariat"),
        item=item,
        body=Organization.objects.get(code="BYT"),
        today=date.today(),
    )


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def logged(event: str) -> list[tuple[int | None, str, int]]:
    return list(
        AuditEvent.objects.filter(event=event).values_list("actor_id", "subject_type", "subject_id")
    )


def test_an_official_shown_the_senders_details_is_recorded(
    routed: Item, make_user: Callable[..., Any]
) -> None:
    handler = make_user("BYT", "reporter")
    page = signed_in(handler).get(f"/feedback/handle/{routed.tracking_code}/")
    assert "0987000111" in page.content.decode()
    assert logged(VIEWED) == [(handler.pk, "item", routed.pk)]
    signed_in(routed.sender).get(f"/feedback/mine/{routed.tracking_code}/")
    assert len(logged(VIEWED)) == 1  # the sender reading their own item is not recorded
    outsider = make_user("BTC", "approver")
    assert signed_in(outsider).get(f"/feedback/handle/{routed.tracking_code}/").status_code == 404
    assert len(logged(VIEWED)) == 1


def test_an_export_with_personal_data_is_recorded_once(
    routed: Item, make_user: Callable[..., Any]
) -> None:
    def export(user: Any) -> str:
        response = signed_in(user).get("/feedback/export.csv")
        return b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]

    secretariat = make_user("BCDTW", "secretariat")
    assert "0987000111" in export(secretariat)
    assert logged(EXPORTED) == [(secretariat.pk, "user", secretariat.pk)]
    assert "0987000111" not in export(make_user("BTC", "approver"))
    assert len(logged(EXPORTED)) == 1  # nothing personal in an outsider's export
