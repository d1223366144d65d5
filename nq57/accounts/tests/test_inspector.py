"""The inspection bodies' nation-wide read-only role: sees everything, changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from nq57.accounts.access import is_inspector, is_secretariat, scope_of
from nq57.accounts.choices import Role
from nq57.core.actors import SYSTEM
from nq57.core.errors import NotPermitted
from nq57.core.exchange import ImportRejected
from nq57.core.periods import parse_period
from nq57.feedback import services as feedback
from nq57.feedback.models import Field
from nq57.indicators.models import DataSet
from nq57.indicators.services import (
    catalogue_load,
    submission_approve,
    submission_submit,
    value_set,
)
from nq57.orgs.models import Organization
from nq57.tasks import services as tasks
from nq57.tasks.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspector(make_user: Callable[..., Any]) -> Any:
    return make_user("UBKTTW", Role.INSPECTOR)


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_inspector_sees_everything_but_holds_no_rights(inspector: Any) -> None:
    assert scope_of(inspector).everything
    assert is_inspector(inspector)
    assert not is_secretariat(inspector)


def test_an_inspector_sees_another_provinces_task_and_is_offered_nothing(
    inspector: Any, make_task: Callable[..., Task]
) -> None:
    task = make_task(lead="01", assigned_by="BCDTW")
    client = signed_in(inspector)
    page = client.get(reverse("tasks:detail", args=[task.pk]))
    assert page.status_code == 200
    assert task.title in page.content.decode()
    for action in ("report", "complete", "confirm", "edit"):
        assert reverse(f"tasks:{action}", args=[task.pk]) not in page.content.decode()
    assert client.get(reverse("tasks:list")).status_code == 200
    assert client.get(reverse("web:dashboard")).status_code == 200
    assert reverse("indicators:entry") not in client.get(reverse("web:dashboard")).content.decode()
    listed = client.get(reverse("tasks:export"))
    assert listed.status_code == 200


def test_an_inspector_cannot_report_request_confirm_or_assign(
    inspector: Any, make_task: Callable[..., Task], make_user: Callable[..., Any]
) -> None:
    task = make_task(lead="BKHCN", assigned_by="BCDTW")
    with pytest.raises(NotPermitted):
        tasks.progress_report_submit(
            inspector, task=task, reported_on=date(2025, 3, 1), percent=10, narrative="x"
        )
    with pytest.raises(NotPermitted):
        tasks.completion_request(inspector, task=task, links=["https://example.org/x"])
    tasks.completion_request(
        make_user("BKHCN", Role.REPORTER), task=task, links=["https://example.org/x"]
    )
    with pytest.raises(NotPermitted):
        tasks.completion_confirm(inspector, task=task)
    with pytest.raises(NotPermitted):
        tasks.task_create(
            inspector,
            program=task.program,
            code="NV-INSPECT",
            title="Giao thử",
            lead_org=Organization.objects.get(code="01"),
            assigned_by=Organization.objects.get(code="UBKTTW"),
            assigned_on=date(2025, 1, 15),
            kind="deadline",
            deadline=date(2025, 12, 31),
            responsible_person="A",
            expected_product="B",
            coordinating_orgs=[],
        )


def test_an_inspector_cannot_enter_a_value_or_approve_a_form(
    inspector: Any, make_user: Callable[..., Any]
) -> None:
    catalogue_load(SYSTEM)
    dataset = DataSet.objects.select_related("monitor").get(code="public_services")
    reporter = make_user("BKHCN", Role.REPORTER)
    with pytest.raises(ImportRejected, match="may not enter values"):
        value_set(inspector, element="records_total", org="BKHCN", period="202501", value=1)
    value_set(reporter, element="records_total", org="BKHCN", period="202501", value=100)
    form = submission_submit(
        reporter,
        dataset=dataset,
        org=Organization.objects.get(code="BKHCN"),
        period=parse_period("202501"),
        today=date(2025, 2, 5),
    )
    with pytest.raises(NotPermitted):
        submission_approve(inspector, submission=form, today=date(2025, 2, 6))


def test_an_inspector_cannot_route_a_feedback_item(inspector: Any) -> None:
    from nq57.accounts.models import User

    field = Field.objects.create(code="dvc", name_vi="Dịch vụ công", name_en="Public services")
    item = feedback.item_submit(
        User.objects.create_user(username="citizen-1", password=None),
        kind="recommendation",
        field=field,
        title="Đơn giản hóa thủ tục",
        content="Đề nghị bỏ bản giấy.",
        contact_name="Nguyễn Văn An",
        contact_phone="0912345678",
        now=datetime(2025, 9, 8, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    )
    with pytest.raises(NotPermitted):
        feedback.item_route(
            inspector, item=item, body=Organization.objects.get(code="BYT"), today=date(2025, 9, 9)
        )


def test_an_inspector_is_offered_no_entry_form(inspector: Any) -> None:
    catalogue_load(SYSTEM)
    page = signed_in(inspector).get(reverse("indicators:entry"), {"dataset": "public_services"})
    assert page.status_code == 200
    assert 'name="value-' not in page.content.decode()
    assert signed_in(inspector).get(reverse("indicators:overview")).status_code == 200
