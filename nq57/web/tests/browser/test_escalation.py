"""A deadline passes and the daily job raises the late tasks by e-mail, through the SMTP
server on loopback, exactly once: the job run twice at the same moment, two workers sending;
each escalation reaches the approvers' mailbox once and shows in their notification centre."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from nq57.oidc_fixtures import Mailbox

from .conftest import _server_env

APPROVER = "duyet.hanoi"
ADDRESS = f"{APPROVER}@demo.nq57.gov.vn"
RAISED = "Cần đôn đốc: "


def manage_py(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=_server_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def unmailed(manage: Callable[..., str]) -> int:
    script = (
        "from nq57.notices.models import Notice; "
        f"print(Notice.objects.filter(recipient__username='{APPROVER}', "
        "mailed_at__isnull=True).count())"
    )
    return int(manage("shell", "-c", script).strip().splitlines()[-1])


def raised_codes(mailbox: Mailbox) -> Counter[str]:
    """How many times each task was raised in the e-mail the approver received."""
    seen: Counter[str] = Counter()
    for message in list(mailbox.messages):
        if ADDRESS not in str(message["To"]):
            continue
        # One line a notice in the body (a single notice is also the subject: not counted).
        for line in message.get_content().splitlines():
            if line.startswith("- ") and RAISED in line:
                seen[line.split(RAISED, 1)[1].split(" ", 1)[0]] += 1
    return seen


def test_a_late_task_is_raised_by_email_exactly_once_with_two_workers(
    page_as: Callable[..., Page], manage: Callable[..., str], mailbox: Mailbox
) -> None:
    later = timezone.localdate() + timedelta(days=21)
    before = raised_codes(mailbox)
    second_worker = manage_py(
        "db_worker", "--queue-name", "*", "--interval", "0.2", "--no-reload", "--no-startup-delay"
    )
    try:
        runs = [manage_py("task_reminders", "--today", str(later)) for _ in range(2)]
        assert [run.wait(timeout=120) for run in runs] == [0, 0]
        deadline = timezone.now() + timedelta(seconds=60)
        while unmailed(manage) and timezone.now() < deadline:
            pass
        assert unmailed(manage) == 0
    finally:
        second_worker.terminate()
        second_worker.wait(timeout=20)

    raised = raised_codes(mailbox) - before
    assert raised, "no escalation reached the approver"
    assert set(raised.values()) == {1}, raised
    # The same escalations, read in the notification centre (all its pages), each once.
    page = page_as(APPROVER)
    shown: Counter[str] = Counter()
    url: str | None = "/notices/"
    while url:
        page.goto(url)
        expect(page.locator("#notices")).to_be_visible()
        for text in page.locator("#notices li").all_inner_texts():
            if RAISED in text:
                shown[text.split(RAISED, 1)[1].split(" ", 1)[0]] += 1
        following = page.get_by_role("link", name="Trang sau")
        url = following.get_attribute("href") if following.count() else None
    for code in raised:
        assert shown[code] == 1, code
