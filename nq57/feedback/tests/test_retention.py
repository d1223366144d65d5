"""The portal's items are kept at least five years, then the daily job removes the sender's
personal data and keeps what was asked and answered, redacted (issue 12 item 3)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from nq57.core.models import AuditEvent
from nq57.core.processing import processing_record
from nq57.feedback import services
from nq57.feedback.models import Attachment, Field, Item
from nq57.feedback.retention import (
    citizen_account_expired,
    citizen_accounts_expire,
    personal_data_expire,
)
from nq57.feedback.rules import keep_until
from nq57.orgs.models import Organization

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
IDENTITY = "001203004567"


def sent_on(day: date, make_user: Callable[..., Any], *, title: str) -> Item:
    from nq57.accounts.models import User

    citizen, _ = User.objects.get_or_create(username="citizen-retention")
    field, _ = Field.objects.get_or_create(code="rt", name_vi="Lưu trữ", name_en="Retention")
    item = services.item_submit(
        citizen,
        kind="feedback",
        field=field,
        title=title,
        content=f"Tôi là Phạm Văn Dũng, căn cước {IDENTITY}, gọi 0912345678.",
        contact_name="Phạm Văn Dũng",
        contact_address="Số 3 Tràng Tiền",
        contact_phone="0912345678",
        contact_email="dung@example.vn",
        identity_number=IDENTITY,
        attachments=[SimpleUploadedFile("don.pdf", PDF, content_type="application/pdf")],
        now=datetime(day.year, day.month, day.day, 9, tzinfo=HANOI),
    )
    item = services.item_route(
        make_user("BCDTW", "secretariat"),
        item=item,
        body=Organization.objects.get(code="BNV"),
        today=day,
    )
    answer = SimpleUploadedFile("tra-loi.pdf", PDF, content_type="application/pdf")
    return services.item_answer(
        make_user("BNV", "approver"),
        item=item,
        text="Gửi ông Phạm Văn Dũng: đã giải quyết.",
        publish=True,
        attachments=[answer],
    )


@pytest.mark.django_db
def test_past_five_years_the_senders_personal_data_go_and_the_item_stays(
    make_user: Callable[..., Any], django_capture_on_commit_callbacks: Any
) -> None:
    old = sent_on(date(2020, 1, 10), make_user, title=f"Căn cước {IDENTITY} bị sai")
    recent = sent_on(date(2021, 3, 1), make_user, title="Đổi thẻ")
    assert old.keep_until == date(2025, 1, 10)
    sender_file = Attachment.objects.get(item=old, with_answer=False).file.name
    assert personal_data_expire(today=date(2025, 1, 10)) == 0  # kept at least five years
    with django_capture_on_commit_callbacks(execute=True):
        assert personal_data_expire(today=date(2025, 1, 11)) == 1
    old.refresh_from_db()
    for name in ("contact_name", "contact_address", "contact_phone", "contact_email"):
        assert getattr(old, name) == ""
    assert old.identity_number == ""
    assert old.personal_data_removed_on == date(2025, 1, 11)
    for text in (old.title, old.content, old.answer):
        assert IDENTITY not in text
        assert "Phạm Văn Dũng" not in text
    assert old.title == "Căn cước […] bị sai"
    assert "đã giải quyết" in old.answer
    assert not Attachment.objects.filter(item=old, with_answer=False).exists()
    assert not default_storage.exists(sender_file)
    assert Attachment.objects.filter(item=old, with_answer=True).exists()  # the body's answer
    assert Item.objects.published().filter(pk=old.pk).exists()  # still on the portal
    assert AuditEvent.objects.filter(
        event="feedback.personal_data_removed", subject_id=old.pk
    ).exists()
    recent.refresh_from_db()
    assert recent.identity_number == IDENTITY
    assert personal_data_expire(today=date(2025, 1, 12)) == 0  # idempotent


@pytest.mark.django_db
def test_the_daily_command_runs_the_job_and_the_record_states_the_same_retention(
    make_user: Callable[..., Any],
) -> None:
    sent_on(date(2019, 6, 3), make_user, title="Cũ")
    out = io.StringIO()
    call_command("feedback_retention", "--today", "2025-01-01", stdout=out)
    assert "portal_items: 1 removed" in out.getvalue().splitlines()
    portal = next(a for a in processing_record() if a.code == "portal_items")
    assert portal.retention_years == 5
    assert Item.objects.get().keep_until == date(2024, 6, 3)


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    st.integers(0, 4000),
    st.booleans(),
)
def test_a_citizens_account_is_cleared_only_without_kept_items_and_after_five_idle_years(
    last_seen: date, idle_days: int, holds_kept_items: bool
) -> None:
    today = last_seen + timedelta(days=idle_days)
    expired = citizen_account_expired(
        last_seen=last_seen, holds_kept_items=holds_kept_items, today=today, years=5
    )
    assert expired == (not holds_kept_items and today > keep_until(last_seen))
    if expired:  # and it stays so on every later day
        later = today + timedelta(days=1)
        assert citizen_account_expired(
            last_seen=last_seen, holds_kept_items=False, today=later, years=5
        )


def citizen(name: str, *, seen: datetime) -> Any:
    from nq57.accounts.models import ExternalIdentity, User
    from nq57.accounts.services import citizen_sign_in

    user = citizen_sign_in(
        issuer="https://vneid.example", subject=name, claims={"name": name, "email": "a@b.vn"}
    )
    User.objects.filter(pk=user.pk).update(date_joined=seen, last_login=None)
    ExternalIdentity.objects.filter(user=user).update(last_sign_in_at=seen)
    return user


@pytest.mark.django_db
def test_citizens_accounts_are_cleared_exactly_when_past_their_retention(
    make_user: Callable[..., Any],
) -> None:
    from nq57.accounts.models import ExternalIdentity, User

    today = date(2031, 6, 1)
    long_ago = datetime(2026, 5, 31, 23, tzinfo=HANOI)  # five years and a day before
    edge = datetime(2026, 6, 1, 0, tzinfo=HANOI)  # exactly five years: still kept
    idle = citizen("idle", seen=long_ago)
    recent = citizen("recent", seen=edge)
    with_kept_item = citizen("with-item", seen=long_ago)
    item = sent_on(date(2026, 5, 1), make_user, title="Đường hỏng")
    Item.objects.filter(pk=item.pk).update(sender=with_kept_item, keep_until=date(2031, 6, 5))
    official = make_user("BNV", "reporter")
    User.objects.filter(pk=official.pk).update(date_joined=long_ago)

    assert citizen_accounts_expire(today) == 1
    idle.refresh_from_db()
    assert (idle.full_name, idle.email, idle.username) == ("", "", f"removed-{idle.pk}")
    assert not idle.is_active
    assert not idle.has_usable_password()
    assert not ExternalIdentity.objects.filter(user=idle).exists()
    assert AuditEvent.objects.filter(
        event="citizen.personal_data_removed", subject_id=idle.pk
    ).exists()
    for kept in (recent, with_kept_item, official):  # seen lately, an item kept, an official
        kept.refresh_from_db()
        assert kept.is_active, kept.username
        assert not kept.username.startswith("removed-")
    assert citizen_accounts_expire(today) == 0  # idempotent

    # Once the item's own retention removes its personal data, its sender's account goes too.
    later = date(2031, 6, 6)
    assert personal_data_expire(today=later) >= 1
    assert citizen_accounts_expire(later) == 2  # "recent" too: five years idle by then
    with_kept_item.refresh_from_db()
    assert with_kept_item.username == f"removed-{with_kept_item.pk}"
