"""The services of data sharing: submit, grant, refuse (justified or refused), the competent
authority's uphold and overrule (and nobody else's), their audit and notices."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from nq57.core.audit import history_of
from nq57.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from nq57.notices.models import Notice
from nq57.orgs.models import Organization
from nq57.registry.models import SharingRequest
from nq57.registry.sharing import services
from nq57.registry.sharing_rules import SharingState

from .sharing_world import JUSTIFICATION, MONDAY, World, build, refuse, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build()


def told(user_id: int | None, kind: str) -> int:
    return Notice.objects.filter(recipient_id=user_id, kind=kind).count()


def test_a_request_is_due_in_ten_working_days_and_told_to_the_provider(world: World) -> None:
    request = submit(world)
    assert request.state == SharingState.PENDING
    assert request.provider.code == "BKHCN"
    assert request.authority.code == "BCA"
    assert request.due_on == date(2026, 3, 16)
    assert request.submitted_by_id == world.requester.pk
    assert [e.event for e in history_of(request)] == ["sharing.submitted"]
    assert told(world.provider.pk, "sharing.received") == 1
    assert told(world.requester.pk, "sharing.received") == 0


def test_the_deadline_skips_weekends_and_holidays(world: World, settings: object) -> None:
    # 30 April and 1 May 2026 are public holidays (Thursday and Friday).
    request = submit(world, on=date(2026, 4, 27))
    assert request.due_on == date(2026, 5, 13)


def test_only_the_requesting_side_asks_and_not_for_its_own_database(world: World) -> None:
    hanoi = Organization.objects.get(code="01")
    with pytest.raises(NotPermitted):
        services.sharing_request_submit(
            world.stranger,
            database=world.database,
            requester=hanoi,
            fields_requested="a",
            purpose="b",
            legal_basis="c",
        )
    with pytest.raises(ValidationFailed) as failure:
        services.sharing_request_submit(
            world.requester,
            database=world.own_database,
            requester=hanoi,
            fields_requested="a",
            purpose=" ",
            legal_basis="c",
        )
    assert set(failure.value.fields) == {"database", "purpose"}
    assert not SharingRequest.objects.exists()


def test_the_provider_grants_with_connection_details(world: World) -> None:
    request = submit(world)
    with pytest.raises(ValidationFailed) as failure:
        services.sharing_request_grant(world.provider, request=request, connection_details=" ")
    assert "connection_details" in failure.value.fields
    granted = services.sharing_request_grant(
        world.provider,
        request=request,
        connection_details="https://ndxp.gov.vn/khcn — khoá API cấp qua NDXP",
        on=date(2026, 3, 5),
    )
    assert granted.state == SharingState.GRANTED
    assert (granted.answered_on, granted.granted_on) == (date(2026, 3, 5), date(2026, 3, 5))
    # The audit trail, which the authority reads, does not keep the details.
    assert "ndxp" not in str([e.data for e in history_of(granted)])
    assert told(world.requester.pk, "sharing.granted") == 1
    with pytest.raises(InvalidTransition):
        refuse(world, granted)


@pytest.mark.parametrize(
    ("basis", "citation", "justification", "field"),
    [
        ("personal_data", "", "", "refusal_justification"),
        ("personal_data", "", "   \n\t ", "refusal_justification"),
        ("state_secret", "", "Bí mật.", "refusal_justification"),
        ("", "", JUSTIFICATION, "refusal_basis"),
        ("other", "", JUSTIFICATION, "refusal_citation"),
    ],
)
def test_a_refusal_without_basis_or_justification_is_refused(
    world: World, basis: str, citation: str, justification: str, field: str
) -> None:
    request = submit(world)
    with pytest.raises(ValidationFailed) as failure:
        services.sharing_request_refuse(
            world.provider,
            request=request,
            basis=basis,
            citation=citation,
            justification=justification,
        )
    assert field in failure.value.fields
    request.refresh_from_db()
    assert request.state == SharingState.PENDING
    assert request.answered_on is None
    assert [e.event for e in history_of(request)] == ["sharing.submitted"]


def test_the_database_refuses_an_unjustified_refusal_too(world: World) -> None:
    request = submit(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        SharingRequest.objects.filter(pk=request.pk).update(state=SharingState.REFUSED)


def test_a_refusal_goes_to_the_authority_and_the_requester(world: World) -> None:
    refused = refuse(world, submit(world))
    assert refused.state == SharingState.REFUSED
    assert refused.refusal_justification == JUSTIFICATION
    assert told(world.authority.pk, "sharing.to_decide") == 1
    assert told(world.requester.pk, "sharing.refused") == 1
    # The authority's reporter does not decide, so is not told to.
    assert told(world.authority_reporter.pk, "sharing.to_decide") == 0


def test_only_the_providing_side_answers(world: World) -> None:
    request = submit(world)
    for outsider in (world.requester, world.stranger, world.secretariat, world.authority):
        with pytest.raises(NotPermitted):
            services.sharing_request_grant(outsider, request=request, connection_details="x")
        with pytest.raises(NotPermitted):
            services.sharing_request_refuse(
                outsider, request=request, basis="personal_data", justification=JUSTIFICATION
            )
    with pytest.raises(NotPermitted):  # a viewer reads, does not answer
        services.sharing_request_grant(
            world.provider_viewer, request=request, connection_details="x"
        )


def test_the_authority_upholds_a_refusal_with_a_reason(world: World) -> None:
    refused = refuse(world, submit(world))
    with pytest.raises(ValidationFailed) as failure:
        services.sharing_refusal_decide(
            world.authority, request=refused, decision="upheld", reason="  "
        )
    assert "decision_reason" in failure.value.fields
    upheld = services.sharing_refusal_decide(
        world.authority,
        request=refused,
        decision="upheld",
        reason="Dữ liệu cá nhân nhạy cảm, chưa có căn cứ chia sẻ.",
        on=date(2026, 3, 10),
    )
    assert upheld.state == SharingState.UPHELD
    assert (upheld.decided_by_id, upheld.decided_on) == (world.authority.pk, date(2026, 3, 10))
    assert told(world.provider.pk, "sharing.upheld") == 1
    with pytest.raises(InvalidTransition):
        services.sharing_request_grant(world.provider, request=upheld, connection_details="x")


def test_the_authority_overrules_and_the_provider_must_grant(world: World) -> None:
    refused = refuse(world, submit(world), on=date(2026, 3, 4))
    overruled = services.sharing_refusal_decide(
        world.authority,
        request=refused,
        decision="overruled",
        reason="Dữ liệu không thuộc danh mục bí mật nhà nước; chia sẻ theo Luật Dữ liệu.",
        on=date(2026, 3, 9),
    )
    assert overruled.state == SharingState.OVERRULED
    assert overruled.grant_due_on == date(2026, 3, 23)
    assert told(world.provider.pk, "sharing.overruled") == 1
    # Overruled, the provider cannot refuse again; it grants.
    with pytest.raises(InvalidTransition):
        refuse(world, overruled)
    granted = services.sharing_request_grant(
        world.provider, request=overruled, connection_details="API NDXP", on=date(2026, 3, 12)
    )
    assert granted.state == SharingState.GRANTED
    # The first answer (the refusal) and the overrule are kept.
    assert granted.answered_on == date(2026, 3, 4)
    assert granted.decision == "overruled"
    assert [e.event for e in history_of(granted)] == [
        "sharing.submitted",
        "sharing.refused",
        "sharing.overruled",
        "sharing.granted",
    ]


def test_nobody_but_the_authoritys_deciders_decides(world: World) -> None:
    refused = refuse(world, submit(world))
    for other in (
        world.provider,
        world.requester,
        world.stranger,
        world.secretariat,
        world.inspector,
        world.authority_reporter,
    ):
        for decision in ("upheld", "overruled"):
            with pytest.raises(NotPermitted):
                services.sharing_refusal_decide(
                    other, request=refused, decision=decision, reason="Lý do"
                )
    refused.refresh_from_db()
    assert refused.state == SharingState.REFUSED
    assert refused.decision == ""


def test_a_pending_request_cannot_be_decided(world: World) -> None:
    with pytest.raises(InvalidTransition):
        services.sharing_refusal_decide(
            world.authority, request=submit(world), decision="overruled", reason="Lý do"
        )
    assert MONDAY.weekday() == 0
