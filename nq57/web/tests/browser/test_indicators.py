"""Indicators in the browser: a value entered by a province moves the national figure."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from .helpers import number


def national_online_records(page: Page) -> int:
    """The numerator of the national online-records rate for 2025, as the page shows it
    (grouped: 10.359.458)."""
    page.goto("/indicators/online_records_rate/?period=2025")
    return number(page.locator('#total-figure [data-figure="numerator"]').inner_text())


def test_a_value_entered_by_hanoi_moves_the_national_figure(page_as: Callable[..., Page]) -> None:
    page = page_as("baocao.hanoi")
    before = national_online_records(page)
    page.goto("/indicators/entry/?dataset=public_services&org=01&period=202512")
    records = int(page.locator("#v-records_total").input_value())
    online = page.locator("#v-records_online")
    old = int(online.input_value() or 0)
    assert records > old, "the demo holds Hà Nội's December records, not all online"
    online.fill(str(records))  # every record of December online
    page.get_by_role("button", name="Lưu số liệu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu")
    after = national_online_records(page)
    assert after == before + records - old
    # More online records than received is refused beside the field, and nothing moves.
    page.goto("/indicators/entry/?dataset=public_services&org=01&period=202512")
    page.locator("#v-records_online").fill(str(records + 1))
    page.get_by_role("button", name="Lưu số liệu").click()
    expect(page.locator("#err-records_online")).to_be_visible()
    assert national_online_records(page) == after
