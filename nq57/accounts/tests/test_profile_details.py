"""One's contact details on the profile page: saved for oneself only, audited with what
changed, refused field by field when wrong, never a 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from nq57.accounts.models import User
from nq57.accounts.services import profile_update
from nq57.core.errors import NotPermitted
from nq57.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_one_saves_ones_own_details_audited(make_user: Callable[..., User]) -> None:
    me = make_user("BKHCN", "reporter")
    client = Client()
    client.force_login(me)
    page = client.get("/account/").content.decode()
    assert 'id="details"' in page
    sent = client.post(
        "/account/details/",
        {
            "full_name": "  Nguyễn   Thị Hoa ",
            "position": "Chuyên viên Vụ Kế hoạch",
            "phone": "024 3825 2222",
            "email": "hoa@most.gov.vn",
        },
    )
    assert sent.status_code == 302
    me.refresh_from_db()
    assert (me.full_name, me.position, me.phone, me.email) == (
        "Nguyễn Thị Hoa",
        "Chuyên viên Vụ Kế hoạch",
        "024 3825 2222",
        "hoa@most.gov.vn",
    )
    event = AuditEvent.objects.get(event="profile.updated", subject_id=me.pk)
    assert event.actor_id == me.pk
    assert event.changes["phone"] == ["", "024 3825 2222"]


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [
        ("phone", "gọi tôi", "Work phone"),
        ("email", "not-an-address", "E-mail"),
        ("full_name", "   ", "Full name"),
        ("phone", "1" * 40, "Work phone"),
    ],
)
def test_wrong_details_are_refused_by_field_and_nothing_saved(
    make_user: Callable[..., User], field: str, value: str, label: str
) -> None:
    me = make_user("BKHCN", "reporter")
    client = Client()
    client.force_login(me)
    body: dict[str, Any] = {
        "full_name": "Hoa",
        "position": "",
        "phone": "",
        "email": "",
        field: value,
    }
    answer = client.post("/account/details/", body, follow=True)
    assert answer.status_code == 200
    assert label in answer.content.decode()
    assert not AuditEvent.objects.filter(event="profile.updated").exists()


def test_nobody_changes_anothers_details(make_user: Callable[..., User]) -> None:
    me, other = make_user("BKHCN", "reporter"), make_user("BKHCN", "reporter")
    with pytest.raises(NotPermitted):
        profile_update(me, user=other, full_name="X", position="", phone="", email="")
