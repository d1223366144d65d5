"""The calendar of one's deadlines in a real browser, as the ministry's reporter on the demo
data: a grid of weeks on a wide screen, a list by day on a 360-px phone with nothing wider
than the screen, no serious accessibility violation, and the private link created once."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from .helpers import axe_violations, blocking
from .test_accessibility import NARROW, OVERFLOW_JS

REPORTER = "baocao.bkhcn"


def test_a_wide_screen_shows_the_grid_and_passes_axe(page_as: Callable[..., Page]) -> None:
    page = page_as(REPORTER)
    page.goto("/calendar/")
    expect(page.locator("table.calendar-grid")).to_be_visible()
    expect(page.locator("[data-view=month-list]")).to_be_hidden()
    # The demo's tasks are dated around today: some fall due in the next 60 days.
    assert page.locator("[data-view=upcoming] [data-deadline^=task-]").count() > 0
    problems = blocking(axe_violations(page))
    assert not problems, problems


def test_a_phone_lists_the_days_and_nothing_overflows(page_as: Callable[..., Page]) -> None:
    page = page_as(REPORTER, viewport=NARROW)
    page.goto("/calendar/")
    expect(page.locator("table.calendar-grid")).to_be_hidden()
    expect(page.locator("[data-view=month-list]")).to_be_visible()
    found = page.evaluate(OVERFLOW_JS)
    assert found["scrollWidth"] <= NARROW["width"], found
    problems = blocking(axe_violations(page))
    assert not problems, problems


def test_the_private_link_is_shown_once(page_as: Callable[..., Page]) -> None:
    page = page_as(REPORTER)
    page.goto("/calendar/")
    page.locator("#feed ~ form button[type=submit]").click()
    link = page.locator("#calendar-link").input_value()
    assert "/calendar/" in link
    assert link.endswith(".ics")
    page.goto("/calendar/")
    assert link not in page.content()
