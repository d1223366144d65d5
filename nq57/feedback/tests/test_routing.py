"""Routing suggestions and duplicates: measured on a held-out part of the project's sample,
the same with and without accents, shown to the secretariat; a merged item's sender is told
the answer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from nq57.accounts.models import User
from nq57.core.text import fold_accents
from nq57.feedback import routing, services
from nq57.feedback.models import Field, Item
from nq57.feedback.sample import held_out_accuracy, routing_sample
from nq57.orgs.models import Organization

pytestmark = pytest.mark.django_db


def test_held_out_accuracy_is_reported_and_high_enough() -> None:
    found = held_out_accuracy()
    assert found["tested"] == 120
    assert found["top1"] >= 0.8
    assert found["top3"] >= 0.95


def test_accents_do_not_matter() -> None:
    pairs = list(routing_sample())
    router = routing.Router([t for t, _ in pairs], [b for _, b in pairs])
    text = "Đề nghị cấp giấy chứng nhận quyền sử dụng đất trực tuyến"
    with_accents = [s.body for s in router.suggest(text)]
    without = [s.body for s in router.suggest(fold_accents(text))]
    assert with_accents == without
    assert with_accents[0] == "BNNMT"


def submit(sender: Any, field: Field, title: str, content: str) -> Item:
    return services.item_submit(
        sender,
        kind="feedback",
        field=field,
        title=title,
        content=content,
        contact_name="Hoa",
        contact_email=f"{sender.username}@example.vn",
    )


def test_the_secretariat_sees_suggestions_and_merges_a_duplicate(
    make_user: Callable[..., Any], django_capture_on_commit_callbacks: Any
) -> None:
    field = Field.objects.create(code="yt", name_vi="Y tế", name_en="Health")
    first = submit(
        User.objects.create_user(username="h1", password=None),
        field,
        "Đơn thuốc điện tử",
        "Đề nghị cho phép dùng đơn thuốc điện tử ở mọi bệnh viện.",
    )
    second = submit(
        User.objects.create_user(username="h2", password=None),
        field,
        "Don thuoc dien tu",
        "De nghi cho phep dung don thuoc dien tu o moi benh vien.",
    )
    secretariat = make_user("BCDTW", "secretariat")
    client = Client()
    client.force_login(secretariat)
    page = client.get(f"/feedback/handle/{second.tracking_code}/").content.decode()
    assert '<li data-body="BYT">' in page.split('id="suggestions"')[1]
    assert first.tracking_code in page.split('id="similar"')[1]
    client.post(
        f"/feedback/handle/{second.tracking_code}/",
        {"action": "merge", "into": first.tracking_code},
    )
    second.refresh_from_db()
    assert (second.status, second.duplicate_of) == ("merged", first)

    first = services.item_route(
        secretariat, item=first, body=Organization.objects.get(code="BYT"), today=date.today()
    )
    with django_capture_on_commit_callbacks(execute=True):
        handler = make_user("BYT", "reporter")
        services.item_answer(handler, item=first, text="Đã áp dụng.", publish=True)
    assert sorted(m.to[0] for m in mail.outbox) == ["h1@example.vn", "h2@example.vn"]
    merged = Client()
    merged.force_login(second.sender)
    page = merged.get(f"/feedback/mine/{second.tracking_code}/").content.decode()
    assert "Đã áp dụng." in page
