"""Data-subject requests (issue 12 item 3): a copy answered at once, a correction applied and
audited, a deletion granted through the retention job's removal or refused where the law keeps
the record, every step audited, another person's request out of reach."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.http import Http404

from nq57.accounts.models import User
from nq57.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from nq57.core.models import AuditEvent
from nq57.feedback.models import Attachment, Item
from nq57.privacy import selectors, services
from nq57.privacy.models import DataRequest

from .conftest import at

pytestmark = pytest.mark.django_db


def trail(request: DataRequest) -> list[tuple[str, int | None]]:
    events = AuditEvent.objects.filter(subject_type="datarequest", subject_id=request.pk)
    return list(events.order_by("id").values_list("event", "actor_id"))


def test_a_request_is_due_after_the_configured_hours(citizen: User, settings: Any) -> None:
    settings.NQ57_DATA_REQUEST_HOURS = 72
    request = services.data_request_file(citizen, kind="deletion", now=at(2))
    assert request.due_at == at(5)
    settings.NQ57_DATA_REQUEST_HOURS = 24
    assert services.data_request_file(citizen, kind="deletion", now=at(2)).due_at == at(3)


def test_a_copy_is_answered_at_once_by_the_system(citizen: User) -> None:
    request = services.data_request_file(citizen, kind="copy", now=at(2))
    assert request.status == "answered"
    assert (request.answered_at, request.answered_by_id) == (at(2), None)
    assert trail(request) == [
        ("privacy.request_filed", citizen.pk),
        ("privacy.request_answered", None),
    ]


def test_the_copy_holds_the_account_and_every_item_with_contact_and_attachments(
    citizen: User, send: Callable[..., Item], make_user: Callable[..., User]
) -> None:
    first = send(citizen, answered=True, title="Một")
    second = send(citizen, answered=False, title="Hai")
    send(make_user("BNV", "reporter"), answered=False, title="Của người khác")
    request = services.data_request_file(citizen, kind="copy")
    copy = selectors.personal_data_copy(request, at=at(3))
    assert copy["account"]["username"] == "vneid-0011"
    assert copy["account"]["full_name"] == "Phạm Văn Dũng"
    assert copy["account"]["email"] == "dung@example.vn"
    assert [item["tracking_code"] for item in copy["items"]] == [
        first.tracking_code,
        second.tracking_code,
    ]
    sent = copy["items"][0]
    assert sent["contact_phone"] == "0912345678"
    assert sent["contact_address"] == "Số 3 Tràng Tiền"
    assert sent["identity_number"] == "001203004567"
    assert sent["answer"] == "Đã giải quyết."
    assert sent["attachments"] == [{"name": "don.pdf", "with_answer": False}]
    assert [own["kind"] for own in copy["requests"]] == ["copy"]


def test_a_correction_needs_what_is_wrong_and_what_it_should_be(citizen: User) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.data_request_file(citizen, kind="correction", wrong="Tên sai", wanted=" ")
    assert set(refused.value.fields) == {"wanted"}


def test_only_ones_own_item_can_be_named(citizen: User, send: Callable[..., Item]) -> None:
    other = User.objects.create_user(username="other", password=None)
    theirs = send(other, answered=False)
    with pytest.raises(ValidationFailed) as refused:
        services.data_request_file(citizen, kind="deletion", item_code=theirs.tracking_code)
    assert set(refused.value.fields) == {"item"}


def test_a_correction_is_applied_to_an_item_and_the_account_audited_then_answered(
    citizen: User, secretariat: User, send: Callable[..., Item]
) -> None:
    item = send(citizen, answered=False)
    request = services.data_request_file(
        citizen, kind="correction", wrong="Số điện thoại cũ", wanted="0987654321"
    )
    services.data_request_correct(
        secretariat, request=request, target=item.tracking_code, field="phone", value="0987654321"
    )
    services.data_request_correct(
        secretariat, request=request, target="account", field="name", value="Phạm Văn Dũng Anh"
    )
    item.refresh_from_db()
    citizen.refresh_from_db()
    assert item.contact_phone == "0987654321"
    assert citizen.full_name == "Phạm Văn Dũng Anh"
    corrections = AuditEvent.objects.filter(event="privacy.data_corrected").order_by("id")
    assert [event.changes for event in corrections] == [
        {f"{item.tracking_code}.contact_phone": ["0912345678", "0987654321"]},
        {"account.full_name": ["Phạm Văn Dũng", "Phạm Văn Dũng Anh"]},
    ]
    assert {event.actor_id for event in corrections} == {secretariat.pk}
    services.data_request_answer(secretariat, request=request, answer="Đã sửa.")
    request.refresh_from_db()
    assert (request.status, request.answer, request.answered_by_id) == (
        "answered",
        "Đã sửa.",
        secretariat.pk,
    )


def test_a_correction_is_checked_like_the_field(citizen: User, secretariat: User) -> None:
    request = services.data_request_file(citizen, kind="correction", wrong="e-mail", wanted="x")
    with pytest.raises(ValidationFailed) as refused:
        services.data_request_correct(
            secretariat, request=request, target="account", field="email", value="not-an-address"
        )
    assert "value" in refused.value.fields
    with pytest.raises(ValidationFailed):  # an account has no phone
        services.data_request_correct(
            secretariat, request=request, target="account", field="phone", value="0900000000"
        )


def test_a_deletion_removes_the_personal_data_by_the_retention_jobs_removal(
    citizen: User,
    secretariat: User,
    send: Callable[..., Item],
    django_capture_on_commit_callbacks: Any,
) -> None:
    item = send(citizen, answered=True)
    request = services.data_request_file(citizen, kind="deletion", now=at(10))
    with django_capture_on_commit_callbacks(execute=True):
        services.data_request_answer(secretariat, request=request, answer="Đã xóa.", now=at(11))
    item.refresh_from_db()
    citizen.refresh_from_db()
    for name in ("contact_name", "contact_address", "contact_phone", "contact_email"):
        assert getattr(item, name) == ""
    assert item.identity_number == ""
    assert "0912345678" not in item.content
    assert "Phạm Văn Dũng" not in item.content
    assert item.personal_data_removed_on == at(11).date()
    assert not Attachment.objects.filter(item=item, with_answer=False).exists()
    assert (citizen.full_name, citizen.email) == ("", "")
    erased = AuditEvent.objects.get(event="feedback.personal_data_erased")
    assert (erased.subject_id, erased.actor_id) == (item.pk, secretariat.pk)
    assert [event for event, _ in trail(request)] == [
        "privacy.request_filed",
        "privacy.request_answered",
    ]


def test_a_deletion_reaching_an_item_still_handled_is_refused_and_nothing_changes(
    citizen: User, secretariat: User, send: Callable[..., Item]
) -> None:
    done = send(citizen, answered=True)
    open_item = send(citizen, answered=False)
    request = services.data_request_file(citizen, kind="deletion")
    assert selectors.kept_items(request) == [open_item]
    with pytest.raises(InvalidTransition, match=open_item.tracking_code):
        services.data_request_answer(secretariat, request=request, answer="")
    done.refresh_from_db()
    assert done.contact_phone == "0912345678"
    services.data_request_refuse(
        secretariat, request=request, reason="Nội dung đang được xử lý, pháp luật yêu cầu lưu."
    )
    request.refresh_from_db()
    assert request.status == "refused"
    assert request.answer.startswith("Nội dung đang được xử lý")


def test_a_deletion_of_one_answered_item_leaves_the_others(
    citizen: User, secretariat: User, send: Callable[..., Item]
) -> None:
    done = send(citizen, answered=True)
    open_item = send(citizen, answered=False)
    request = services.data_request_file(citizen, kind="deletion", item_code=done.tracking_code)
    services.data_request_answer(secretariat, request=request, answer="")
    done.refresh_from_db()
    open_item.refresh_from_db()
    assert done.contact_phone == ""
    assert open_item.contact_phone == "0912345678"
    citizen.refresh_from_db()
    assert citizen.full_name == "Phạm Văn Dũng"  # the account only goes with everything


def test_a_refusal_needs_its_reason_and_an_answered_request_stays_answered(
    citizen: User, secretariat: User
) -> None:
    request = services.data_request_file(citizen, kind="deletion")
    with pytest.raises(ValidationFailed) as refused:
        services.data_request_refuse(secretariat, request=request, reason="  ")
    assert set(refused.value.fields) == {"reason"}
    services.data_request_refuse(secretariat, request=request, reason="Đang thanh tra.")
    with pytest.raises(InvalidTransition):
        services.data_request_answer(secretariat, request=request, answer="")
    assert [event for event, _ in trail(request)] == [
        "privacy.request_filed",
        "privacy.request_refused",
    ]


def test_only_the_secretariat_handles_requests(
    citizen: User, official: User, inspector: User
) -> None:
    request = services.data_request_file(citizen, kind="deletion")
    for someone in (citizen, official, inspector):
        with pytest.raises(NotPermitted):
            services.data_request_answer(someone, request=request, answer="")
        with pytest.raises(NotPermitted):
            services.data_request_refuse(someone, request=request, reason="x")


def test_another_persons_request_is_not_found(
    citizen: User, secretariat: User, official: User
) -> None:
    request = services.data_request_file(citizen, kind="copy")
    other = User.objects.create_user(username="other", password=None)
    for someone in (other, official):
        with pytest.raises(Http404):
            selectors.get_request_for_user(someone, request.pk)
        with pytest.raises(Http404):
            selectors.copy_request(someone, request.pk)
    assert selectors.get_request_for_user(secretariat, request.pk) == request
    with pytest.raises(Http404):  # the copy is the requester's alone
        selectors.copy_request(secretariat, request.pk)


def test_the_queue_counts_open_and_overdue(
    citizen: User, secretariat: User, official: User
) -> None:
    old = services.data_request_file(citizen, kind="deletion", now=at(1))
    services.data_request_file(citizen, kind="deletion", now=at(3))
    services.data_request_file(citizen, kind="copy", now=at(3))
    queue = selectors.request_queue(secretariat, at=at(4) + timedelta(hours=1))
    assert (queue.total, queue.open, queue.overdue) == (3, 2, 1)
    rows = list(queue.page.object_list)
    assert rows[0] == old
    assert [row.is_open for row in rows] == [True, True, False]
    with pytest.raises(Http404):
        selectors.request_queue(official, at=at(4))
