"""Creating, moving and closing organisations: through the services, the admin included, so
every organisation has its place in the tree and every change is audited."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from nq57.accounts.models import User
from nq57.core.actors import SYSTEM
from nq57.core.errors import NotPermitted, ValidationFailed
from nq57.core.models import AuditEvent
from nq57.orgs import services
from nq57.orgs.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(db: Any) -> tuple[Client, User]:
    superuser = User.objects.create_superuser("root", "root@example.org", "x")
    client = Client()
    client.force_login(superuser)
    return client, superuser


def events_of(org: Organization) -> list[str]:
    return list(
        AuditEvent.objects.filter(subject_type="organization", subject_id=org.pk)
        .order_by("pk")
        .values_list("event", flat=True)
    )


def test_an_organisation_without_a_correct_path_cannot_be_stored() -> None:
    for path in ("", "/", "/BKHCN/"):
        with pytest.raises(IntegrityError), transaction.atomic():
            Organization.objects.create(
                code="X1", name_vi="X", kind="unit", group="central", path=path
            )


def test_an_organisation_made_in_the_admin_gets_its_place_and_is_audited(
    admin_client: tuple[Client, User],
) -> None:
    client, _superuser = admin_client
    bkhcn = Organization.objects.get(code="BKHCN")
    response = client.post(
        "/admin/orgs/organization/add/",
        {
            "code": "CDS",
            "name_vi": "Cục Chuyển đổi số",
            "name_en": "",
            "kind": "unit",
            "parent": bkhcn.pk,
        },
    )
    assert response.status_code == 302
    unit = Organization.objects.get(code="CDS")
    assert (unit.path, unit.depth, unit.group) == ("/BKHCN/CDS/", 1, "central")
    assert events_of(unit) == ["org.created"]


def test_the_admin_moves_through_the_service_and_refuses_a_cycle(
    admin_client: tuple[Client, User],
) -> None:
    client, superuser = admin_client
    unit = services.org_create(
        superuser,
        code="CDS",
        name_vi="Cục",
        kind="unit",
        parent=Organization.objects.get(code="BKHCN"),
    )
    team = services.org_create(superuser, code="CDS-1", name_vi="Phòng", kind="unit", parent=unit)
    response = client.post(
        f"/admin/orgs/organization/{unit.pk}/change/",
        {"name_vi": "Cục", "name_en": "", "parent": Organization.objects.get(code="BTC").pk},
    )
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.path == "/BTC/CDS/CDS-1/"
    assert team.depth == 2
    assert events_of(unit) == ["org.created", "org.moved"]
    cycle = client.post(
        f"/admin/orgs/organization/{unit.pk}/change/",
        {"name_vi": "Cục", "name_en": "", "parent": team.pk},
    )
    assert cycle.status_code == 200  # the form again, with the error
    assert Organization.objects.get(pk=unit.pk).path == "/BTC/CDS/"


def test_moving_a_unit_under_a_province_makes_it_local_with_its_subtree() -> None:
    unit = services.org_create(
        SYSTEM,
        code="U1",
        name_vi="Đơn vị",
        kind="unit",
        parent=Organization.objects.get(code="BKHCN"),
    )
    below = services.org_create(SYSTEM, code="U1A", name_vi="Phòng", kind="unit", parent=unit)
    services.org_move(SYSTEM, org=unit, parent=Organization.objects.get(code="01"))
    below.refresh_from_db()
    assert (below.path, below.group) == ("/01/U1/U1A/", "local")
    with pytest.raises(ValidationFailed):
        services.org_move(SYSTEM, org=unit, parent=below)


def test_closing_keeps_the_organisation_and_is_audited_and_refused_to_others(
    admin_client: tuple[Client, User],
) -> None:
    client, superuser = admin_client
    unit = services.org_create(
        superuser,
        code="U2",
        name_vi="Đơn vị",
        kind="unit",
        parent=Organization.objects.get(code="BKHCN"),
    )
    reader = User.objects.create_user("reader", password=None)
    with pytest.raises(NotPermitted):
        services.org_close(reader, org=unit, on=date(2026, 1, 1))
    with pytest.raises(ValidationFailed):  # open organisations below it
        services.org_close(
            superuser, org=Organization.objects.get(code="BKHCN"), on=date(2026, 1, 1)
        )
    client.post(
        "/admin/orgs/organization/",
        {"action": "close_organisations", "_selected_action": [unit.pk]},
    )
    unit.refresh_from_db()
    assert not unit.is_active
    assert unit.closed_on is not None
    assert events_of(unit) == ["org.created", "org.closed"]
    assert client.post(f"/admin/orgs/organization/{unit.pk}/delete/").status_code == 403


def test_a_closed_organisation_receives_no_new_task(make_task: Any) -> None:
    unit = services.org_create(
        SYSTEM,
        code="U3",
        name_vi="Đơn vị",
        kind="unit",
        parent=Organization.objects.get(code="BKHCN"),
    )
    make_task(lead="U3", assigned_by="BCDTW")
    services.org_close(SYSTEM, org=unit, on=date(2026, 1, 1))
    with pytest.raises(ValidationFailed) as refused:
        make_task(lead="U3", assigned_by="BCDTW")
    assert "lead_org" in refused.value.fields
