"""A data-sharing request through the pages, as the demo's officials: Hà Nội asks the
Ministry of Science and Technology for data, the ministry's refusal without a justification
is refused, its justified refusal reaches the Ministry of Public Security, which overrules
it; the ministry grants, the connection details reach Hà Nội only, and the public register
shows the refusal and its decision without them; on the public readiness ranking the
ministry's overruled refusals go up by one and its score moves. (Elements are found by id:
the page's language is whatever the server's translations give.)"""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

JUSTIFICATION = (
    "Hồ sơ nhà khoa học gồm số định danh và thông tin liên hệ; Nghị định 13/2023/NĐ-CP "
    "chỉ cho phép chia sẻ khi chủ thể dữ liệu đồng ý."
)
DETAILS = "NDXP: dịch vụ DL-KHCN-HANOI, khoá cấp cho tài khoản tích hợp của Hà Nội"


def readiness_of(page: Page, org: str) -> dict[str, str]:
    """The organisation's row on the public readiness ranking, as of today."""
    page.goto("/registry/readiness/")
    row = page.locator(f'tr[data-org="{org}"]')
    found = {
        figure: row.locator(f'a[data-figure="{figure}"]').get_attribute("data-count") or ""
        for figure in ("refused", "refusals_overruled")
    }
    for component in ("score", "not_overruled"):
        found[component] = row.locator(f'td[data-component="{component}"]').inner_text()
    return found


def test_refused_then_overruled_then_granted(
    page_as: Callable[..., Page], anonymous_page: Page
) -> None:
    before = readiness_of(anonymous_page, "BKHCN")
    hanoi = page_as("baocao.hanoi")
    hanoi.goto("/registry/sharing/new/")
    hanoi.select_option("#id_requester", index=1)
    label = hanoi.locator("#id_database option", has_text="CSDLQG-KHCN").first.inner_text()
    hanoi.select_option("#id_database", label=label)
    hanoi.fill("#id_fields_requested", "Mã nhà khoa học; lĩnh vực nghiên cứu")
    hanoi.fill("#id_purpose", "Thẩm định hội đồng khoa học thành phố")
    hanoi.fill("#id_legal_basis", "Luật Dữ liệu 2024")
    hanoi.click("#request-form button[type=submit]")
    expect(hanoi).to_have_url(re.compile(r"/registry/sharing/\d+/$"))
    path = hanoi.url.split("//", 1)[1].split("/", 1)[1]
    request_url = "/" + path

    ministry = page_as("baocao.bkhcn")
    ministry.goto(request_url)
    ministry.select_option("#id_refusal_basis", "personal_data")
    ministry.fill("#id_refusal_justification", "Bí mật.")
    ministry.click("#refuse-form button[type=submit]")
    expect(ministry.locator("#id_refusal_justification-errors")).to_be_visible()
    ministry.select_option("#id_refusal_basis", "personal_data")
    ministry.fill("#id_refusal_justification", JUSTIFICATION)
    ministry.click("#refuse-form button[type=submit]")
    expect(ministry.locator("#refusal-justification")).to_have_text(JUSTIFICATION)
    expect(ministry.locator("#refuse-form")).to_have_count(0)

    authority = page_as("duyet.bca")
    authority.goto("/registry/sharing/authority/")
    authority.locator(f'#refusals a[href="{request_url}"]').click()
    authority.check("input[name=decision][value=overruled]")
    authority.fill("#id_decision_reason", "Không thuộc trường hợp cần đồng ý; phải chia sẻ.")
    authority.click("#decide-form button[type=submit]")
    expect(authority.locator("#decision")).to_contain_text("phải chia sẻ")
    expect(authority.locator("#decide-form")).to_have_count(0)

    # The ranking moves: one more refusal, overruled, and a lower share not overruled.
    after = readiness_of(anonymous_page, "BKHCN")
    assert int(after["refused"]) == int(before["refused"]) + 1
    assert int(after["refusals_overruled"]) == int(before["refusals_overruled"]) + 1
    assert after["not_overruled"] != before["not_overruled"]
    assert after["score"] != before["score"]

    ministry.goto(request_url)
    expect(ministry.locator("#refuse-form")).to_have_count(0)
    ministry.fill("#id_connection_details", DETAILS)
    ministry.click("#grant-form button[type=submit]")
    expect(ministry.locator("#connection-details")).to_have_text(DETAILS)

    hanoi.goto(request_url)
    expect(hanoi.locator("#connection-details")).to_have_text(DETAILS)
    authority.goto(request_url)
    expect(authority.locator("#connection-details")).to_have_count(0)

    anonymous_page.goto("/registry/sharing/refusals/")
    register = anonymous_page.locator("#register")
    expect(register).to_contain_text(JUSTIFICATION)
    expect(register).to_contain_text("phải chia sẻ")
    expect(anonymous_page.locator("main")).not_to_contain_text("DL-KHCN-HANOI")
