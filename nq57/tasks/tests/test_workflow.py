"""Progress, completion and extension through the services: rules, permissions, audit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from nq57.core import audit
from nq57.core.actors import SYSTEM
from nq57.core.errors import InvalidTransition, NotPermitted, StaleVersion, ValidationFailed
from nq57.orgs.services import org_create
from nq57.tasks import services
from nq57.tasks.models import Task
from nq57.tasks.selectors.status_sql import status_counts

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "bien-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def events(task: Task) -> list[str]:
    return list(audit.history_of(task).values_list("event", flat=True))


@time_machine.travel(date(2025, 6, 11), tick=False)  # a Wednesday
def test_progress_can_be_backdated_two_working_days_only(
    make_task: Callable[..., Task], make_user: Callable[..., Any]
) -> None:
    task = make_task(lead="BKHCN")
    reporter = make_user("BKHCN", "reporter")
    services.progress_report_submit(reporter, task=task, reported_on=date(2025, 6, 9), percent=30)
    with pytest.raises(ValidationFailed) as refused:
        services.progress_report_submit(
            reporter, task=task, reported_on=date(2025, 6, 6), percent=35
        )
    assert "reported_on" in refused.value.fields
    with pytest.raises(ValidationFailed):
        services.progress_report_submit(
            reporter, task=task, reported_on=date(2025, 6, 12), percent=35
        )
    task.refresh_from_db()
    assert (task.progress, task.progress_reported_on) == (30, date(2025, 6, 9))


@time_machine.travel(date(2025, 9, 8), tick=False)  # Monday after the 2 September holidays
def test_grace_skips_weekends_and_public_holidays(
    make_task: Callable[..., Task], make_user: Callable[..., Any]
) -> None:
    task = make_task(lead="BKHCN")
    reporter = make_user("BKHCN", "reporter")
    # Working days before Mon 8 Sep: Fri 5, Thu 4 (1-2 Sep are National Day holidays in 2025).
    services.progress_report_submit(reporter, task=task, reported_on=date(2025, 9, 4), percent=10)
    with pytest.raises(ValidationFailed):
        services.progress_report_submit(
            reporter, task=task, reported_on=date(2025, 9, 3), percent=10
        )


@time_machine.travel(date(2025, 6, 11), tick=False)
def test_a_late_dated_report_does_not_replace_a_newer_progress(
    make_task: Callable[..., Task], make_user: Callable[..., Any]
) -> None:
    task = make_task()
    reporter = make_user("BKHCN", "reporter")
    services.progress_report_submit(reporter, task=task, reported_on=date(2025, 6, 11), percent=50)
    services.progress_report_submit(reporter, task=task, reported_on=date(2025, 6, 10), percent=20)
    task.refresh_from_db()
    assert task.progress == 50


@time_machine.travel(date(2025, 6, 11), tick=False)
def test_only_the_lead_side_reports(
    make_task: Callable[..., Task], make_user: Callable[..., Any]
) -> None:
    task = make_task(lead="BKHCN", coordinating=("BYT",))
    for user in (
        make_user("BYT", "reporter"),
        make_user("BKHCN", "viewer"),
        make_user("01", "reporter"),
    ):
        with pytest.raises(NotPermitted):
            services.progress_report_submit(
                user, task=task, reported_on=date(2025, 6, 11), percent=10
            )


def test_completion_needs_evidence_then_the_assigning_side_confirms(
    make_task: Callable[..., Task], make_user: Callable[..., Any]
) -> None:
    task = make_task(lead="BKHCN", assigned_by="BCDTW", deadline=date(2025, 6, 30))
    reporter = make_user("BKHCN", "reporter")
    lead_approver = make_user("BKHCN", "approver")
    assigning_approver = make_user("BCDTW", "approver")
    with time_machine.travel(date(2025, 6, 20), tick=False):
        with pytest.raises(ValidationFailed, match="evidence"):
            services.completion_request(reporter, task=task, note="Xong")
        services.completion_request(reporter, task=task, note="Xong", files=[pdf()])
        with pytest.raises(InvalidTransition):
            services.completion_request(reporter, task=task, links=["https://x.gov.vn/a"])
        # The lead's own approver is not the assigning side.
        with pytest.raises(NotPermitted):
            services.completion_confirm(lead_approver, task=task, evidence_checked=True)
    with time_machine.travel(date(2025, 7, 2), tick=False):
        services.completion_confirm(assigning_approver, task=task, evidence_checked=True)
    task.refresh_from_db()
    assert task.completed_on == date(2025, 7, 2)
    assert task.completion_requested_on == date(2025, 6, 20)
    # Requested before the deadline, confirmed after it: on time (issue 11: the assigning
    # side's delay does not make the lead late); completed only from the confirmation.
    counts = status_counts(Task.objects.filter(pk=task.pk), date(2025, 7, 2))
    assert counts.completed_on_time == 1
    assert status_counts(Task.objects.filter(pk=task.pk), date(2025, 7, 1)).overdue == 1
    assert events(task) == ["task.assigned", "completion.requested", "completion.confirmed"]


@time_machine.travel(date(2025, 1, 10), tick=False)
def test_a_task_cannot_be_recorded_ahead_of_its_assignment(
    make_task: Callable[..., Task],
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        make_task(assigned_on=date(2025, 2, 1), deadline=date(2025, 6, 30))
    assert "assigned_on" in refused.value.fields


def test_a_returned_completion_keeps_the_task_open(
    make_task: Callable[..., Task], make_user: Callable[..., Any]
) -> None:
    task = make_task()
    services.completion_request(
        make_user("BKHCN", "reporter"), task=task, links=["https://bkhcn.gov.vn/bao-cao"]
    )
    approver = make_user("BCDTW", "approver")
    with pytest.raises(ValidationFailed):
        services.completion_return(approver, task=task, reason=" ")
    request = services.completion_return(approver, task=task, reason="Thiếu biên bản nghiệm thu")
    assert request.status == "returned"
    task.refresh_from_db()
    assert task.completed_on is None
    last = audit.history_of(task).last()
    assert last is not None
    assert last.data["reason"] == "Thiếu biên bản nghiệm thu"


def test_an_extension_keeps_the_original_deadline_and_dates_the_new_one(
    make_task: Callable[..., Task], make_user: Callable[..., Any]
) -> None:
    task = make_task(assigned_on=date(2025, 1, 15), deadline=date(2025, 6, 30))
    reporter = make_user("BKHCN", "reporter")
    approver = make_user("BCDTW", "approver")
    with time_machine.travel(date(2025, 7, 3), tick=False):
        with pytest.raises(ValidationFailed):
            services.extension_request(
                reporter, task=task, requested_deadline=date(2025, 6, 1), reason="Chờ ý kiến"
            )
        request = services.extension_request(
            reporter, task=task, requested_deadline=date(2025, 9, 30), reason="Chờ ý kiến bộ"
        )
        with pytest.raises(NotPermitted):
            services.extension_approve(reporter, request=request)
    with time_machine.travel(date(2025, 7, 10), tick=False):
        services.extension_approve(approver, request=request)
    task.refresh_from_db()
    assert (task.original_deadline, task.deadline, task.deadline_since) == (
        date(2025, 6, 30),
        date(2025, 9, 30),
        date(2025, 7, 10),
    )
    assert [(d.deadline, d.effective_on) for d in task.deadlines.all()] == [
        (date(2025, 6, 30), date(2025, 1, 15)),
        (date(2025, 9, 30), date(2025, 7, 10)),
    ]
    one = Task.objects.filter(pk=task.pk)
    # Overdue between the old deadline and the approval; in progress again afterwards.
    assert status_counts(one, date(2025, 7, 5)).overdue == 1
    assert status_counts(one, date(2025, 7, 10)).in_progress == 1
    event = audit.history_of(task).last()
    assert event is not None
    assert event.event == "extension.approved"
    assert event.changes == {"deadline": ["2025-06-30", "2025-09-30"]}
    assert event.actor == approver


def test_a_refused_extension_changes_no_deadline(
    make_task: Callable[..., Task], make_user: Callable[..., Any]
) -> None:
    task = make_task(deadline=date(2025, 12, 31))
    request = services.extension_request(
        make_user("BKHCN", "reporter"),
        task=task,
        requested_deadline=date(2026, 3, 31),
        reason="Lý do",
    )
    services.extension_refuse(
        make_user("BCDTW", "approver"), request=request, reason="Không đủ căn cứ"
    )
    task.refresh_from_db()
    assert task.deadline == date(2025, 12, 31)
    with pytest.raises(InvalidTransition):
        services.extension_approve(make_user("BCDTW", "approver"), request=request)


def test_stale_version_changes_nothing(
    make_task: Callable[..., Task], make_user: Callable[..., Any]
) -> None:
    task = make_task(title="Tên cũ")
    editor = make_user("BCDTW", "approver")
    services.task_update(editor, task=task, version=1, title="Tên mới")
    with pytest.raises(StaleVersion):
        services.task_update(editor, task=task, version=1, title="Tên khác")
    task.refresh_from_db()
    assert (task.title, task.version) == ("Tên mới", 2)
    update = audit.history_of(task).last()
    assert update is not None
    assert update.changes == {"title": ["Tên cũ", "Tên mới"]}


def test_subtasks_roll_progress_up_by_weight(
    make_task: Callable[..., Task], make_user: Callable[..., Any], org: Callable[..., Any]
) -> None:
    unit = org_create(
        SYSTEM,
        code="BKHCN-CDS",
        name_vi="Cục Chuyển đổi số quốc gia",
        kind="unit",
        parent=org("BKHCN"),
    )
    parent = make_task(lead="BKHCN")
    first = make_task(lead="BKHCN-CDS", assigned_by="BKHCN", parent=parent, weight=3)
    second = make_task(lead="BKHCN", assigned_by="BKHCN", parent=parent, weight=1)
    reporter = make_user(unit.code, "reporter")
    with time_machine.travel(date(2025, 3, 3), tick=False):
        services.progress_report_submit(
            reporter, task=first, reported_on=date(2025, 3, 3), percent=80
        )
        services.progress_report_submit(
            make_user("BKHCN", "reporter"), task=second, reported_on=date(2025, 3, 3), percent=20
        )
    parent.refresh_from_db()
    assert parent.progress == 65  # (3 × 80 + 1 × 20) / 4
    with pytest.raises(ValidationFailed):
        make_task(lead="BYT", assigned_by="BKHCN", parent=parent)


def test_evidence_type_is_checked_by_content_not_name(
    make_task: Callable[..., Task], make_user: Callable[..., Any]
) -> None:
    task = make_task()
    disguised = SimpleUploadedFile(
        "report.pdf", b"MZ\x90\x00 this is a program", content_type="application/pdf"
    )
    with pytest.raises(ValidationFailed, match="type"):
        services.completion_request(make_user("BKHCN", "reporter"), task=task, files=[disguised])
    assert not task.completion_requests.exists()


def test_six_clear_elements_missing_are_flagged(make_task: Callable[..., Task]) -> None:
    task = make_task(responsible_person="", expected_product="")
    assert task.missing_list == ["person", "product"]


def test_a_completion_requested_after_the_deadline_is_late(
    make_task: Callable[..., Task], make_user: Callable[..., Any]
) -> None:
    task = make_task(lead="BKHCN", assigned_by="BCDTW", deadline=date(2025, 6, 30))
    with time_machine.travel(date(2025, 7, 1), tick=False):
        services.completion_request(make_user("BKHCN", "reporter"), task=task, files=[pdf()])
        services.completion_confirm(
            make_user("BCDTW", "approver"), task=task, evidence_checked=True
        )
    counts = status_counts(Task.objects.filter(pk=task.pk), date(2025, 7, 1))
    assert counts.completed_late == 1
