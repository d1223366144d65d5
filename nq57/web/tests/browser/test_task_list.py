"""The task list's filter form: accent-free search, status, organisation."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from .helpers import figures, fold, listed_count, result_count, row_figures, row_links

BKHCN_NAME = "Bộ Khoa học và Công nghệ"
PAGE_SIZE = 50


def submit_filters(page: Page, expected_in_url: str) -> int:
    """Submits the filter form (htmx swaps the results in) and waits for the new count."""
    before = page.locator("#result-count").get_attribute("data-count") or ""
    page.locator("#task-filters button[type=submit]").click()
    page.wait_for_url(re.compile(expected_in_url))
    expect(page.locator("#result-count")).not_to_have_attribute("data-count", before)
    return result_count(page)


def test_search_without_accents_finds_the_accented_titles(page_as: Callable[..., Page]) -> None:
    page = page_as("thuky")
    page.goto("/tasks/")
    everything = result_count(page)
    page.fill("#f-q", "chuyen doi so")
    found = submit_filters(page, r"[?&]q=chuyen")

    assert 3 < found < everything  # past NQ57_SEARCH_COUNT_LIMIT: the count came after the rows
    titles = row_links(page).all_inner_texts()
    assert len(titles) == min(found, PAGE_SIZE)
    assert any("chuyển đổi số" in title.lower() for title in titles), titles
    # Words are matched without accents, each anywhere in the code or title.
    for title in titles:
        folded = fold(title)
        assert all(word in folded for word in ("chuyen", "doi", "so")), title
    assert listed_count(page, "/tasks/?q=Chuyển+Đổi+Số") == found, "accents must not matter"


def test_filter_by_status_overdue(page_as: Callable[..., Page]) -> None:
    page = page_as("thuky")
    page.goto("/")
    overdue = figures(page.locator("#status-cards"))["overdue"][0]
    assert overdue > 0

    page.goto("/tasks/")
    page.select_option("#f-status", ["overdue"])
    assert submit_filters(page, r"[?&]status=overdue") == overdue
    badges = page.locator("#task-table tbody tr td:last-child .badge")
    assert badges.count() == min(overdue, PAGE_SIZE)
    classes = badges.evaluate_all("spans => spans.map(s => s.className)")
    assert all("text-bg-danger" in c for c in classes), classes


def test_filter_by_organisation(page_as: Callable[..., Page]) -> None:
    page = page_as("thuky")
    page.goto("/")
    led = row_figures(page, "central-table")["BKHCN"]["total"][0]
    assert led > 0
    # The ministry and its units, as its own dashboard's table names them.
    page.goto("/?org=BKHCN")
    names = set(
        page.locator("#org-table tbody tr[data-org] th").evaluate_all(
            "cells => cells.map(c => c.dataset.sortValue)"
        )
    )
    assert BKHCN_NAME in names

    page.goto("/tasks/")
    page.fill("#f-org", "BKHCN")
    assert submit_filters(page, r"[?&]org=BKHCN") == led
    leads = page.locator("#task-table tbody tr td:nth-child(3)").all_inner_texts()
    assert len(leads) == min(led, PAGE_SIZE)
    assert BKHCN_NAME in leads
    assert set(leads) <= names, set(leads) - names
