"""WCAG 2.1 A/AA and 2.2's target size by axe-core on every main page at a phone's and a
desktop's width, keyboard use, and a 360-px-wide screen: nothing overflows, no column is cut off."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from .helpers import axe_violations, blocking, cut_off, small_targets, task_ids

NARROW: ViewportSize = {"width": 360, "height": 740}
WIDE: ViewportSize = {"width": 1280, "height": 900}
WIDTHS = {"360px": NARROW, "1280px": WIDE}


_found: dict[str, int] = {}


@pytest.fixture
def task_with_reports(page_as: Callable[..., Page]) -> int:
    """An open task with progress reports (its page shows the most), found once: the last
    page of the list sorted by the date of the latest report."""
    if "task" not in _found:
        page = page_as("thuky")
        page.goto("/tasks/?status=overdue&status=in_progress&ordering=reported&page=9999")
        for pk in reversed(task_ids(page)[-10:]):
            page.goto(f"/tasks/{pk}/")
            if page.locator("section[aria-labelledby=reports-heading] article").count():
                _found["task"] = pk
                break
        else:
            raise AssertionError("no open task with a progress report")
    return _found["task"]


MAIN_PAGES = [
    "/",
    "/?org=01",
    "/tasks/",
    "/tasks/{task}/",
    "/tasks/{task}/report/",
    "/tasks/{task}/complete/",
    "/tasks/{task}/extend/",
    "/tasks/{task}/edit/",
    "/tasks/new/",
    "/tasks/inbox/",
    "/tasks/import/",
    "/ranking/",
    "/password/",
    "/indicators/?period=2025",
    "/indicators/online_records_rate/?period=2025",
    "/indicators/online_records_rate/?period=2025&org=01",
    "/indicators/entry/?dataset=public_services&org=01&period=202510",
    "/indicators/forms/?dataset=public_services&period=202510",
    "/indicators/ranking/",
    "/feedback/handle/",
    "/feedback/remits/",
    "/feedback/remits/BYT/",
    "/help/",
    "/help/tasks-detail/?next=/tasks/",
    "/tasks/?status=overdue&status=in_progress&ordering=deadline",
    "/queue/",
    "/notices/",
    "/calendar/",
    "/search/?q=chuyen+doi",
    "/account/",
    "/registry/?as_of=05/12/2025",
    "/registry/databases/?list=NQ71-2025&as_of=05/12/2025",
    "/registry/databases/CSDLQG-TAICHINH/?as_of=05/12/2025",
]
PUBLIC_PAGES = ["/login/", "/feedback/", "/feedback/stats/", "/password/reset/"]
ENTRY = "/indicators/entry/?dataset=public_services&org=01&period=202510"


def open_page(page: Page, path: str, task: int) -> None:
    url = path.format(task=task)
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, f"{url} answered {response.status}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", MAIN_PAGES)
def test_no_serious_accessibility_violation(
    page_as: Callable[..., Page], task_with_reports: int, path: str, width: str
) -> None:
    page = page_as("thuky", viewport=WIDTHS[width])
    open_page(page, path, task_with_reports)
    problems = blocking(axe_violations(page))
    assert not problems, f"axe on {path} at {width}:\n{problems}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_no_serious_accessibility_violation_on_public_pages(
    anonymous_page: Page, path: str, width: str
) -> None:
    page = anonymous_page
    page.set_viewport_size(WIDTHS[width])
    response = page.goto(path)
    assert response is not None
    assert response.status == 200, f"{path} answered {response.status}"
    problems = blocking(axe_violations(page))
    assert not problems, f"axe on {path} at {width}:\n{problems}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", ["/", "/?org=01", "/tasks/", ENTRY])
def test_every_target_is_at_least_24_px(
    page_as: Callable[..., Page], path: str, width: str
) -> None:
    """Not only axe's pass (which spares small targets spaced apart): the dashboard's hundreds
    of figure links, the task list and the entry draw every target 24 × 24 px or more."""
    page = page_as("thuky", viewport=WIDTHS[width])
    page.goto(path)
    small = small_targets(page)
    assert not small, f"{len(small)} targets under 24 px on {path} at {width}: {small[:10]}"


def test_no_serious_accessibility_violation_signed_out_and_in_english(
    anonymous_page: Page,
) -> None:
    page = anonymous_page
    page.goto("/login/")
    problems = blocking(axe_violations(page))
    assert not problems, f"axe on /login/:\n{problems}"
    page.fill("#id_username", "thuky")
    page.fill("#id_password", "wrong")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main .alert-danger")).to_be_visible()
    problems = blocking(axe_violations(page))
    assert not problems, f"axe on /login/ with an error:\n{problems}"
    page.select_option("#language-select", "en")
    page.locator("form.language-form button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    problems = blocking(axe_violations(page))
    assert not problems, f"axe on /login/ in English:\n{problems}"


def tab_until(page: Page, selector: str, limit: int = 80) -> int:
    """Presses Tab until the focused element matches `selector`; how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} not reached with {limit} presses of Tab")


def test_keyboard_reaches_the_first_figure_and_the_filter_form(
    page_as: Callable[..., Page],
) -> None:
    page = page_as("thuky")
    page.goto("/")
    first_figure = page.locator("#status-cards a[data-figure]").first
    key = first_figure.get_attribute("data-figure")
    tab_until(page, f'#status-cards a[data-figure="{key}"]')
    expect(first_figure).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**/tasks/?*")

    page.goto("/tasks/")
    tab_until(page, "#task-filters #f-q")
    page.keyboard.type("chuyen doi so")
    before = page.locator("#result-count").get_attribute("data-count") or ""
    page.keyboard.press("Enter")
    expect(page.locator("#result-count")).not_to_have_attribute("data-count", before)
    tab_until(page, "#task-filters button[type=submit]")


def test_keyboard_submits_the_language_form(page_as: Callable[..., Page]) -> None:
    page = page_as("thuky")
    page.goto("/ranking/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    tab_until(page, "#language-select")
    page.keyboard.press("ArrowDown")  # Tiếng Việt → English
    expect(page.locator("#language-select")).to_have_value("en")
    tab_until(page, "form.language-form button[type=submit]", limit=3)
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.endswith("/ranking/")


OVERFLOW_JS = """() => {
    const width = document.documentElement.clientWidth;
    const culprits = [];
    for (const el of document.querySelectorAll("body *")) {
        if (el.closest(".table-responsive") || el.closest(".visually-hidden")) continue;
        const box = el.getBoundingClientRect();
        if (box.width && box.right > width + 1) {
            const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                + (el.className && typeof el.className === "string"
                   ? "." + el.className.trim().split(/\\s+/).join(".") : "");
            culprits.push(name + " right=" + Math.round(box.right));
        }
    }
    return {scrollWidth: document.documentElement.scrollWidth, culprits: culprits.slice(0, 10)};
}"""


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/tasks/",
        "/tasks/{task}/",
        "/tasks/{task}/report/",
        "/tasks/inbox/",
        "/tasks/import/",
        "/ranking/",
        "/password/",
        "/indicators/?period=2025",
        "/indicators/online_records_rate/?period=2025&org=01",
        "/indicators/entry/?dataset=public_services&org=01&period=202510",
        "/indicators/forms/?dataset=public_services&period=202510",
        "/registry/?as_of=05/12/2025",
        "/registry/databases/?list=NQ71-2025&as_of=05/12/2025",
        "/registry/databases/CSDLQG-TAICHINH/?as_of=05/12/2025",
    ],
)
def test_narrow_screen_has_no_horizontal_overflow(
    page_as: Callable[..., Page], task_with_reports: int, path: str
) -> None:
    page = page_as("thuky", viewport=NARROW)
    open_page(page, path, task_with_reports)
    found = page.evaluate(OVERFLOW_JS)
    assert found["scrollWidth"] <= NARROW["width"], f"{path}: {found}"


def test_narrow_screen_menu_opens_with_the_toggler(page_as: Callable[..., Page]) -> None:
    page = page_as("thuky", viewport=NARROW)
    page.goto("/tasks/")
    tasks_link = page.locator('#nav-menu a.nav-link[href="/tasks/"]')
    expect(tasks_link).to_be_hidden()
    toggler = page.locator(".navbar-toggler")
    expect(toggler).to_have_attribute("aria-expanded", "false")
    toggler.click()
    expect(tasks_link).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#nav-menu form.language-form")).to_be_visible()
    found = page.evaluate(OVERFLOW_JS)
    assert found["scrollWidth"] <= NARROW["width"], f"the open menu: {found}"


def test_narrow_sign_in_page(anonymous_page: Page) -> None:
    page = anonymous_page
    page.set_viewport_size(NARROW)
    page.goto("/login/")
    found = page.evaluate(OVERFLOW_JS)
    assert found["scrollWidth"] <= NARROW["width"], f"/login/: {found}"


def test_the_public_portal_needs_no_sign_in_and_passes_axe(anonymous_page: Page) -> None:
    page = anonymous_page
    response = page.goto("/feedback/")
    assert response is not None
    assert response.status == 200
    expect(page.locator("#counters")).to_be_visible()
    problems = blocking(axe_violations(page))
    assert not problems, f"axe on /feedback/:\n{problems}"
    page.set_viewport_size(NARROW)
    found = page.evaluate(OVERFLOW_JS)
    assert found["scrollWidth"] <= NARROW["width"], found


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?org=01",
        "/tasks/",
        "/tasks/?status=overdue&status=in_progress",
        ENTRY,
        "/registry/?as_of=05/12/2025",
        "/registry/databases/?list=NQ71-2025&as_of=05/12/2025",
        "/registry/databases/CSDLQG-TAICHINH/?as_of=05/12/2025",
    ],
)
def test_a_phone_sees_every_column(page_as: Callable[..., Page], path: str) -> None:
    """At 360 px the dashboard's tables, the task list and the entry keep every shown cell and
    field inside the screen, inside their scroll containers too."""
    page = page_as("thuky", viewport=NARROW)
    page.goto(path)
    assert page.locator("main table tbody td").count() > 5, f"{path} shows no table"
    cut = cut_off(page)
    assert not cut, f"{len(cut)} cut off on {path}: {cut[:10]}"


def test_a_phone_reads_the_share_of_state_spending_whole(page_as: Callable[..., Page]) -> None:
    """The share's table has few columns: at 360 px it fits the screen, nothing to scroll."""
    page = page_as("thuky", viewport=NARROW)
    page.goto("/budget/?year=2025&as_of=31/12/2025")
    table = page.locator("#share-table")
    expect(table.locator("tbody tr")).to_have_count(2)
    width = page.evaluate("document.documentElement.clientWidth")
    box = table.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= width, f"the share's table is {box['width']} px wide"
    cells = table.locator("th, td").evaluate_all(
        "cells => cells.map(cell => cell.getBoundingClientRect().right)"
    )
    assert max(cells) <= width


def test_a_phone_reads_the_status_of_every_task(page_as: Callable[..., Page]) -> None:
    page = page_as("thuky", viewport=NARROW)
    page.goto("/tasks/?status=overdue&status=in_progress&status=completed")
    rows = page.locator("#task-table tbody tr")
    assert rows.count() > 10
    statuses = page.locator("#task-table tbody tr > td:last-child > .badge:first-child")
    expect(statuses).to_have_count(rows.count())
    width = page.evaluate("document.documentElement.clientWidth")
    boxes = statuses.evaluate_all(
        """badges => badges.map(badge => {
            const box = badge.getBoundingClientRect();
            return [badge.innerText.trim(), box.left, box.right, box.width, box.height];
        })"""
    )
    for text, left, right, shown_width, shown_height in boxes:
        assert text, "a row without its status"
        assert min(shown_width, shown_height) > 0, f"status {text!r} hidden"
        assert left >= 0, f"status {text!r} starts at {left} px"
        assert right <= width, f"status {text!r} ends at {right} px, past {width}"
    # The columns a phone folds away are still read in the task's cell.
    facts = page.locator("#task-table tbody tr [data-phone-facts]").first
    expect(facts).to_be_visible()
    code = page.locator("#task-table tbody tr > td:first-child").first.text_content() or ""
    expect(facts).to_contain_text(code.strip())


def test_a_phone_enters_a_value_and_reads_its_error(page_as: Callable[..., Page]) -> None:
    page = page_as("thuky", viewport=NARROW)
    page.goto(ENTRY)
    fields = page.locator("#entry-table input:not([disabled])")
    assert fields.count() >= 2
    fields.nth(0).fill("twelve thousand")
    fields.nth(1).fill("-5")
    page.locator("button[name=action][value=save]").click()
    errors = page.locator("#entry-table .invalid-feedback")
    expect(errors).to_have_count(2)
    for index in range(2):
        expect(errors.nth(index)).to_be_visible()
        expect(fields.nth(index)).to_have_attribute("aria-invalid", "true")
    cut = cut_off(page)
    assert not cut, f"cut off on the entry with errors: {cut[:10]}"
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
