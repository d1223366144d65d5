"""The registry of databases in Vietnamese on the demo data, as an official reads it: the
Central Steering Committee's figures of 5 December 2025 for Resolution 71's list and Plan 02's,
then an owner's databases, then one database's page."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from playwright.sync_api import Page, expect

from .helpers import figures, result_count


def _in_vietnamese(page: Page, base_url: str) -> None:
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "vi", "url": base_url}]
    )


def _show(page: Page, code: str, day: str) -> dict[str, int]:
    """Choose the list and the day on the form, as a person does; the figures shown."""
    page.goto("/registry/")
    page.select_option("#r-list", code)
    page.fill("#r-as_of", day)
    page.locator("#registry-options button[type=submit]").click()
    page.wait_for_load_state()
    return {key: value for key, (value, _) in figures(page.locator("#registry-figures")).items()}


def test_the_registry_reads_the_committees_figures_and_drills_down(
    page_as: Callable[..., Page], base_url: str
) -> None:
    page = page_as("thuky")
    _in_vietnamese(page, base_url)

    nq71 = _show(page, "NQ71-2025", "05/12/2025")
    assert (nq71["total"], nq71["formed"], nq71["others"], nq71["at_risk"]) == (105, 31, 36, 38)
    expect(page.locator("#registry-breakdown")).to_contain_text(
        "105 cơ sở dữ liệu = 31 đã hình thành tập trung + 36 đang triển khai + 38 có nguy cơ"
    )
    assert page.locator("#r-as_of").input_value() == "05/12/2025"

    kh02 = _show(page, "KH02", "05/12/2025")
    assert (kh02["total"], kh02["formed"], kh02["deploying"], kh02["not_started"]) == (12, 4, 5, 3)

    # An owner's row leads to its databases on the list, as many as its total says.
    row = page.locator("#owner-table tbody tr[data-org]").first
    owner_total = figures(row)["total"][0]
    owner_name = row.locator("th a").inner_text()
    row.locator("th a").click()
    page.wait_for_load_state()
    assert result_count(page) == owner_total
    expect(page.locator("h1")).to_contain_text(owner_name)
    assert page.locator("#database-table tbody tr[data-code]").count() == owner_total
    assert page.locator("#f-as_of").input_value() == "05/12/2025"

    # Then a database's page, as of the same day, in Vietnamese.
    link = page.locator("#database-table tbody tr[data-code] td:nth-child(2) > a").first
    name = link.inner_text()
    link.click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator("#owner-link")).to_have_text(owner_name)
    expect(page.locator("#standing .badge").first).to_have_text(
        re.compile("Đã hình thành|Đang triển khai|Chưa triển khai")
    )
    expect(page.locator("#history-table")).to_contain_text("/2025")
    assert "not_started" not in page.locator("main").inner_text()
