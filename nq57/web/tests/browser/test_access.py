"""Signing in and out, the language switch, and another organisation's task answering 404."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from .conftest import sign_in
from .helpers import task_ids

BKHCN_NAME = "Bộ Khoa học và Công nghệ"
HANOI_NAMES = ("Hà Nội", "Ha Noi")


def test_wrong_password_is_refused_with_an_error(anonymous_page: Page) -> None:
    page = anonymous_page
    sign_in(page, "baocao.bkhcn", "not-the-password")
    assert "/login/" in page.url
    expect(page.locator("main form .alert-danger")).to_be_visible()
    page.goto("/")
    assert "/login/" in page.url, "a refused sign-in must not open a session"


def test_sign_in_then_sign_out(anonymous_page: Page) -> None:
    page = anonymous_page
    page.goto("/tasks/")
    assert "/login/" in page.url, "pages need a signed-in user"
    expect(page.locator("main form .alert-danger")).to_have_count(0)

    sign_in(page, "baocao.bkhcn")
    assert page.url.endswith("/"), page.url
    expect(page.locator("#status-cards")).to_be_visible()
    expect(page.locator("#user-bar")).to_contain_text(BKHCN_NAME)

    page.locator('header form[action="/logout/"] button[type=submit]').click()
    page.wait_for_url("**/login/")
    expect(page.locator("#id_username")).to_be_visible()
    page.goto("/")
    assert "/login/" in page.url, "the session must be gone after signing out"


def test_language_switch_to_english_and_back(page_as: Callable[..., Page]) -> None:
    page = page_as("thuky")
    page.goto("/tasks/")
    tasks_link = page.locator('header a.nav-link[href="/tasks/"]')
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    vietnamese = tasks_link.inner_text()

    page.select_option("#language-select", "en")
    page.locator("header form.language-form button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.endswith("/tasks/"), "the switch comes back to the same page"
    expect(tasks_link).to_have_text("Tasks")
    assert vietnamese != "Tasks", "the Vietnamese navigation should not read 'Tasks'"

    page.select_option("#language-select", "vi")
    page.locator("header form.language-form button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(tasks_link).to_have_text(vietnamese)


def test_a_province_reporter_gets_404_on_a_ministry_task(page_as: Callable[..., Page]) -> None:
    secretariat = page_as("thuky")
    # A task led by the ministry and not coordinated by Hà Nội, found through the
    # secretariat's list (role=lead: the ministry leads it).
    secretariat.goto("/tasks/?org=BKHCN&role=lead")
    candidates = task_ids(secretariat)
    assert candidates, "the demo has tasks led by BKHCN"
    ministry_only = None
    for pk in candidates[:10]:
        secretariat.goto(f"/tasks/{pk}/")
        details = secretariat.locator("main").inner_text()
        if not any(name in details for name in HANOI_NAMES):
            ministry_only = pk
            break
    assert ministry_only is not None, "no BKHCN task without Hà Nội among the first ten"

    reporter = page_as("baocao.hanoi")
    reporter.goto("/tasks/?org=01&role=lead")
    own = task_ids(reporter)
    assert own, "Hà Nội leads tasks in the demo"
    response = reporter.goto(f"/tasks/{own[0]}/")
    assert response is not None
    assert response.status == 200, "the reporter sees Hà Nội's own task"

    for url in (
        f"/tasks/{ministry_only}/",
        f"/tasks/{ministry_only}/report/",
        f"/tasks/{ministry_only}/complete/",
    ):
        response = reporter.goto(url)
        assert response is not None
        assert response.status == 404, f"{url} answered {response.status} to baocao.hanoi"
