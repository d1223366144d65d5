"""Every number on the dashboard equals the count of the task list it links to."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page

from .helpers import figures, listed_count, row_figures

STATUS_KEYS = {
    "total",
    "completed",
    "completed_on_time",
    "completed_late",
    "in_progress",
    "overdue",
    "regular",
    "due_7",
    "due_30",
    "stale",
}
ROW_KEYS = {"total", "completed_on_time", "completed_late", "in_progress", "overdue", "regular"}


def mismatches(page: Page, shown: dict[str, tuple[int, str]], where: str) -> list[str]:
    """Follows each figure's link; names every figure whose list counts differently."""
    problems = []
    for key, (value, href) in sorted(shown.items()):
        listed = listed_count(page, href)
        if listed != value:
            problems.append(f"{where} {key}: the dashboard shows {value}, {href} lists {listed}")
    return problems


def check_cards(page: Page, where: str) -> tuple[dict[str, tuple[int, str]], list[str]]:
    shown = figures(page.locator("#status-cards"))
    assert set(shown) == STATUS_KEYS, f"{where}: figures {sorted(shown)}"
    value = {key: v for key, (v, _) in shown.items()}
    assert value["completed"] == value["completed_on_time"] + value["completed_late"], value
    assert value["total"] == sum(
        value[k] for k in ("completed", "in_progress", "overdue", "regular")
    ), value
    return shown, mismatches(page, shown, where)


def sample_rows(page: Page, table: str, wanted: int) -> dict[str, dict[str, tuple[int, str]]]:
    """Figures of up to `wanted` rows with tasks, spread over the table (first ... last)."""
    with_tasks = [(code, f) for code, f in row_figures(page, table).items() if f["total"][0]]
    assert with_tasks, f"no row of #{table} has tasks"
    last = len(with_tasks) - 1
    picked = dict(with_tasks[round(i * last / max(1, wanted - 1))] for i in range(wanted))
    for code, shown in picked.items():
        assert set(shown) == ROW_KEYS, f"{table} {code}: figures {sorted(shown)}"
        value = {key: v for key, (v, _) in shown.items()}
        assert value["total"] == sum(value[k] for k in ROW_KEYS - {"total"}), (code, value)
    return picked


def test_status_cards_and_organisation_rows_equal_their_lists(
    page_as: Callable[..., Page],
) -> None:
    page = page_as("thuky")
    page.goto("/")
    shown, problems = check_cards(page, "national")
    assert shown["total"][0] > 1000, "the demo data should be loaded"

    page.goto("/")
    rows = {
        **sample_rows(page, "central-table", 1),
        **sample_rows(page, "local-table", 2),
    }
    assert len(rows) == 3
    for code, row in rows.items():
        problems += mismatches(page, row, f"row {code}")
    assert not problems, "\n".join(problems)


def test_drilling_down_into_a_province_keeps_figures_and_lists_equal(
    page_as: Callable[..., Page],
) -> None:
    page = page_as("thuky")
    page.goto("/")
    # The province with the most tasks, so that its own table has rows with tasks.
    totals = {code: f["total"][0] for code, f in row_figures(page, "local-table").items()}
    code = max(totals, key=lambda c: totals[c])
    row = page.locator(f'#local-table tr[data-org="{code}"]')
    name = row.locator("th a").inner_text()
    row.locator("th a").click()
    page.wait_for_url(f"**/?*org={code}*")
    drilled = page.url

    assert name in page.locator("h1").inner_text()
    shown, problems = check_cards(page, f"province {code}")
    assert shown["total"][0] == totals[code], "the province's total differs from its row"

    page.goto(drilled)
    for unit, unit_figures in sample_rows(page, "org-table", 3).items():
        problems += mismatches(page, unit_figures, f"province {code}, row {unit}")
    assert not problems, "\n".join(problems)
