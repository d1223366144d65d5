"""No lost work, in a real browser: a half-typed report survives the idle sign-out (the
warning first, "stay signed in" once, then left alone: signed out, signed in again, the
draft comes back from the server); a double click on a report saves it once."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import BrowserContext, Page, expect

from .conftest import sign_in

REPORTER = "baocao.hanoi"
TYPED = "Đã hoàn thành 3/5 hạng mục; đang chờ nghiệm thu phần mềm."


def printed(manage: Callable[..., str], script: str) -> int:
    """The number a `manage.py shell -c` script prints last."""
    return int(manage("shell", "-c", script).strip().splitlines()[-1])


def a_task_of_hanoi(manage: Callable[..., str], index: int) -> int:
    """An open task Hà Nội leads, with no report today (a report a day)."""
    script = (
        "from django.utils import timezone; from nq57.tasks.models import OPEN_NOW, Task; "
        "print(Task.objects.filter(OPEN_NOW, lead_org__code='01')"
        ".exclude(progress_reported_on=timezone.localdate()).order_by('code')"
        ".values_list('pk', flat=True)[{n}])"
    )
    return printed(manage, script.format(n=index))


def end_session(context: BrowserContext, manage: Callable[..., str]) -> None:
    """What the server does when the idle time runs out: this browser's session is gone."""
    key = next(c["value"] for c in context.cookies() if c["name"] == "sessionid")
    manage(
        "shell",
        "-c",
        "from django.contrib.sessions.models import Session; "
        f"Session.objects.filter(session_key='{key}').delete()",
    )


def test_a_half_typed_report_survives_the_idle_sign_out(
    new_context: Callable[..., BrowserContext], manage: Callable[..., str]
) -> None:
    context = new_context()
    page = context.new_page()
    page.clock.install()
    sign_in(page, REPORTER)
    task = a_task_of_hanoi(manage, 0)
    report = f"/tasks/{task}/report/"
    page.goto(report)
    with page.expect_response(lambda r: "/drafts/" in r.url and r.request.method == "POST"):
        page.fill("#id_narrative", TYPED)
        page.clock.run_for(1500)  # the pause after typing that saves the draft
    idle = int(page.locator("body").get_attribute("data-idle-seconds") or "0")
    assert idle >= 600

    # Two minutes before the end, the warning; staying signed in starts the time anew.
    page.clock.run_for((idle - 110) * 1000)
    warning = page.locator("[data-idle-warning]")
    expect(warning).to_be_visible()
    with page.expect_response(lambda r: "/session/keepalive/" in r.url):
        warning.get_by_role("button").click()
    expect(warning).to_be_hidden()

    # Left alone this time: the session ends, the page goes to the sign-in page.
    page.clock.run_for((idle - 60) * 1000)
    expect(warning).to_be_visible()
    end_session(context, manage)
    page.clock.run_for(61_000)
    page.wait_for_url("**/login/**")
    assert "next=" in page.url
    page.fill("#id_username", REPORTER)
    page.fill("#id_password", "nq57-demo")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{report}")
    expect(page.locator("#id_narrative")).to_have_value(TYPED)
    expect(page.locator("[data-draft-notice]")).to_be_visible()

    # Sent: the report is saved and the draft is gone.
    page.locator("#id_percent").fill("60")
    page.locator("main form[data-draft] button[type=submit]").click()
    page.wait_for_url(f"**/tasks/{task}/")
    expect(page.locator(".alert-success")).to_be_visible()
    assert page.request.get(f"/drafts/?path={report}").status == 204


def test_a_double_click_saves_a_report_once(
    page_as: Callable[..., Page], manage: Callable[..., str]
) -> None:
    task = a_task_of_hanoi(manage, 1)
    count = (
        "from nq57.tasks.models import ProgressReport; "
        f"print(ProgressReport.objects.filter(task_id={task}).count())"
    )
    before = printed(manage, count)
    page = page_as(REPORTER)
    page.goto(f"/tasks/{task}/report/")
    page.fill("#id_narrative", "Bấm hai lần liền")
    page.locator("main form[data-draft] button[type=submit]").dblclick()
    page.wait_for_url(f"**/tasks/{task}/")
    assert printed(manage, count) == before + 1
