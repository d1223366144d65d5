"""A citizen's journey in a real browser: sign in through the identity provider (a real
OpenID Connect provider on loopback), send an item with an attachment, get the tracking code
on the page and by e-mail (a real SMTP server on loopback), and follow it."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import BrowserContext, Page, expect

from nq57.oidc_fixtures import Mailbox

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_citizen_signs_in_sends_an_item_and_receives_its_code(
    new_context: Callable[..., BrowserContext],
    mailbox: Mailbox,
    page_as: Callable[..., Page],
) -> None:
    page = new_context().new_page()
    page.goto("/feedback/")
    page.locator("#send-link").click()
    # At the identity provider: its own sign-in page, then consent.
    page.locator("input[name=login]").fill("001203004567")
    page.locator("input[name=password]").fill("mat-khau")
    page.locator("button[type=submit]").click()
    page.locator("button[type=submit]").click()  # consent to share name and e-mail
    expect(page).to_have_url(re.compile(r"/feedback/new/$"))
    expect(page.locator("#id_contact_name")).to_have_value("Công dân 4567")

    page.select_option("#id_kind", "recommendation")
    page.select_option("#id_field", label="Dịch vụ công trực tuyến")
    page.fill("#id_title", "Bỏ yêu cầu nộp bản giấy <b>ngay</b>")
    page.fill("#id_content", "Đề nghị bỏ yêu cầu nộp bản giấy sau khi đã nộp trực tuyến.")
    page.fill("#id_contact_phone", "0912345678")
    page.check("#id_consent")  # the notice read, the processing agreed
    page.set_input_files(
        "#id_attachments", {"name": "de-xuat.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Gửi", exact=True).click()

    code = page.locator("#tracking-code").inner_text()
    assert re.fullmatch(r"PA-[A-Z2-9]{4}-[A-Z2-9]{4}", code), code
    expect(page.locator("#item-title")).to_have_text("Bỏ yêu cầu nộp bản giấy <b>ngay</b>")
    receipt = mailbox.wait_for(lambda message: code in str(message["Subject"]))
    assert receipt["To"] == "001203004567@citizen.example.vn"
    assert code in receipt.get_content()
    # The item is among the citizen's own, and its code finds where it stands.
    page.goto("/feedback/mine/")
    expect(page.locator("#my-items")).to_contain_text(code)
    page.goto(f"/feedback/track/?code={code}")
    expect(page.locator("#item-status")).to_have_text("Đã tiếp nhận, đang phân loại")

    # The secretariat routes it; the ministry accepts and answers; the citizen reads it.
    secretariat = page_as("thuky")
    secretariat.goto("/feedback/handle/")
    secretariat.get_by_role("link", name="Bỏ yêu cầu nộp bản giấy <b>ngay</b>").first.click()
    secretariat.select_option("#f-body", "BKHCN")
    secretariat.locator("#route-form button[type=submit]").click()
    expect(secretariat.locator("#item-status")).to_have_text("Đã chuyển cơ quan có trách nhiệm")
    ministry = page_as("baocao.bkhcn")
    ministry.goto(f"/feedback/handle/{code}/")
    ministry.get_by_role("button", name="Nhận xử lý").click()
    ministry.fill("#f-answer", "Bộ đã bỏ yêu cầu nộp bản giấy từ tháng 01/2026.")
    ministry.locator("#answer-form button[type=submit]").click()
    expect(ministry.locator("#item-status")).to_have_text("Đã trả lời")
    page.goto(f"/feedback/mine/{code}/")
    expect(page.locator("#item-answer")).to_contain_text("bỏ yêu cầu nộp bản giấy")
    answered = mailbox.wait_for(lambda message: f"Đã trả lời: {code}" in str(message["Subject"]))
    assert "bỏ yêu cầu nộp bản giấy" in answered.get_content()
    # The citizen rates it: resolved, 5 of 5.
    page.locator("#r-yes").check()
    page.select_option("#r-satisfaction", "5")
    page.get_by_role("button", name="Đánh giá").click()
    expect(page.locator(".alert-success")).to_contain_text("Cảm ơn bạn đã đánh giá")
    expect(page.locator("#r-satisfaction")).to_have_value("5")
