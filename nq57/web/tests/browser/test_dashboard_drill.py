"""The dashboard's charts as a person uses them: a bar opens what its row's name opens, a
hovered bar names its organisation in full with Vietnamese numbers, and the page prints
without its menus and forms."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

# The middle of row `index`'s stacked bar, in page pixels.
BAR_POINT_JS = """([selector, index, value]) => {
    const el = document.querySelector(selector);
    const chart = echarts.getInstanceByDom(el);
    const [x, y] = chart.convertToPixel({gridIndex: 0}, [value / 2, index]);
    const box = el.getBoundingClientRect();
    return [box.left + x, box.top + y];
}"""
# The last point of the trend, in page pixels.
TREND_POINT_JS = """([selector, index]) => {
    const el = document.querySelector(selector);
    const chart = echarts.getInstanceByDom(el);
    const [x, y] = chart.convertToPixel({gridIndex: 0}, [index, 0]);
    const box = el.getBoundingClientRect();
    return [box.left + x, box.top + y - 20];
}"""
# ECharts' tooltip: the chart's one HTML element that is neither its drawing nor its wrapper.
TOOLTIP_JS = """selector => {
    const shown = Array.from(document.querySelectorAll(selector + " div")).filter(
        d => !d.querySelector("svg") && d.innerText.trim() && d.offsetParent !== null);
    return shown.length ? shown[shown.length - 1].innerText : "";
}"""


def chart_rows(page: Page, group: str) -> list[dict[str, Any]]:
    """The rows a chart draws, as charts.js picks them: a group's, or all ("")."""
    data = json.loads(page.locator("#chart-data").inner_text())
    return [row for row in data["orgs"] if not group or row["group"] == group]


def total(row: dict[str, Any]) -> int:
    keys = ("completed_on_time", "completed_late", "in_progress", "overdue", "regular")
    return sum(int(row[key]) for key in keys)


def bar_point(page: Page, chart: str, rows: list[dict[str, Any]], code: str) -> tuple[float, float]:
    index = next(i for i, row in enumerate(rows) if row["code"] == code)
    page.locator(f"{chart} svg").first.scroll_into_view_if_needed()
    x, y = page.evaluate(BAR_POINT_JS, [chart, index, total(rows[index])])
    return x, y


def tooltip_text(page: Page, chart: str, expected: str) -> str:
    """The tooltip's text once it shows `expected` (ECharts shows it after a frame)."""
    page.wait_for_function(
        f"([s, e]) => ({TOOLTIP_JS})(s).includes(e)", arg=[chart, expected], timeout=5000
    )
    text: str = page.evaluate(TOOLTIP_JS, chart)
    return text


def test_a_bar_drills_down_like_its_row(page_as: Callable[..., Page]) -> None:
    page = page_as("thuky")
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    rows = chart_rows(page, "local")
    province = max(rows, key=total)
    assert province["url"].startswith("/?"), province  # a province has communes below it
    # The bar's link is the row name's.
    name_link = page.locator(f'#local-table tr[data-org="{province["code"]}"] th a')
    assert name_link.get_attribute("href") == province["url"]

    x, y = bar_point(page, "#chart-local", rows, province["code"])
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(rf"/\?(.*&)?org={province['code']}(&|$)"))
    expect(page.locator("h1")).to_contain_text(province["name"])

    # The province's own tasks and its communes' are drawn too.
    expect(page.locator("#chart-org svg")).to_be_visible()
    assert chart_rows(page, "")


def test_a_bar_without_anything_below_lists_its_tasks(page_as: Callable[..., Page]) -> None:
    page = page_as("thuky")
    page.goto("/")
    rows = chart_rows(page, "central")
    leaves = [row for row in rows if row["url"].startswith("/tasks/?")]
    assert leaves, "every ministry with tasks has units in the demo data"
    leaf = max(leaves, key=total)
    name_link = page.locator(f'#central-table tr[data-org="{leaf["code"]}"] th a')
    assert name_link.get_attribute("href") == leaf["url"]
    x, y = bar_point(page, "#chart-central", rows, leaf["code"])
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"/tasks/\?"))
    assert f"org={leaf['code']}" in page.url
    assert int(page.locator("#result-count").get_attribute("data-count") or -1) == total(leaf)


def svg_texts(page: Page, chart: str) -> list[str]:
    """The texts a chart draws (its axis labels, its legend)."""
    texts: list[str] = page.locator(f"{chart} svg text").evaluate_all(
        "texts => texts.map(t => t.textContent)"
    )
    return texts


def vietnamese(value: int) -> str:
    """1290 as Vietnamese writes it: 1.290."""
    return f"{value:,}".replace(",", ".")


def test_a_hovered_bar_names_its_organisation_in_full_with_vietnamese_numbers(
    page_as: Callable[..., Page],
) -> None:
    page = page_as("thuky")
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    rows = chart_rows(page, "central")
    longest = max(rows, key=lambda row: len(row["name"]))
    assert len(longest["name"]) > 30, longest["name"]  # long enough to have been cut before
    # The axis labels wrap: no name is cut short with an ellipsis.
    labels = svg_texts(page, "#chart-central")
    assert not [label for label in labels if "…" in label or "..." in label], labels
    x, y = bar_point(page, "#chart-central", rows, longest["code"])
    page.mouse.move(x, y)
    text = tooltip_text(page, "#chart-central", longest["name"])
    assert longest["name"] in text
    assert f"Tổng số: {vietnamese(total(longest))}" in text, text
    for key in ("completed_on_time", "in_progress", "overdue"):
        assert re.search(rf":\s*{re.escape(vietnamese(int(longest[key])))}\b", text), (key, text)

    # The trend's last point: all tasks (over a thousand in the demo), grouped with a dot, on
    # a date written dd/mm/yyyy.
    data = json.loads(page.locator("#chart-data").inner_text())
    last = data["trend"][-1]
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", last["label"]), last["label"]
    assert total(last) >= 1000
    page.locator("#chart-trend").scroll_into_view_if_needed()
    x, y = page.evaluate(TREND_POINT_JS, ["#chart-trend", len(data["trend"]) - 1])
    page.mouse.move(x, y)
    text = tooltip_text(page, "#chart-trend", last["label"])
    assert f"Tổng số: {vietnamese(total(last))}" in text, text
    # The value axis too: its labels in the page's format (10.000, not 10,000).
    axis = svg_texts(page, "#chart-trend")
    assert not [label for label in axis if re.fullmatch(r"\d{1,3}(,\d{3})+", label)], axis


def test_print_leaves_out_the_menus_and_the_forms(page_as: Callable[..., Page]) -> None:
    page = page_as("thuky")
    page.goto("/?org=01")
    page.emulate_media(media="print")
    expect(page.locator("header nav.navbar")).to_be_hidden()
    expect(page.locator("form[aria-label] #as_of")).to_be_hidden()
    expect(page.locator("main form").first).to_be_hidden()
    expect(page.locator(".skip-link")).to_be_hidden()
    table = page.locator("#org-table")
    expect(table).to_be_visible()
    # No scroll container clips the table; it and the chart take the page's width.
    overflow = table.evaluate("t => getComputedStyle(t.closest('.table-responsive')).overflowX")
    assert overflow == "visible"
    width = page.evaluate("document.querySelector('main').clientWidth")
    assert table.evaluate("t => t.offsetWidth") <= width
    # The chart's drawing, made at the screen's width, shrinks to the page's, whole.
    drawing = page.locator("#chart-org svg").evaluate(
        """s => [s.getBoundingClientRect().width, s.getBoundingClientRect().height,
                 s.parentElement.getBoundingClientRect().width,
                 s.parentElement.getBoundingClientRect().height]"""
    )
    assert 0 < drawing[0] <= min(width, drawing[2]), drawing
    assert 0 < drawing[1] <= drawing[3], drawing  # not cut off by its container
    # The column headings stay, without their sort arrows.
    expect(table.locator("thead button.sort").first).to_be_visible()
    page.emulate_media(media="screen")
    expect(page.locator("main form").first).to_be_visible()
