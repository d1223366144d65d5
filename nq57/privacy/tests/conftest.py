"""A citizen with items at two stages, the secretariat, an inspector and an official."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from nq57.accounts.models import User
from nq57.feedback import services as feedback
from nq57.feedback.models import Field, Item
from nq57.orgs.models import Organization

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def at(day: int, hour: int = 9, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=HANOI)


@pytest.fixture
def citizen(db: Any) -> User:
    return User.objects.create_user(
        username="vneid-0011", password=None, full_name="Phạm Văn Dũng", email="dung@example.vn"
    )


@pytest.fixture
def secretariat(make_user: Callable[..., User]) -> User:
    return make_user("BCDTW", "secretariat")


@pytest.fixture
def inspector(make_user: Callable[..., User]) -> User:
    return make_user("UBKTTW", "inspector")


@pytest.fixture
def official(make_user: Callable[..., User]) -> User:
    return make_user("BNV", "org_admin")


@pytest.fixture
def send(db: Any, secretariat: User, make_user: Callable[..., User]) -> Callable[..., Item]:
    """An item from `sender`, left open or answered."""
    field, _ = Field.objects.get_or_create(code="dl", name_vi="Dữ liệu", name_en="Data")

    def make(sender: User, *, answered: bool, title: str = "Thủ tục") -> Item:
        item = feedback.item_submit(
            sender,
            kind="feedback",
            field=field,
            title=title,
            content="Tôi là Phạm Văn Dũng, gọi 0912345678.",
            contact_name="Phạm Văn Dũng",
            contact_address="Số 3 Tràng Tiền",
            contact_phone="0912345678",
            contact_email="dung@example.vn",
            identity_number="001203004567",
            attachments=[SimpleUploadedFile("don.pdf", PDF, content_type="application/pdf")],
        )
        if not answered:
            return item
        bnv = Organization.objects.get(code="BNV")
        item = feedback.item_route(secretariat, item=item, body=bnv, today=date(2026, 11, 2))
        return feedback.item_answer(
            make_user("BNV", "approver"), item=item, text="Đã giải quyết.", publish=False
        )

    return make
