"""The data-sharing pages: the inbox (overdue first), a new request, answering (a refusal
without justification is refused on the page), the authority's decision (and nobody
else's), what another organisation gets (404), the public register (nothing secret in it)
and the exports; the inbox and the register run a fixed number of queries."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from nq57.accounts.models import User
from nq57.orgs.models import Organization
from nq57.registry.models import SharingRequest
from nq57.registry.sharing import services
from nq57.registry.sharing_rules import SharingState

from .sharing_world import JUSTIFICATION, World, build, refuse, submit

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 20)  # a Friday: a request of 2 March (due 16 March) is overdue
SECRET_DETAILS = "https://ndxp.gov.vn/khcn?key=BI-MAT-123"


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel("2026-03-20 09:00 +07:00", tick=False):
        yield


@pytest.fixture
def world() -> World:
    return build()


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def rows_of(response: Any) -> list[tuple[Any, ...]]:
    """The rows of the workbook a response streams."""
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


def url(name: str, *args: Any) -> str:
    return reverse(f"registry:{name}", args=args)


def test_the_inbox_lists_overdue_requests_first(world: World) -> None:
    fresh = submit(world, on=date(2026, 3, 18))
    overdue = submit(world, on=date(2026, 3, 2))
    answered = submit(world, on=date(2026, 3, 2))
    services.sharing_request_grant(world.provider, request=answered, connection_details="API")
    page = client_of(world.provider).get(url("sharing_inbox")).content.decode()
    positions = [page.index(f'data-request="{r.pk}"') for r in (overdue, fresh, answered)]
    assert positions == sorted(positions)
    assert "overdue" in page[positions[0] : positions[1]]
    # The requester's inbox holds none of them: they are in its requests sent.
    requester = client_of(world.requester)
    assert 'data-request="' not in requester.get(url("sharing_inbox")).content.decode()
    assert f'data-request="{fresh.pk}"' in requester.get(url("sharing_sent")).content.decode()


def test_a_new_request_is_sent_from_the_form(world: World) -> None:
    client = client_of(world.requester)
    form = client.get(url("sharing_new")).content.decode()
    # Another organisation's database is offered; one's own is not.
    assert "CSDL-KHCN" in form
    assert "CSDL-HN" not in form.replace("CSDL-KHCN", "")
    hanoi = Organization.objects.get(code="01")
    response = client.post(
        url("sharing_new"),
        {
            "requester": hanoi.pk,
            "database": world.database.pk,
            "fields_requested": "Mã nhà khoa học",
            "purpose": "Thẩm định đề tài",
            "legal_basis": "Luật Dữ liệu 2024",
        },
    )
    created = SharingRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("sharing_request", created.pk)
    assert (created.requester, created.provider.code) == (hanoi, "BKHCN")


def test_a_refusal_without_justification_is_refused_on_the_page(world: World) -> None:
    request = submit(world)
    response = client_of(world.provider).post(
        url("sharing_request", request.pk),
        {"action": "refuse", "refusal_basis": "state_secret", "refusal_justification": "  "},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_refusal_justification-errors"' in page
    assert "Write the justification of the refusal." in page
    request.refresh_from_db()
    assert request.state == SharingState.PENDING
    response = client_of(world.provider).post(
        url("sharing_request", request.pk),
        {"action": "refuse", "refusal_basis": "other", "refusal_justification": JUSTIFICATION},
    )
    assert "Cite the legal provision the refusal rests on." in response.content.decode()
    request.refresh_from_db()
    assert request.state == SharingState.PENDING


def test_the_provider_refuses_and_the_authority_overrules_on_the_pages(world: World) -> None:
    request = submit(world)
    provider = client_of(world.provider)
    provider.post(
        url("sharing_request", request.pk),
        {
            "action": "refuse",
            "refusal_basis": "personal_data",
            "refusal_justification": JUSTIFICATION,
        },
    )
    request.refresh_from_db()
    assert request.state == SharingState.REFUSED
    authority = client_of(world.authority)
    queue = authority.get(url("sharing_authority")).content.decode()
    assert f'data-request="{request.pk}"' in queue
    page = authority.get(url("sharing_request", request.pk)).content.decode()
    assert 'id="decide-form"' in page
    # No reason: refused on the field.
    response = authority.post(
        url("sharing_request", request.pk), {"action": "decide", "decision": "overruled"}
    )
    assert "Give the reason for the decision." in response.content.decode()
    authority.post(
        url("sharing_request", request.pk),
        {"action": "decide", "decision": "overruled", "decision_reason": "Phải chia sẻ"},
    )
    request.refresh_from_db()
    assert request.state == SharingState.OVERRULED
    # The provider now may only grant.
    page = provider.get(url("sharing_request", request.pk)).content.decode()
    assert 'id="grant-form"' in page
    assert 'id="refuse-form"' not in page
    provider.post(
        url("sharing_request", request.pk),
        {"action": "grant", "connection_details": SECRET_DETAILS},
    )
    request.refresh_from_db()
    assert request.state == SharingState.GRANTED
    # The timeline tells every step.
    timeline = provider.get(url("sharing_request", request.pk)).content.decode()
    for words in ("requested data", "refused request", "overruled the refusal", "granted"):
        assert words in timeline


def test_nobody_but_the_authority_decides_on_the_page(world: World) -> None:
    request = refuse(world, submit(world))
    decision = {"action": "decide", "decision": "overruled", "decision_reason": "Lý do"}
    for user in (world.provider, world.requester, world.secretariat, world.authority_reporter):
        assert client_of(user).post(url("sharing_request", request.pk), decision).status_code == 403
    assert (
        client_of(world.stranger).post(url("sharing_request", request.pk), decision).status_code
        == 404
    )
    request.refresh_from_db()
    assert request.state == SharingState.REFUSED


def test_another_organisations_request_answers_404(world: World) -> None:
    request = submit(world)
    assert client_of(world.stranger).get(url("sharing_request", request.pk)).status_code == 404
    # Before a refusal or an escalation, the authority has nothing to see either.
    assert client_of(world.authority).get(url("sharing_request", request.pk)).status_code == 404
    assert client_of(world.requester).get(url("sharing_request", request.pk)).status_code == 200
    assert client_of(world.provider).get(url("sharing_request", request.pk)).status_code == 200
    assert client_of(world.requester).get(url("sharing_request", 999999)).status_code == 404


def test_connection_details_are_seen_by_the_two_organisations_only(world: World) -> None:
    request = refuse(world, submit(world))
    services.sharing_refusal_decide(
        world.authority, request=request, decision="overruled", reason="Phải chia sẻ"
    )
    services.sharing_request_grant(
        world.provider, request=request, connection_details=SECRET_DETAILS
    )
    for user in (world.provider, world.requester):
        assert (
            SECRET_DETAILS
            in client_of(user).get(url("sharing_request", request.pk)).content.decode()
        )
    for user in (world.authority, world.secretariat, world.inspector):
        page = client_of(user).get(url("sharing_request", request.pk))
        assert page.status_code == 200
        assert "BI-MAT-123" not in page.content.decode()


def test_the_public_register_shows_refusals_and_hides_what_it_must(world: World) -> None:
    request = refuse(world, submit(world))
    services.sharing_refusal_decide(
        world.authority, request=request, decision="upheld", reason="Đúng quy định bảo vệ dữ liệu"
    )
    services.sharing_request_grant(
        world.provider, request=submit(world), connection_details=SECRET_DETAILS
    )
    other = services.sharing_request_refuse(
        world.provider,
        request=submit(world),
        basis="other",
        citation="Khoản 2 Điều 18 Luật Dữ liệu 2024",
        justification=JUSTIFICATION,
    )
    anonymous = Client()
    response = anonymous.get(url("sharing_refusals"))
    assert response.status_code == 200
    page = response.content.decode()
    assert JUSTIFICATION in page
    assert "Khoản 2 Điều 18 Luật Dữ liệu 2024" in page
    assert "Đúng quy định bảo vệ dữ liệu" in page
    assert "Personal data protection law" in page
    assert other.code in page
    assert request.code in page
    assert 'id="register-leaves-out"' in page
    for hidden in (
        "BI-MAT-123",
        "Mã nhà khoa học",  # the fields asked for
        "Xét duyệt hồ sơ đề tài",  # the purpose
        world.provider.get_full_name() or "Provider Reporter",
        "Provider Reporter",
        "Bca Approver",
        "Hanoi Reporter",
    ):
        assert hidden not in page, hidden
    cells = [
        str(c) for row in rows_of(anonymous.get(url("sharing_refusals_export"))) for c in row if c
    ]
    assert JUSTIFICATION in cells
    assert not [c for c in cells if "BI-MAT" in c or "Mã nhà khoa học" in c or "Reporter" in c]


def test_the_inbox_export_is_for_people(world: World) -> None:
    submit(world)
    response = client_of(world.provider).get(url("sharing_inbox_export"))
    rows = rows_of(response)
    assert rows[0][0] == "Request"
    assert rows[1][2] == "Hà Nội City"  # the page's language, English in the tests
    assert rows[1][5].date() == date(2026, 3, 16)
    assert rows[1][6] == "Awaiting the provider's answer"


def test_the_inbox_and_the_register_run_a_fixed_number_of_queries(
    world: World, django_assert_num_queries: Any
) -> None:
    def refuse_one() -> None:
        refuse(world, submit(world))

    refuse_one()
    provider, anonymous = client_of(world.provider), Client()
    measured = {}
    for name, client in (("sharing_inbox", provider), ("sharing_refusals", anonymous)):
        client.get(url(name))  # the session's first queries
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(name)).status_code == 200
        measured[name] = len(queries)
    for _ in range(6):
        refuse_one()
        submit(world)
    assert measured == {"sharing_inbox": INBOX_QUERIES, "sharing_refusals": REGISTER_QUERIES}
    with django_assert_num_queries(INBOX_QUERIES):
        provider.get(url("sharing_inbox"))
    with django_assert_num_queries(REGISTER_QUERIES):
        anonymous.get(url("sharing_refusals"))


# The session, the user and their memberships, the menu's count, the page's count and rows.
INBOX_QUERIES = 10
# The count and the rows, nothing else: the register reads plain values.
REGISTER_QUERIES = 2
