"""Initiatives: assessed by reviewers, decided by the body; adopted, one becomes a task in the
task core, linked both ways."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client

from nq57.accounts.models import User
from nq57.core.actors import SYSTEM
from nq57.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from nq57.feedback import services
from nq57.feedback.models import Field, Item
from nq57.orgs.models import Organization
from nq57.orgs.services import org_create
from nq57.tasks.models import Program

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiative(make_user: Callable[..., Any], program: Program) -> Item:
    field = Field.objects.create(code="dmst", name_vi="Đổi mới", name_en="Innovation")
    sender = User.objects.create_user(username="nhakhoahoc", password=None)
    item = services.item_submit(
        sender,
        kind="initiative",
        field=field,
        title="Sàn giao dịch công nghệ quốc gia",
        content="Xây dựng sàn kết nối viện, trường với doanh nghiệp.",
        contact_name="GS. K",
        contact_email="k@example.vn",
    )
    return services.item_route(
        make_user("BCDTW", "secretariat"),
        item=item,
        body=Organization.objects.get(code="BKHCN"),
        today=date(2025, 10, 1),
    )


@pytest.fixture
def unit() -> Organization:
    """A unit of the ministry: a body assigns an adopted initiative only below itself."""
    return org_create(
        SYSTEM,
        code="BKHCN-VUD",
        name_vi="Vụ Ứng dụng",
        kind="unit",
        parent=Organization.objects.get(code="BKHCN"),
    )


@time_machine.travel(date(2025, 10, 2), tick=False)  # adopted today, not back-dated
def test_assessed_then_adopted_into_a_task_linked_both_ways(
    initiative: Item, make_user: Callable[..., Any], program: Program, unit: Organization
) -> None:
    reviewer = make_user("BKHCN", "reporter")
    assessment = services.initiative_assess(
        reviewer, item=initiative, novelty=4, feasibility=3, impact=5, comment="Khả thi"
    )
    assert assessment.score == 4.0
    with pytest.raises(ValidationFailed):
        services.initiative_assess(reviewer, item=initiative, novelty=6, feasibility=3, impact=5)
    with pytest.raises(NotPermitted):  # a reporter does not decide
        services.initiative_decide(reviewer, item=initiative, adopt=True, today=date(2025, 10, 2))
    approver = make_user("BKHCN", "approver")
    with pytest.raises(ValidationFailed) as own:  # the ministry cannot assign to itself
        services.initiative_decide(
            approver,
            item=initiative,
            adopt=True,
            today=date(2025, 10, 2),
            program=program,
            deadline=date(2026, 6, 30),
        )
    assert "lead_org" in own.value.fields
    item = services.initiative_decide(
        approver,
        item=initiative,
        adopt=True,
        today=date(2025, 10, 2),
        program=program,
        lead_org=unit,
        deadline=date(2026, 6, 30),
        responsible_person="Vụ Ứng dụng",
        expected_product="Sàn",
    )
    task = item.task
    assert task is not None
    assert (task.code, task.title, task.lead_org.code) == (
        f"SK-{item.tracking_code[3:]}",
        "Sàn giao dịch công nghệ quốc gia",
        "BKHCN-VUD",
    )
    assert list(task.initiatives.all()) == [item]
    with pytest.raises(InvalidTransition):
        services.initiative_decide(approver, item=item, adopt=False, today=date(2025, 10, 3))
    client = Client()
    client.force_login(approver)
    page = client.get(f"/tasks/{task.pk}/").content.decode()
    assert item.tracking_code in page.split('id="from-initiative"')[1][:300]


def test_feedback_is_not_assessed(make_user: Callable[..., Any]) -> None:
    field = Field.objects.create(code="f", name_vi="F", name_en="F")
    sender = User.objects.create_user(username="x", password=None)
    item = services.item_submit(
        sender,
        kind="feedback",
        field=field,
        title="T",
        content="C",
        contact_name="N",
        contact_email="n@example.vn",
    )
    with pytest.raises(InvalidTransition):
        services.initiative_assess(
            make_user("BCDTW", "secretariat"), item=item, novelty=3, feasibility=3, impact=3
        )


def test_the_page_adopts_an_initiative(
    initiative: Item, make_user: Callable[..., Any], program: Program, unit: Organization
) -> None:
    client = Client()
    client.force_login(make_user("BKHCN", "approver"))
    url = f"/feedback/handle/{initiative.tracking_code}/"
    assert 'id="decide-form"' in client.get(url).content.decode()
    client.post(url, {"action": "adopt", "program": program.code, "deadline": ""})
    initiative.refresh_from_db()
    assert initiative.decision == ""  # a task needs its deadline: nothing decided
    adopt = {"action": "adopt", "program": program.code, "deadline": "2030-06-30"}
    client.post(url, adopt)
    initiative.refresh_from_db()
    assert initiative.decision == ""  # led by the ministry itself: refused
    client.post(url, {**adopt, "lead_org": unit.code})
    initiative.refresh_from_db()
    assert initiative.decision == "adopted"
    assert initiative.task is not None
