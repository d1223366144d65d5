"""Citizens rate answers and support published items; the bodies' league table."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from nq57.accounts.models import User
from nq57.core.errors import InvalidTransition, NotPermitted
from nq57.feedback import selectors, services
from nq57.feedback.models import Field, Item, Rating
from nq57.orgs.models import Organization

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def handled(make_user: Callable[..., Any]) -> list[Item]:
    field = Field.objects.create(code="x", name_vi="X", name_en="X")
    sender = User.objects.create_user(username="s1", password=None)
    secretariat = make_user("BCDTW", "secretariat")
    handler = make_user("BKHCN", "reporter")
    items = []
    for n, answered_on in enumerate([date(2025, 9, 12), date(2025, 10, 20), None]):
        item = services.item_submit(
            sender,
            kind="feedback",
            field=field,
            title=f"Mục {n}",
            content="…",
            contact_name="A",
            contact_email="a@example.vn",
        )
        item = services.item_route(
            secretariat,
            item=item,
            body=Organization.objects.get(code="BKHCN"),
            today=date(2025, 9, 8),
        )
        if answered_on:
            item = services.item_answer(
                handler,
                item=item,
                text="Trả lời",
                publish=True,
                now=datetime.combine(answered_on, datetime.min.time(), tzinfo=VN),
            )
        items.append(item)
    return items


def test_the_sender_rates_and_others_support_once(handled: list[Item]) -> None:
    answered, pending = handled[0], handled[2]
    services.item_rate(answered.sender, item=answered, resolved=True, satisfaction=4)
    services.item_rate(answered.sender, item=answered, resolved=False, satisfaction=2)  # changed
    rating = Rating.objects.get(item=answered)
    assert (rating.resolved, rating.satisfaction) == (False, 2)
    someone = User.objects.create_user(username="s2", password=None)
    with pytest.raises(NotPermitted):
        services.item_rate(someone, item=answered, resolved=True, satisfaction=5)
    with pytest.raises(InvalidTransition):
        services.item_rate(pending.sender, item=pending, resolved=True, satisfaction=5)
    assert services.item_support(someone, item=answered) is True
    assert services.item_support(someone, item=answered) is False  # once per account
    client = Client()
    client.force_login(someone)
    client.post(f"/feedback/items/{answered.tracking_code}/support/")
    page = client.get(f"/feedback/items/{answered.tracking_code}/").content.decode()
    assert 'id="support-count">1 supporter' in page


def test_the_league_table(handled: list[Item]) -> None:
    services.item_rate(handled[0].sender, item=handled[0], resolved=True, satisfaction=4)
    services.item_rate(handled[1].sender, item=handled[1], resolved=False, satisfaction=2)
    [row] = selectors.body_stats(date(2025, 11, 1))
    # Due 29/09/2025 (15 working days from 08/09): one answer on time, one late, one overdue.
    assert (row.code, row.received, row.answered, row.answered_on_time) == ("BKHCN", 3, 2, 1)
    assert row.overdue_now == 1
    assert row.median_days == (4 + 42) / 2
    assert row.satisfaction == 3.0
    assert row.on_time_rate == 50.0
    api = Client().get("/api/v1/feedback/stats/").json()
    assert api[0]["code"] == "BKHCN"
    assert api[0]["answered_on_time"] == 1
    page = Client().get("/feedback/stats/").content.decode()
    assert 'data-body="BKHCN"' in page


@pytest.mark.parametrize("score", ["abc", "", "9" * 40, "٣", "-1", "6"])
def test_a_score_that_is_not_one_to_five_is_refused_by_its_rule(
    handled: list[Item], score: str
) -> None:
    answered = handled[0]
    client = Client()
    client.force_login(answered.sender)
    response = client.post(
        f"/feedback/mine/{answered.tracking_code}/rate/",
        {"resolved": "yes", "satisfaction": score},
        follow=True,
    )
    assert response.status_code == 200
    assert not Rating.objects.filter(item=answered).exists()
    shown = [str(message) for message in response.context["messages"]]
    assert shown == ["Choose from 1 to 5."]
