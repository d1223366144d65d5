"""Date fields read dd/mm/yyyy on a Vietnamese page even in a browser set to English, where
`<input type="date">` would show 11/30/2026; the calendar button fills the field day first."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

DAY = re.compile(r"^\d{2}/\d{2}/\d{4}$")
MIN_TARGET_PX = 24


def vietnamese_dashboard_in_an_english_browser(page_as: Callable[..., Page]) -> Page:
    """The secretariat's dashboard in Vietnamese (the language chosen), the browser in English."""
    page = page_as("thuky", locale="en-US")
    page.goto("/")
    page.context.add_cookies([{"name": "django_language", "value": "vi", "url": page.url}])
    page.goto("/")
    return page


def test_the_dashboards_date_is_day_first_and_can_be_typed(page_as: Callable[..., Page]) -> None:
    page = vietnamese_dashboard_in_an_english_browser(page_as)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    assert page.evaluate("navigator.language") == "en-US"
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    field = page.locator("#as_of")
    expect(field).to_have_attribute("type", "text")
    expect(field).to_have_attribute("inputmode", "numeric")
    expect(field).to_have_attribute("placeholder", "ngày/tháng/năm")
    shown = field.input_value()
    assert DAY.match(shown), shown
    expect(page.locator("main")).to_contain_text(f"Tình trạng tính đến ngày {shown}")

    field.fill("15/10/2026")
    field.locator("xpath=ancestor::form").locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"[?&]as_of=15%2F10%2F2026"))
    expect(page.locator("#as_of")).to_have_value("15/10/2026")
    expect(page.locator("main")).to_contain_text("Tình trạng tính đến ngày 15/10/2026")
    assert errors == []


def test_the_calendar_button_is_there_big_enough_and_fills_the_field_day_first(
    page_as: Callable[..., Page],
) -> None:
    page = vietnamese_dashboard_in_an_english_browser(page_as)

    button = page.get_by_role("button", name="Chọn ngày trên lịch")
    expect(button).to_have_count(1)
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box is not None
    assert box["width"] >= MIN_TARGET_PX, box
    assert box["height"] >= MIN_TARGET_PX, box

    # The browser's calendar is drawn outside the page; a day picked there reaches the
    # hidden date input as ISO, and the script writes it into the field day first.
    calendar = page.locator("[data-day-field] input[type=date]").first
    calendar.evaluate(
        "input => { input.value = '2026-10-15';"
        " input.dispatchEvent(new Event('change', { bubbles: true })); }"
    )
    expect(page.locator("#as_of")).to_have_value("15/10/2026")

    # The button hands the field's day to the calendar before opening it.
    button.click()
    expect(calendar).to_have_value("2026-10-15")
    page.keyboard.press("Escape")
