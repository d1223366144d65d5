"""An item's moves go through the audit trail like every other app's; its public history is a
view over them: the same words as before, no names or reasons, a bounded number of queries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from nq57.core import audit
from nq57.core.actors import SYSTEM
from nq57.feedback import events, selectors, services
from nq57.feedback.models import Field, Item
from nq57.orgs.models import Organization

pytestmark = pytest.mark.django_db
TODAY = date(2025, 9, 8)
REASON = "Thuộc Bộ Tài chính, gửi ông Lê Văn Cường 0911222333"


@pytest.fixture
def handled(make_user: Callable[..., Any]) -> Item:
    """Sent, routed to the wrong body, sent back with a reason, routed again, accepted,
    answered and published."""
    from nq57.accounts.models import User

    citizen = User.objects.create_user(username="citizen-9", password=None)
    field = Field.objects.create(code="tc", name_vi="Tài chính", name_en="Finance")
    secretariat = make_user("BCDTW", "secretariat")
    btc, bkhcn = make_user("BTC", "reporter"), make_user("BKHCN", "approver")
    item = services.item_submit(
        citizen,
        kind="feedback",
        field=field,
        title="Hóa đơn điện tử",
        content="Đề nghị thống nhất định dạng hóa đơn.",
        contact_name="Phạm Thu Hà",
        contact_phone="0900000001",
    )
    route = services.item_route
    item = route(secretariat, item=item, body=Organization.objects.get(code="BTC"), today=TODAY)
    item = services.item_decline(btc, item=item, reason=REASON)
    item = route(secretariat, item=item, body=Organization.objects.get(code="BKHCN"), today=TODAY)
    item = services.item_accept(bkhcn, item=item)
    return services.item_answer(bkhcn, item=item, text="Đã thống nhất.", publish=True)


def test_every_move_is_an_audit_event_with_its_body_and_reason(handled: Item) -> None:
    trail = list(audit.history_of(handled))
    assert [entry.event for entry in trail] == [
        "feedback.submitted",
        "feedback.routed",
        "feedback.declined",
        "feedback.routed",
        "feedback.accepted",
        "feedback.answered",
    ]
    btc = Organization.objects.get(code="BTC")
    assert trail[2].data == {"body": btc.pk, "reason": REASON}
    assert trail[0].actor_id == handled.sender_id
    assert trail[2].sentence.endswith(f"sent item {handled.tracking_code} back")


def test_the_public_history_says_what_it_said_before_and_nothing_personal(
    handled: Item,
) -> None:
    with translation.override("en"):
        sentences = [move.sentence for move in selectors.item_history(handled)]
    btc, bkhcn = (Organization.objects.get(code=code).name_en for code in ("BTC", "BKHCN"))
    assert sentences == [
        "Received",
        f"Sent to {btc}",
        f"{btc} said it is not theirs: back to sorting",
        f"Sent to {bkhcn}",
        f"Accepted by {bkhcn}",
        f"Answered by {bkhcn}",
    ]
    with translation.override("vi"):
        vietnamese = [move.sentence for move in selectors.item_history(handled)]
    assert vietnamese[1].endswith(Organization.objects.get(code="BTC").name_vi)
    page = Client().get(f"/feedback/track/?code={handled.tracking_code}").content.decode()
    for private in ("Lê Văn Cường", "0911222333", "Phạm Thu Hà", "reporter-BTC"):
        assert private not in page


def test_the_history_pages_run_the_same_queries_however_long_the_history(
    handled: Item, django_assert_num_queries: Any
) -> None:
    client, code = Client(), handled.tracking_code
    with django_assert_num_queries(2):  # the item, its history with the bodies' names
        client.get(f"/feedback/track/?code={code}")
    with django_assert_num_queries(3):  # and its supporters
        client.get(f"/feedback/items/{code}/")
    body = {"body": Organization.objects.get(code="BKHCN").pk}
    for _day in range(5):
        audit.record(SYSTEM, events.ITEM_REMINDED, subject=handled, data=body)
    with django_assert_num_queries(2):
        client.get(f"/feedback/track/?code={code}")
    with django_assert_num_queries(3):
        client.get(f"/feedback/items/{code}/")
