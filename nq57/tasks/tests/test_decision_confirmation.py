"""Issue 14 item 5: approvers see what they approve. The inbox shows each completion's note,
evidence and the task's latest progress report, each extension's deadlines, days and reason,
in a fixed number of queries; every decision passes a confirmation page that sums it up, and
only its Confirm (`confirmed=1`) writes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from nq57.accounts.models import User
from nq57.core.models import AuditEvent
from nq57.tasks import services
from nq57.tasks.models import CompletionRequest, Evidence, ExtensionRequest, Task

pytestmark = pytest.mark.django_db
TODAY = date(2025, 12, 4)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Session, user and memberships (3), the completions with their latest report's id (1), their
# evidence (1), the extensions (1), those reports (1), the frame's memberships and the menu's
# one count (2), the session's renewal (3): however many requests wait.
INBOX_QUERIES = 12


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def requested(task: Task, reporter: User, *, report: str = "Đã nghiệm thu") -> CompletionRequest:
    """A completion request with a file and a link, after two progress reports."""
    services.progress_report_submit(
        reporter, task=task, reported_on=TODAY - timedelta(days=1), percent=60, narrative="Cũ"
    )
    services.progress_report_submit(
        reporter, task=task, reported_on=TODAY, percent=95, narrative=report
    )
    return services.completion_request(
        reporter,
        task=task,
        note="Đã hoàn thành, kèm biên bản",
        files=[SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")],
        links=["https://bkhcn.gov.vn/ket-qua"],
    )


def extension(task: Task, reporter: User) -> ExtensionRequest:
    return services.extension_request(
        reporter, task=task, requested_deadline=date(2026, 1, 30), reason="Chờ thẩm định"
    )


@time_machine.travel(TODAY, tick=False)
def test_the_inbox_shows_the_evidence_the_note_and_the_latest_report_before_the_buttons(
    make_user: Callable[..., User], make_task: Callable[..., Task]
) -> None:
    reporter = make_user("BKHCN", "reporter")
    task = make_task(lead="BKHCN", assigned_by="BCDTW")
    requested(task, reporter, report="Đã chạy thử toàn quốc")
    other = make_task(lead="BKHCN", assigned_by="BCDTW", deadline=date(2025, 12, 31))
    extension(other, reporter)
    page = signed_in(make_user("BCDTW", "approver")).get("/tasks/inbox/").content.decode()
    card = page[page.index(f'data-request="completion-{task.pk}"') :]
    buttons = card.index(f'action="/tasks/{task.pk}/confirm/"')
    file = Evidence.objects.get(task=task, link="")
    for shown in (
        "Đã hoàn thành, kèm biên bản",
        f'href="/tasks/evidence/{file.pk}/"',
        "bien-ban.pdf",
        "https://bkhcn.gov.vn/ket-qua",
        "95%",
        "04/12/2025",
        "Đã chạy thử toàn quốc",
    ):
        assert -1 < card.find(shown) < buttons, shown
    assert "Cũ" not in card[:buttons]  # only the latest report
    assert f"({file.size}\xa0bytes)" in card  # the size, as filesizeformat writes it
    ask = page[page.index(f'data-request="extension-{other.pk}"') :]
    assert "31/12/2025" in ask
    assert "30/01/2026" in ask
    assert "30 days more" in ask
    assert "Chờ thẩm định" in ask


@time_machine.travel(TODAY, tick=False)
def test_the_inbox_runs_the_same_few_queries_however_many_requests_wait(
    make_user: Callable[..., User],
    make_task: Callable[..., Task],
    django_assert_max_num_queries: Any,
) -> None:
    reporter = make_user("BKHCN", "reporter")
    approver = signed_in(make_user("BCDTW", "approver"))
    requested(make_task(), reporter)
    extension(make_task(), reporter)
    with django_assert_max_num_queries(INBOX_QUERIES) as few:
        approver.get("/tasks/inbox/")
    for _ in range(6):
        requested(make_task(), reporter)
        extension(make_task(), reporter)
    with django_assert_max_num_queries(INBOX_QUERIES) as many:
        page = approver.get("/tasks/inbox/").content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert page.count('data-request="completion-') == 7
    assert page.count('data-request="extension-') == 7


@time_machine.travel(TODAY, tick=False)
def test_returning_a_completion_shows_the_summary_first_and_writes_only_when_confirmed(
    make_user: Callable[..., User], make_task: Callable[..., Task]
) -> None:
    task = make_task(lead="BKHCN", assigned_by="BCDTW")
    requested(task, make_user("BKHCN", "reporter"))
    approver = signed_in(make_user("BCDTW", "approver"))
    url = f"/tasks/{task.pk}/return/"
    events = AuditEvent.objects.count()
    first = approver.post(url, {"reason": "Thiếu biên bản ký", "next": "inbox"})
    assert first.status_code == 200
    summary = first.content.decode()
    for shown in (task.code, "bien-ban.pdf", "https://bkhcn.gov.vn/ket-qua", "95%"):
        assert shown in summary, shown
    assert '<input type="hidden" name="reason" value="Thiếu biên bản ký">' in summary
    assert '<input type="hidden" name="confirmed" value="1">' in summary
    assert '<input type="hidden" name="next" value="inbox">' in summary
    assert CompletionRequest.objects.get(task=task).status == "pending"
    assert AuditEvent.objects.count() == events  # nothing written
    done = approver.post(url, {"reason": "Thiếu biên bản ký", "next": "inbox", "confirmed": "1"})
    assert done["Location"] == "/tasks/inbox/"
    returned = CompletionRequest.objects.get(task=task)
    assert (returned.status, returned.decision_reason) == ("returned", "Thiếu biên bản ký")


@time_machine.travel(TODAY, tick=False)
def test_confirming_a_completion_keeps_the_ticked_box_until_confirmed(
    make_user: Callable[..., User], make_task: Callable[..., Task]
) -> None:
    task = make_task(lead="BKHCN", assigned_by="BCDTW")
    requested(task, make_user("BKHCN", "reporter"))
    approver = signed_in(make_user("BCDTW", "approver"))
    url = f"/tasks/{task.pk}/confirm/"
    shown = approver.get(url)  # a GET shows the same page: the box to tick there
    assert shown.status_code == 200
    assert 'name="evidence_checked" id="evidence-checked" required>' in shown.content.decode()
    first = approver.post(url, {"evidence_checked": "on"}).content.decode()
    assert 'name="evidence_checked" id="evidence-checked" required checked>' in first
    assert "bien-ban.pdf" in first
    task.refresh_from_db()
    assert task.completed_on is None
    approver.post(url, {"evidence_checked": "on", "confirmed": "1"})
    task.refresh_from_db()
    assert task.completed_on == TODAY


@time_machine.travel(TODAY, tick=False)
def test_an_extension_is_summed_up_then_refused_or_approved_only_when_confirmed(
    make_user: Callable[..., User], make_task: Callable[..., Task]
) -> None:
    reporter = make_user("BKHCN", "reporter")
    task = make_task(lead="BKHCN", assigned_by="BCDTW", deadline=date(2025, 12, 31))
    asked = extension(task, reporter)
    approver = signed_in(make_user("BCDTW", "approver"))
    refuse = f"/tasks/extensions/{asked.pk}/refuse/"
    summary = approver.post(refuse, {"reason": "Không đủ căn cứ"}).content.decode()
    for shown in (task.code, "31/12/2025", "30/01/2026", "30 days more", "Chờ thẩm định"):
        assert shown in summary, shown
    assert "Không đủ căn cứ" in summary
    asked.refresh_from_db()
    assert asked.status == "pending"
    approver.post(refuse, {"reason": "Không đủ căn cứ", "confirmed": "1"})
    asked.refresh_from_db()
    assert (asked.status, asked.decision_reason) == ("refused", "Không đủ căn cứ")
    again = extension(task, reporter)
    approve = f"/tasks/extensions/{again.pk}/approve/"
    assert approver.post(approve).status_code == 200
    task.refresh_from_db()
    assert task.deadline == date(2025, 12, 31)
    approver.post(approve, {"confirmed": "1"})
    task.refresh_from_db()
    assert task.deadline == date(2026, 1, 30)
    # Decided already: the page says so instead of asking again.
    late = approver.post(approve, follow=True)
    assert "This extension request was already decided." in late.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_only_those_who_decide_see_the_confirmation_page(
    make_user: Callable[..., User], make_task: Callable[..., Task]
) -> None:
    task = make_task(lead="BKHCN", assigned_by="BCDTW")
    requester = make_user("BCDTW", "secretariat")  # reports and decides on every task
    services.completion_request(requester, task=task, links=["https://bkhcn.gov.vn/kq"])
    viewer = signed_in(make_user("BKHCN", "approver"))  # the lead side sees the task
    for client in (viewer, signed_in(requester)):
        assert client.get(f"/tasks/{task.pk}/confirm/").status_code == 404
        assert client.post(f"/tasks/{task.pk}/return/", {"reason": "x"}).status_code == 404
    other = signed_in(make_user("BCDTW", "approver"))
    assert other.post(f"/tasks/{task.pk}/return/", {"reason": ""}).status_code == 302
    assert other.post(f"/tasks/{task.pk}/return/", {"reason": "Thiếu"}).status_code == 200
