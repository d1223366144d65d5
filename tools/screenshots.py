"""Screenshots of the main pages, desktop and phone, for docs/screenshots/ and the README.

Run against a server with the demo data (`make run`), in Vietnamese, the default language:

    .venv/bin/python -m tools.screenshots [--base http://127.0.0.1:8000]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

from tools.chromium import launch

PASSWORD = "nq57-demo"  # nosec B105  # development, demo or test value; never a production secret
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SIZES: dict[str, ViewportSize] = {
    "desktop": {"width": 1366, "height": 900},
    "phone": {"width": 360, "height": 780},
}


def signed_in(browser: Browser, base: str, username: str, size: str) -> Page:
    page = browser.new_page(viewport=SIZES[size], device_scale_factor=1)
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))
    return page


def shoot(page: Page, base: str, path: str, name: str, size: str) -> None:
    page.goto(f"{base}{path}")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # charts draw after load
    page.screenshot(path=str(OUT / f"{name}-{size}.jpg"), type="jpeg", quality=70)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    base = parser.parse_args().base.rstrip("/")
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for size in SIZES:
            anonymous = browser.new_page(viewport=SIZES[size])
            shoot(anonymous, base, "/login/", "login", size)
            shoot(anonymous, base, "/feedback/", "portal", size)
            anonymous.close()
            secretariat = signed_in(browser, base, "thuky", size)
            shoot(secretariat, base, "/", "dashboard", size)
            shoot(secretariat, base, "/?org=79", "dashboard-province", size)
            shoot(secretariat, base, "/khong-co-trang-nay/", "not-found", size)
            shoot(secretariat, base, "/tasks/?org=BKHCN&role=lead", "task-list", size)
            first_task = secretariat.locator("#task-table tbody a").first.get_attribute("href")
            shoot(secretariat, base, str(first_task), "task-page", size)
            shoot(secretariat, base, "/ranking/", "ranking", size)
            shoot(secretariat, base, "/tasks/import/", "import", size)
            shoot(secretariat, base, "/indicators/?period=2025", "indicators", size)
            shoot(
                secretariat,
                base,
                "/indicators/online_records_rate/?period=2025",
                "indicator-page",
                size,
            )
            shoot(secretariat, base, "/indicators/ranking/", "composite-ranking", size)
            shoot(secretariat, base, "/feedback/handle/", "feedback-handling", size)
            secretariat.close()
            monitor = signed_in(browser, base, "duyet.vpcp", size)
            shoot(
                monitor,
                base,
                "/indicators/forms/?dataset=public_services&period=202510",
                "indicator-forms",
                size,
            )
            monitor.close()
            approver = signed_in(browser, base, "duyet.bcdtw", size)
            shoot(approver, base, "/", "queue-home", size)
            shoot(approver, base, "/tasks/inbox/", "inbox", size)
            shoot(approver, base, "/notices/", "notices", size)
            approver.close()
            reporter = signed_in(browser, base, "baocao.bkhcn", size)
            shoot(reporter, base, f"{first_task}report/", "progress-report", size)
            reporter.close()
            hanoi = signed_in(browser, base, "baocao.hanoi", size)
            shoot(
                hanoi,
                base,
                "/indicators/entry/?dataset=public_services&org=01&period=202510",
                "indicator-entry",
                size,
            )
            shoot(hanoi, base, "/queue/", "queue", size)
            shoot(hanoi, base, "/calendar/", "calendar", size)
            shoot(hanoi, base, "/account/", "account", size)
            hanoi.close()
        browser.close()
    print(f"screenshots in {OUT}")


if __name__ == "__main__":
    main()
