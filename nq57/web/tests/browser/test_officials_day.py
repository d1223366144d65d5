"""An official's day in a real browser: the reporter asks for a task's completion; the
approver, signed in, finds it in their queue and returns it with the reason, through the
confirmation step; the reporter finds it in their queue with the reason and receives the
e-mail (the worker, the SMTP server on loopback); the notification centre has it, read once
opened."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from nq57.oidc_fixtures import Mailbox

REPORTER = "baocao.bkhcn"
APPROVER = "duyet.bcdtw"
REASON = "Thiếu biên bản nghiệm thu của Hội đồng"


def a_task_to_complete(manage: Callable[..., str]) -> tuple[int, str]:
    """An open task the ministry leads for the committee, with no request pending."""
    script = (
        "from nq57.tasks.models import OPEN_NOW, Task; "
        "t = Task.objects.filter(OPEN_NOW, lead_org__code='BKHCN', assigned_by__code='BCDTW')"
        ".exclude(completion_requests__status='pending')"
        ".exclude(extension_requests__status='pending').order_by('-code').first(); "
        "print(t.pk, t.code)"
    )
    pk, code = manage("shell", "-c", script).strip().splitlines()[-1].split()
    return int(pk), code


def test_the_approver_returns_from_the_queue_and_the_reporter_is_told(
    page_as: Callable[..., Page], manage: Callable[..., str], mailbox: Mailbox
) -> None:
    pk, code = a_task_to_complete(manage)
    reporter = page_as(REPORTER)
    reporter.goto(f"/tasks/{pk}/complete/")
    reporter.fill("#id_note", "Đã hoàn thành, đề nghị xác nhận.")
    reporter.fill("#id_links", "https://most.gov.vn/ket-qua")
    reporter.locator("main form[data-submit-once] button[type=submit]").click()
    reporter.wait_for_url(f"**/tasks/{pk}/")

    approver = page_as(APPROVER)
    approver.goto("/")
    waiting = approver.locator("#queue-completions")
    expect(waiting).to_be_visible()
    approver.goto("/queue/")
    approver.locator("#queue-completions").get_by_role("link", name=re.compile(code)).click()
    approver.wait_for_url(f"**/tasks/{pk}/")
    approver.fill("#return-reason", REASON)
    approver.get_by_role("button", name="Trả lại").first.click()
    # The confirmation step: the reason as typed, nothing saved yet.
    expect(approver.locator("[data-reason=typed]")).to_contain_text(REASON)
    approver.get_by_role("button", name="Xác nhận").click()
    expect(approver.locator(".alert-success")).to_be_visible()

    reporter.goto("/queue/")
    returned = reporter.locator("#queue-completions_returned")
    expect(returned).to_contain_text(code)
    expect(returned).to_contain_text(REASON)
    mail = mailbox.wait_for(
        lambda m: (
            code in " ".join(str(m["Subject"]).split())
            and f"{REPORTER}@" in str(m["To"])
            and REASON in m.get_content()
        )
    )
    assert "/tasks/" in mail.get_content()

    reporter.goto("/notices/")
    notice = reporter.locator("#notices li", has_text=REASON).first
    expect(notice).to_be_visible()
    reporter.goto(str(notice.get_by_role("link").get_attribute("href")))
    reporter.wait_for_url(f"**/tasks/{pk}/")
    reporter.goto("/notices/")
    unread = reporter.locator("#notices li.list-group-item-primary", has_text=REASON)
    expect(unread).to_have_count(0)
