"""Import through the page: a file with problems writes nothing and names its lines; a good
file is previewed, then written when confirmed."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

from playwright.sync_api import Page, expect

from .helpers import listed_count, payload

HEADER = (
    "code,title,program,lead_org,coordinating_orgs,assigned_by,assigned_on,deadline,kind,"
    "expected_product,responsible_person,completed_on,progress"
)


def exchange_file(tag: str, *, lead: str, assigned_on: str) -> bytes:
    lines = [
        HEADER,
        f"BT-{tag}-1,Thí điểm nhập nhiệm vụ {tag} thứ nhất,57-NQ/TW,{lead},,BCDTW,"
        "2026-01-10,2026-12-31,deadline,Báo cáo kết quả,Nguyễn Văn An,,0",
        f"BT-{tag}-2,Thí điểm nhập nhiệm vụ {tag} thứ hai,57-NQ/TW,BKHCN,01;79,BCDTW,"
        f"{assigned_on},31/12/2026,deadline,Cơ sở dữ liệu,Trần Thị Bình,,10",
    ]
    return ("\n".join(lines) + "\n").encode()


def upload(page: Page, name: str, content: bytes) -> None:
    page.goto("/tasks/import/")
    page.set_input_files("#id_file", files=[payload(name, content, "text/csv")])
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_import_reports_problems_by_line_then_previews_and_writes_a_good_file(
    page_as: Callable[..., Page],
) -> None:
    page = page_as("thuky")
    tag = secrets.token_hex(3).upper()

    upload(page, "loi.csv", exchange_file(tag, lead="KHONG-CO-CO-QUAN", assigned_on="31/02/2026"))
    problems = page.locator("#import-problems li").all_inner_texts()
    lines = {int(re.findall(r"\d+", problem)[0]) for problem in problems}
    assert lines == {2, 3}, problems
    assert any("KHONG-CO-CO-QUAN" in problem for problem in problems), problems
    expect(page.locator("#import-preview")).to_have_count(0)
    assert listed_count(page, f"/tasks/?q=BT-{tag}") == 0, "a file with problems writes nothing"

    upload(page, "tot.csv", exchange_file(tag, lead="BKHCN", assigned_on="2026-02-01"))
    expect(page.locator("#import-problems")).to_have_count(0)
    preview = page.locator("#import-preview")
    expect(preview).to_be_visible()
    shown_lines = preview.locator("tbody th[scope=row]").all_inner_texts()
    assert shown_lines == ["2", "3"], shown_lines
    expect(preview.locator("tbody")).to_contain_text(f"BT-{tag}-1")
    other_tab = page.context.new_page()
    assert listed_count(other_tab, f"/tasks/?q=BT-{tag}") == 0, "a preview writes nothing"
    other_tab.close()

    preview.locator("form button[type=submit]").click()
    page.wait_for_url("**/tasks/")
    assert listed_count(page, f"/tasks/?q=BT-{tag}") == 2
    page.locator("#task-table tbody a", has_text=f"nhiệm vụ {tag} thứ hai").click()
    six_clear = page.locator("section[aria-labelledby=six-clear]")
    expect(six_clear).to_contain_text("Trần Thị Bình")
    expect(six_clear).to_contain_text("31/12/2026")
