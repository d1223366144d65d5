"""The handling journey in a real browser: the secretariat sorts with the suggestion, the
wrong body sends the item back, it is routed again, its deadline passes, the daily job raises
it to the secretariat (by e-mail, through the SMTP server on loopback)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from nq57.oidc_fixtures import Mailbox


def test_suggest_reroute_and_escalate(
    page_as: Callable[..., Page], manage: Callable[..., str], mailbox: Mailbox
) -> None:
    secretariat = page_as("thuky")
    secretariat.goto("/feedback/handle/")
    # The demo's unsorted item: about paying fees on the public-services portal.
    secretariat.get_by_role("link", name="Cổng dịch vụ công báo lỗi khi thanh toán phí").click()
    code = re.search(r"PA-[A-Z2-9]{4}-[A-Z2-9]{4}", secretariat.url)
    assert code is not None
    suggestions = secretariat.locator("#suggestions li")
    expect(suggestions).to_have_count(3)
    assert "%" in suggestions.first.inner_text()
    # Sent to a ministry first (the wrong one), which sends it back with its reason.
    secretariat.select_option("#f-body", "BKHCN")
    secretariat.locator("#route-form button[type=submit]").click()
    expect(secretariat.locator("#item-status")).to_have_text("Đã chuyển cơ quan có trách nhiệm")
    ministry = page_as("baocao.bkhcn")
    ministry.goto(f"/feedback/handle/{code[0]}/")
    ministry.fill("#f-decline", "Thuộc Văn phòng Chính phủ (Cổng Dịch vụ công quốc gia)")
    ministry.get_by_role("button", name="Trả về phân loại").click()
    expect(ministry.locator(".alert-success")).to_contain_text("Đã trả về phân loại")
    expect(ministry.locator("#body-queue")).not_to_contain_text(code[0])
    # Routed again, to the Government Office.
    secretariat.goto(f"/feedback/handle/{code[0]}/")
    expect(secretariat.locator("#history")).to_contain_text("không thuộc thẩm quyền")
    secretariat.select_option("#f-body", "VPCP")
    secretariat.locator("#route-form button[type=submit]").click()
    expect(secretariat.locator("#item-status")).to_have_text("Đã chuyển cơ quan có trách nhiệm")
    # Nobody answers; a month later the daily job raises it.
    later = timezone.localdate() + timedelta(days=40)
    # (The demo's other open items are overdue by then too.)
    assert re.search(r"[1-9]\d* escalated", manage("feedback_deadlines", "--today", str(later)))
    secretariat.reload()
    expect(secretariat.locator("#history")).to_contain_text("Quá hạn")
    notice = mailbox.wait_for(lambda message: code[0] in str(message["Subject"]))
    assert "Quá hạn" in str(notice["Subject"])
