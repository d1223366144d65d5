"""The reporting side and the assigning side at work: progress with evidence, completion
confirmed, extension approved; the dashboard follows."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import Page, expect

from .helpers import figures, payload, task_ids, tiny_pdf

REPORTER = "baocao.bkhcn"
APPROVER = "duyet.bcdtw"  # the steering committee assigns the ministry's tasks


def bkhcn_tasks(page: Page, status: str) -> list[int]:
    """Tasks the ministry leads in a status, as its reporter's list shows them."""
    page.goto(f"/tasks/?org=BKHCN&role=lead&status={status}")
    found = task_ids(page)
    assert found, f"the demo has {status} tasks led by BKHCN"
    return found


def decided_by_approver(approver: Page, candidates: list[int], status: str) -> int:
    """The first candidate the approver decides on: the approver's list of the ministry's
    tasks shows only those BCDTW assigned."""
    approver.goto(f"/tasks/?org=BKHCN&role=lead&status={status}")
    theirs = set(task_ids(approver))
    for pk in candidates:
        if pk in theirs:
            return pk
    raise AssertionError(f"none of {candidates} is decided by {APPROVER}")


def test_progress_report_with_evidence_then_download(
    page_as: Callable[..., Page], tmp_path: Path
) -> None:
    page = page_as(REPORTER)
    pk = bkhcn_tasks(page, "in_progress")[0]
    narrative = f"Browser test report {secrets.token_hex(3)}"
    pdf = tiny_pdf(narrative)

    page.goto(f"/tasks/{pk}/")
    page.locator(f'a[href="/tasks/{pk}/report/"]').click()
    page.fill("#id_percent", "55")
    page.fill("#id_narrative", narrative)
    page.set_input_files(
        "#id_evidence_files",
        files=[payload("bao-cao-tien-do.pdf", pdf)],
    )
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/tasks/{pk}/")

    report = page.locator("section[aria-labelledby=reports-heading] article", has_text=narrative)
    expect(report).to_have_count(1)
    expect(report).to_contain_text("55%")
    evidence = report.locator('a[href^="/tasks/evidence/"]')
    expect(evidence).to_contain_text("bao-cao-tien-do.pdf")

    with page.expect_download() as download_info:
        evidence.click()
    download = download_info.value
    assert download.suggested_filename == "bao-cao-tien-do.pdf"
    saved = tmp_path / "downloaded.pdf"
    download.save_as(saved)
    assert saved.read_bytes() == pdf


def test_a_disguised_file_is_refused_next_to_its_field(page_as: Callable[..., Page]) -> None:
    page = page_as(REPORTER)
    pk = bkhcn_tasks(page, "in_progress")[0]
    narrative = f"Disguised evidence {secrets.token_hex(3)}"
    page.goto(f"/tasks/{pk}/report/")
    page.fill("#id_narrative", narrative)
    page.set_input_files(
        "#id_evidence_files",
        files=[payload("bien-ban.pdf", b"Just some text, named as if it were a PDF.\n" * 20)],
    )
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    assert page.url.endswith(f"/tasks/{pk}/report/"), "the form comes back with the error"
    error = page.locator("#id_evidence_files-errors")
    expect(error).to_be_visible()
    expect(error).to_contain_text("bien-ban.pdf")
    expect(page.locator("#id_evidence_files")).to_have_attribute("aria-invalid", "true")

    page.goto(f"/tasks/{pk}/")
    expect(page.locator("main")).not_to_contain_text(narrative)


def dashboard(page: Page) -> dict[str, int]:
    page.goto("/")
    return {key: value for key, (value, _) in figures(page.locator("#status-cards")).items()}


def test_completion_requested_then_confirmed_moves_the_dashboard(
    page_as: Callable[..., Page],
) -> None:
    reporter, approver, secretariat = page_as(REPORTER), page_as(APPROVER), page_as("thuky")
    pk = decided_by_approver(approver, bkhcn_tasks(reporter, "in_progress"), "in_progress")
    before = dashboard(secretariat)

    reporter.goto(f"/tasks/{pk}/")
    reporter.locator(f'a[href="/tasks/{pk}/complete/"]').click()
    reporter.fill("#id_note", "Đã hoàn thành; biên bản nghiệm thu kèm theo.")
    reporter.set_input_files(
        "#id_evidence_files",
        files=[payload("nghiem-thu.pdf", tiny_pdf())],
    )
    reporter.locator("main form button[type=submit]").click()
    reporter.wait_for_url(f"**/tasks/{pk}/")
    expect(reporter.locator(f'a[href="/tasks/{pk}/complete/"]')).to_have_count(0)
    assert dashboard(secretariat) == before, "a request alone changes no figure"

    approver.goto("/tasks/inbox/")
    request = approver.locator(f'[data-request="completion-{pk}"]')
    expect(request).to_have_count(1)
    confirm = request.locator(f'form[action="/tasks/{pk}/confirm/"]')
    confirm.locator("input[name=evidence_checked]").check()
    confirm.locator("button[type=submit]").click()
    # The confirmation page sums up the evidence; nothing is decided until its Confirm.
    approver.wait_for_url(f"**/tasks/{pk}/confirm/")
    expect(approver.locator("[data-summary=decision]")).to_contain_text("nghiem-thu.pdf")
    expect(approver.locator("#evidence-checked")).to_be_checked()
    approver.locator(f'main form[action="/tasks/{pk}/confirm/"] button[type=submit]').click()
    approver.wait_for_url("**/tasks/inbox/")
    expect(approver.locator(f'[data-request="completion-{pk}"]')).to_have_count(0)

    approver.goto(f"/tasks/{pk}/")
    expect(approver.locator("#task-status")).to_have_class(re.compile(r"text-bg-success"))

    after = dashboard(secretariat)
    assert after["completed"] == before["completed"] + 1, (before, after)
    assert after["completed_on_time"] == before["completed_on_time"] + 1, (before, after)
    assert after["in_progress"] == before["in_progress"] - 1, (before, after)
    assert after["overdue"] == before["overdue"], (before, after)
    assert after["total"] == before["total"], (before, after)


def test_extension_requested_then_approved_shows_the_new_deadline(
    page_as: Callable[..., Page],
) -> None:
    reporter, approver = page_as(REPORTER), page_as(APPROVER)
    pk = decided_by_approver(approver, bkhcn_tasks(reporter, "overdue"), "overdue")
    before = dashboard(page_as("thuky"))

    reporter.goto(f"/tasks/{pk}/")
    six_clear = reporter.locator("section[aria-labelledby=six-clear]")
    old_deadline = re.findall(r"\d{2}/\d{2}/\d{4}", six_clear.inner_text())[0]
    new_deadline = date.today() + timedelta(days=90)
    reporter.locator(f'a[href="/tasks/{pk}/extend/"]').click()
    reporter.fill("#id_requested_deadline", new_deadline.strftime("%d/%m/%Y"))
    reporter.fill("#id_reason", "Chờ kết quả thẩm định của Bộ Tài chính.")
    reporter.locator("main form button[type=submit]").click()
    reporter.wait_for_url(f"**/tasks/{pk}/")

    approver.goto(f"/tasks/{pk}/")
    approver.locator("[aria-labelledby=decide-extension] form").first.locator("button").click()
    approver.wait_for_url("**/tasks/extensions/*/approve/")
    expect(approver.locator("[data-summary=decision]")).to_contain_text("Bộ Tài chính")
    approver.locator("main form[action$='/approve/'] button[type=submit]").click()
    approver.wait_for_url(f"**/tasks/{pk}/")
    expect(approver.locator("[aria-labelledby=decide-extension]")).to_have_count(0)

    reporter.goto(f"/tasks/{pk}/")
    shown = reporter.locator("section[aria-labelledby=six-clear]")
    expect(shown).to_contain_text(new_deadline.strftime("%d/%m/%Y"))
    expect(shown).to_contain_text(old_deadline)  # "originally ..."
    expect(reporter.locator("#task-status")).to_have_class(re.compile(r"text-bg-primary"))

    after = dashboard(page_as("thuky"))
    assert after["overdue"] == before["overdue"] - 1, (before, after)
    assert after["in_progress"] == before["in_progress"] + 1, (before, after)
