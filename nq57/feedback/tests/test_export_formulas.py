"""The citizens' feedback export writes formula-looking titles as inert text."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from nq57.accounts.models import User
from nq57.feedback import services
from nq57.feedback.models import Field

pytestmark = pytest.mark.django_db


def test_a_formula_title_is_neutralised_in_the_feedback_export(
    make_user: Callable[..., Any],
) -> None:
    field = Field.objects.create(code="cds", name_vi="Chuyển đổi số", name_en="Digital")
    sender = User.objects.create_user(username="dan", password=None)
    services.item_submit(
        sender,
        kind="recommendation",
        field=field,
        title='=HYPERLINK("http://evil.example/","Xem")',
        content="Đề nghị cho phép ký số trên điện thoại cho mọi thủ tục.",
        contact_name="-2+3",
        contact_email="em@example.vn",
    )
    client = Client()
    client.force_login(make_user("BCDTW", "secretariat"))
    response = client.get("/feedback/export.csv")
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    # The page's export is for people: its header is the labels (in English here).
    assert rows[0]["Title"] == '\'=HYPERLINK("http://evil.example/","Xem")'
    assert rows[0]["Sender's name"] == "'-2+3"
