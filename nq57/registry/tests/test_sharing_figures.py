"""sharing_figures: per provider as of a day, in one query, equal to counting each request
by hand; a past day's figures do not move with later steps."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nq57.core.actors import SYSTEM
from nq57.orgs.models import Organization
from nq57.registry.models import SharingRequest
from nq57.registry.services import database_save
from nq57.registry.sharing import services
from nq57.registry.sharing.selectors import SharingFigures, sharing_figures

from .sharing_world import World, build, official, refuse, submit

pytestmark = pytest.mark.django_db


def by_hand(as_of: date) -> dict[int, SharingFigures]:
    counts: dict[int, dict[str, int]] = {}
    for r in SharingRequest.objects.filter(submitted_on__lte=as_of):
        c = counts.setdefault(r.provider_id, dict.fromkeys(SharingFigures.__annotations__, 0))
        answered = r.answered_on is not None and r.answered_on <= as_of
        c["received"] += 1
        c["due"] += r.due_on <= as_of
        c["answered_on_time"] += r.due_on <= as_of and answered and r.answered_on <= r.due_on  # type: ignore[operator]
        c["answered"] += answered
        c["granted"] += r.granted_on is not None and r.granted_on <= as_of
        c["granted_at_once"] += answered and not r.refusal_basis
        c["refused"] += bool(r.refusal_basis) and answered
        c["refusals_overruled"] += (
            r.decision == "overruled" and r.decided_on is not None and r.decided_on <= as_of
        )
    return {org: SharingFigures(**c) for org, c in counts.items()}


@pytest.fixture
def history() -> World:
    """Requests to two providers: granted on time, granted late, refused and upheld,
    refused then overruled then granted, one pending."""
    world = build()
    first = submit(world, on=date(2026, 3, 2))  # due 16/03
    services.sharing_request_grant(
        world.provider, request=first, connection_details="API", on=date(2026, 3, 10)
    )
    late = submit(world, on=date(2026, 3, 2))
    services.sharing_request_grant(
        world.provider, request=late, connection_details="API", on=date(2026, 3, 20)
    )
    upheld = refuse(world, submit(world, on=date(2026, 3, 3)), on=date(2026, 3, 5))
    services.sharing_refusal_decide(
        world.authority, request=upheld, decision="upheld", reason="Đúng luật", on=date(2026, 3, 9)
    )
    overruled = refuse(world, submit(world, on=date(2026, 3, 4)), on=date(2026, 3, 6))
    services.sharing_refusal_decide(
        world.authority,
        request=overruled,
        decision="overruled",
        reason="Phải chia sẻ",
        on=date(2026, 3, 12),
    )
    services.sharing_request_grant(
        world.provider, request=overruled, connection_details="API", on=date(2026, 3, 18)
    )
    submit(world, on=date(2026, 3, 30))
    # Another provider: Hà Nội's own database, asked for by the Ministry of Finance.
    official("BTC", "reporter", "btc-reporter")
    hanoi_db, _ = database_save(
        SYSTEM, code="CSDL-HN2", name="Đất đai Hà Nội", kind="specialised",
        owner=Organization.objects.get(code="01"),
    )  # fmt: skip
    from nq57.accounts.models import User

    services.sharing_request_submit(
        User.objects.get(username="btc-reporter"),
        database=hanoi_db,
        requester=Organization.objects.get(code="BTC"),
        fields_requested="Thửa đất",
        purpose="Thuế",
        legal_basis="Luật Đất đai",
        on=date(2026, 3, 2),
    )
    return world


def test_the_figures_of_the_end_of_march(history: World) -> None:
    ministry = Organization.objects.get(code="BKHCN").pk
    figures = sharing_figures(date(2026, 3, 31))
    assert figures[ministry] == SharingFigures(
        received=5, due=4, answered_on_time=3, answered=4, granted=3, granted_at_once=2,
        refused=2, refusals_overruled=1,
    )  # fmt: skip
    hanoi = Organization.objects.get(code="01").pk
    assert figures[hanoi] == SharingFigures(received=1, due=1)


def test_the_figures_equal_counting_by_hand_on_every_day(history: World) -> None:
    day = date(2026, 3, 1)
    while day <= date(2026, 4, 20):
        assert sharing_figures(day) == by_hand(day), day
        day += timedelta(days=1)


def test_a_day_before_any_request_has_no_figures(history: World) -> None:
    assert sharing_figures(date(2026, 2, 28)) == {}


def test_one_query(history: World) -> None:
    with CaptureQueriesContext(connection) as queries:
        sharing_figures(date(2026, 3, 31))
    assert len(queries) == 1
