"""An item's handling through the services: sorting, routing, "not ours", deadlines,
escalation, answers published without personal data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from nq57.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from nq57.feedback import selectors, services
from nq57.feedback.models import Field, Item
from nq57.feedback.rules import answer_due
from nq57.orgs.models import Organization

pytestmark = pytest.mark.django_db
HANOI_TIME = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def field(db: Any) -> Field:
    return Field.objects.create(code="dvc", name_vi="Dịch vụ công", name_en="Public services")


@pytest.fixture
def citizen(make_user: Callable[..., Any]) -> Any:
    from nq57.accounts.models import User

    return User.objects.create_user(username="citizen-1", password=None)


def submit(citizen: Any, field: Field, **extra: Any) -> Item:
    values = {
        "kind": "recommendation",
        "field": field,
        "title": "Đơn giản hóa thủ tục cấp phép <script>alert(1)</script>",
        "content": "Đề nghị bỏ yêu cầu nộp bản giấy.\nXin cảm ơn.",
        "contact_name": "Nguyễn Văn An",
        "contact_address": "12 Lê Lợi, Huế",
        "contact_phone": "0912345678",
        "now": datetime(2025, 9, 8, 9, 0, tzinfo=HANOI_TIME),
    }
    return services.item_submit(citizen, **{**values, **extra})


def test_a_submission_is_stamped_coded_and_kept_as_plain_text(citizen: Any, field: Field) -> None:
    item = submit(citizen, field, attachments=[SimpleUploadedFile("a.pdf", PDF)])
    assert item.tracking_code.startswith("PA-")
    assert item.status == "received"
    assert item.keep_until == date(2030, 9, 8)
    assert "<script>" in item.title  # kept as typed; every page escapes it
    assert item.attachments.get().content_type == "application/pdf"
    assert [e.kind for e in selectors.item_history(item)] == ["submitted"]


def test_bad_submissions_say_which_field_and_keep_nothing(
    citizen: Any, field: Field, settings: Any
) -> None:
    with pytest.raises(ValidationFailed) as failure:
        submit(citizen, field, content="  ", contact_phone="", identity_number="12AB")
    assert set(failure.value.fields) == {"content", "contact_phone", "identity_number"}
    disguised = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 this is a program")
    with pytest.raises(ValidationFailed) as failure:
        submit(citizen, field, attachments=[disguised])
    assert "not accepted" in failure.value.fields["attachments"][0]
    settings.NQ57_EVIDENCE_MAX_BYTES = 1024
    oversized = SimpleUploadedFile("big.pdf", PDF + b"0" * 2048)
    with pytest.raises(ValidationFailed) as failure:
        submit(citizen, field, attachments=[oversized])
    assert "larger than" in failure.value.fields["attachments"][0]
    too_many = [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(6)]
    with pytest.raises(ValidationFailed):
        submit(citizen, field, attachments=too_many)
    assert not Item.objects.exists()


def test_routing_bouncing_escalation_and_a_published_answer(
    citizen: Any,
    field: Field,
    make_user: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    secretariat = make_user("BCDTW", "secretariat")
    ministry = Organization.objects.get(code="BKHCN")
    other = Organization.objects.get(code="BTC")
    bkhcn = make_user("BKHCN", "reporter")
    btc = make_user("BTC", "reporter")
    item = submit(citizen, field)
    with pytest.raises(NotPermitted):
        services.item_route(bkhcn, item=item, body=ministry, today=date(2025, 9, 8))

    # Sent to the wrong body twice: each time it comes back, and then the secretariat sees it.
    for wrong in range(2):
        item = services.item_route(secretariat, item=item, body=other, today=date(2025, 9, 8))
        with pytest.raises(NotPermitted):
            services.item_accept(bkhcn, item=item)
        item = services.item_decline(btc, item=item, reason="Thuộc Bộ Khoa học và Công nghệ")
        assert (item.status, item.body, item.bounces) == ("received", None, wrong + 1)
    assert item.needs_attention

    item = services.item_route(secretariat, item=item, body=ministry, today=date(2025, 9, 8))
    assert item.due_on == answer_due(date(2025, 9, 8), 15) == date(2025, 9, 29)
    item = services.item_accept(bkhcn, item=item)
    with pytest.raises(InvalidTransition):
        services.item_accept(bkhcn, item=item)

    bkhcn.email = "xuly@bkhcn.gov.vn"
    bkhcn.save()
    secretariat.email = "thuky@bcdtw.gov.vn"
    secretariat.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.deadlines_watch(date(2025, 9, 22)) == {"reminded": 0, "escalated": 0}
        assert services.deadlines_watch(date(2025, 9, 25)) == {"reminded": 1, "escalated": 0}
        assert services.deadlines_watch(date(2025, 9, 26)) == {"reminded": 0, "escalated": 0}
        assert services.deadlines_watch(date(2025, 9, 30)) == {"reminded": 0, "escalated": 1}
        assert services.deadlines_watch(date(2025, 10, 1)) == {"reminded": 0, "escalated": 0}
    reminder, overdue = mail.outbox
    assert reminder.to == ["xuly@bkhcn.gov.vn"]
    assert "29/09/2025" in reminder.subject
    assert overdue.to == ["thuky@bcdtw.gov.vn"]  # BKHCN has no parent: the secretariat

    item = services.item_answer(
        bkhcn,
        item=item,
        text="Kính gửi ông Nguyễn Văn An (0912345678): Bộ tiếp thu và sửa Thông tư 01/2025.",
        publish=True,
        now=datetime(2025, 10, 2, 10, 0, tzinfo=HANOI_TIME),
    )
    assert item.status == "answered"
    assert item.answered_on_time is False
    assert "Nguyễn Văn An" not in item.public_answer
    assert "0912345678" not in item.public_answer
    assert "Thông tư 01/2025" in item.public_answer
    kinds = [e.kind for e in selectors.item_history(item)]
    assert kinds == [
        "submitted",
        "routed",
        "declined",
        "routed",
        "declined",
        "routed",
        "accepted",
        "reminded",
        "escalated",
        "answered",
    ]


def test_a_private_answer_is_not_published_and_a_refusal_needs_a_reason(
    citizen: Any, field: Field, make_user: Callable[..., Any]
) -> None:
    secretariat = make_user("BCDTW", "secretariat")
    item = submit(citizen, field, answer_private=True)
    item = services.item_route(
        secretariat, item=item, body=Organization.objects.get(code="01"), today=date(2025, 9, 8)
    )
    item = services.item_answer(
        make_user("01", "approver"), item=item, text="Đã xử lý.", publish=True
    )
    assert item.public_answer == ""
    other = submit(citizen, field)
    with pytest.raises(ValidationFailed):
        services.item_refuse(secretariat, item=other, reason=" ")
    refused = services.item_refuse(secretariat, item=other, reason="Đây là khiếu nại")
    assert refused.status == "refused"
