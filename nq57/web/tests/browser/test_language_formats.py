"""Every page shows its numbers and dates in the reader's language (Vietnamese, and English),
and words instead of codes (issue 15 item 1): read as a person reads it — the visible text, the
values of the fields, the chosen options, the charts' labels — on the demo data, whose figures
run to the thousands and millions.

The pages are named by their URL names: a new screen the crawl does not open fails the first
test, so the check cannot fall behind the site."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.conf import settings
from playwright.sync_api import Page

from ..formats import context_of, problems
from ..test_help import NOT_SCREENS, officials_screens

# Each screen (URL name) and the page the crawl opens for it; {braces} are found on the demo.
CRAWL = {
    "web:dashboard": ["/", "/?org=01", "/?org={province}"],
    "web:queue": ["/queue/"],
    "web:search": ["/search/?q=chuyển đổi số"],
    "web:calendar": ["/calendar/"],
    "web:processing_record": ["/privacy/processing/"],
    "web:password_change": ["/password/"],
    "web:ranking": ["/ranking/"],
    "web:ranking_tasks": ["/ranking/{province}/tasks/"],
    "registry:readiness": ["/registry/readiness/?as_of=05/12/2025"],
    "registry:readiness_databases": [
        "/registry/readiness/BNNMT/databases/?as_of=2025-12-05&figure=formed"
    ],
    "registry:readiness_requests": ["/registry/readiness/BKHCN/requests/?figure=received"],
    "tasks:list": ["/tasks/", "/tasks/?status=overdue&ordering=deadline"],
    "tasks:create": ["/tasks/new/"],
    "tasks:inbox": ["/tasks/inbox/"],
    "tasks:import": ["/tasks/import/"],
    "tasks:detail": ["/tasks/{task}/"],
    "tasks:edit": ["/tasks/{task}/edit/"],
    "tasks:report": ["/tasks/{task}/report/"],
    "tasks:complete": ["/tasks/{task}/complete/"],
    "tasks:extend": ["/tasks/{task}/extend/"],
    "tasks:correct": ["/tasks/{task}/correct/"],
    "indicators:overview": ["/indicators/", "/indicators/?period=2025"],
    "indicators:entry": ["/indicators/entry/?dataset=public_services&org=01&period=202510"],
    "indicators:forms": ["/indicators/forms/?dataset=public_services&period=202510"],
    "indicators:catalogue": ["/indicators/catalogue/"],
    "indicators:element_create": ["/indicators/catalogue/elements/new/"],
    "indicators:element_edit": ["/indicators/catalogue/elements/records_online/"],
    "indicators:indicator_create": ["/indicators/catalogue/indicators/new/"],
    "indicators:indicator_edit": ["/indicators/catalogue/indicators/online_records_rate/"],
    "indicators:detail": [
        "/indicators/online_records_rate/",
        "/indicators/online_records_rate/?org=01",
    ],
    "indicators:targets": ["/indicators/online_records_rate/targets/"],
    "indicators:ranking": ["/indicators/ranking/"],
    "registry:home": ["/registry/", "/registry/?list=KH02&as_of=05/12/2025"],
    "registry:databases": [
        "/registry/databases/?list=NQ71-2025&as_of=2025-12-05",
        "/registry/databases/?risk=high&status=deploying&status=not_started",
    ],
    "registry:database": ["/registry/databases/{database}/?as_of=05/12/2025"],
    "registry:dossiers": [
        "/registry/dossiers/?as_of=05/12/2025",
        "/registry/dossiers/?state=returned&state=resubmitted&as_of=2025-12-05",
    ],
    "registry:dossier": ["/registry/dossiers/{dossier}/"],
    "registry:dossier_register": ["/registry/databases/{database}/dossiers/new/"],
    "feedback:home": ["/feedback/"],
    "feedback:stats": ["/feedback/stats/"],
    "feedback:track": ["/feedback/track/"],
    "feedback:item": ["/feedback/items/{item}/"],
    "feedback:handle": ["/feedback/handle/"],
    "feedback:handle_item": ["/feedback/handle/{handled}/"],
    "feedback:remits": ["/feedback/remits/"],
    "feedback:remit": [
        "/feedback/remits/BYT/",
        "/feedback/remits/provinces/",
        "/feedback/remits/79/",
    ],
    "privacy:requests": ["/privacy/requests/"],
    "privacy:request": ["/privacy/requests/{data_request}/"],
    "privacy:breaches": ["/privacy/breaches/"],
    "privacy:breach": ["/privacy/breaches/{breach}/"],
    "registry:sharing_inbox": ["/registry/sharing/"],
    "registry:sharing_sent": ["/registry/sharing/sent/"],
    "registry:sharing_new": ["/registry/sharing/new/"],
    "registry:sharing_authority": ["/registry/sharing/authority/"],
    "registry:sharing_request": ["/registry/sharing/{sharing_request}/"],
    "registry:sharing_refusals": ["/registry/sharing/refusals/"],
    "accounts:profile": ["/account/"],
    "notices:centre": ["/notices/"],
    "web:help_index": ["/help/"],
    "registry:quality_ranking": ["/registry/quality/", "/registry/quality/?as_of=2025-12-05"],
    "registry:database_quality": ["/registry/databases/CSDLQG-DANCU/quality/"],
    "registry:quality_entry": ["/registry/quality/entry/"],
    "registry:quality_queue": ["/registry/quality/verify/"],
    "web:help": ["/help/tasks-detail/"],
    "budget:year": ["/budget/", "/budget/?year=2025&as_of=31/12/2025"],
    "budget:entries": [
        "/budget/entries/?year=2025&as_of=2026-06-30&figure=disbursed",
        "/budget/entries/?year=2025&as_of=2026-06-30&group=local",
    ],
    "budget:org": ["/budget/orgs/BCA/?as_of=2026-06-30"],
    "budget:entry_new": ["/budget/new/"],
    "budget:import": ["/budget/import/"],
    "budget:spending_new": ["/budget/spending/new/"],
    "reports:home": ["/reports/"],
    "reports:verify": ["/reports/verify/"],
    "commitments:new": ["/commitments/new/"],
    "commitments:detail": ["/commitments/{commitment}/", "/commitments/{open_commitment}/"],
    "commitments:edit": ["/commitments/{open_commitment}/edit/"],
    "commitments:sign": ["/commitments/{open_commitment}/sign/"],
    "commitments:org": ["/commitments/org/BKHCN/"],
    "commitments:leader": ["/commitments/leaders/{leader}/"],
    "evaluation:year": ["/evaluation/2025/"],
    "evaluation:sheet": ["/evaluation/2025/BKHCN/"],
    "evaluation:proposals": ["/evaluation/2025/proposals/"],
}
# Public pages that are not a person's reading (sign-in steps, files, a citizen's own pages
# reached through the identity provider — their templates are shared with the pages above).
NOT_CRAWLED = {
    "healthz", "readyz", "set_language", "web:calendar_feed", "web:login", "web:logout",
    "web:password_reset", "web:password_reset_sent", "web:password_reset_confirm",
    "web:password_reset_complete", "feedback:submit", "feedback:mine", "feedback:mine_item",
    "feedback:export", "feedback:support", "feedback:rate", "privacy:mine",
    "privacy:mine_request", "privacy:mine_copy", "accounts:oidc_start",
    "accounts:oidc_callback", "registry:sharing_refusals_export", "commitments:signed",
}  # fmt: skip

# What a person reads: visible text nodes (not code shown on purpose), the values of fields,
# the chosen option of each list, and the charts' labels (SVG text).
READ_JS = """() => {
    const skip = "script, style, code, kbd, pre, noscript, template, [data-code], .visually-hidden";
    const parts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest(skip)) continue;
        if (!parent.closest("svg") && !parent.getClientRects().length
            && !parent.closest("details, .tab-pane, .collapse, .dropdown-menu")) continue;
        parts.push(node.nodeValue);
    }
    for (const field of document.querySelectorAll("input:not([type=hidden]), textarea")) {
        if (!field.closest(skip)) parts.push(field.value);
    }
    for (const select of document.querySelectorAll("select")) {
        if (select.selectedOptions.length) parts.push(select.selectedOptions[0].text);
    }
    return parts.join("\\n");
}"""


def test_the_crawl_opens_every_screen() -> None:
    from nq57.accounts.gate import PUBLIC_VIEWS

    screens = officials_screens() | set(PUBLIC_VIEWS) | {"web:help", "web:help_index"}
    missing = screens - set(CRAWL) - NOT_CRAWLED - set(NOT_SCREENS)
    assert not missing, f"screens the format check does not open: {sorted(missing)}"


_found: dict[str, str] = {}


def _first(page: Page, path: str, pattern: str) -> str:
    page.goto(path)
    for href in page.locator("main a[href]").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    ):
        match = re.search(pattern, href)
        if match:
            return match[1]
    raise AssertionError(f"no link matching {pattern} on {path}")


@pytest.fixture
def demo_objects(page_as: Callable[..., Page], manage: Callable[..., str]) -> dict[str, str]:
    """The demo's objects the crawl opens: found on the pages, and a privacy request and a
    breach made once (the demo has none)."""
    if not _found:
        page = page_as("thuky")
        overdue = "/tasks/?status=overdue&ordering=deadline"
        _found["task"] = _first(page, overdue, r"^/tasks/(\d+)/$")
        _found["handled"] = _first(page, "/feedback/handle/", r"^/feedback/handle/([^/]+)/$")
        _found["item"] = _first(page, "/feedback/", r"^/feedback/items/([^/]+)/$")
        _found["province"] = "79"
        _found["sharing_request"] = _first(
            page, "/registry/sharing/", r"^/registry/sharing/(\d+)/$"
        )
        _found["database"] = "CSDLQG-TAICHINH"  # of the demo's registry, with a risk and reason
        _found["dossier"] = _first(  # returned twice, resubmitted, approved: every step
            page, "/registry/dossiers/?q=CSDLQG-TAICHINH", r"^/registry/dossiers/(\d+)/$"
        )
        # A judged commitment (its link opens the judgement), an open one, a leader's record.
        commitments = "/commitments/org/BKHCN/"
        _found["commitment"] = _first(page, commitments, r"^/commitments/(\d+)/#judgement$")
        _found["open_commitment"] = _first(page, commitments, r"^/commitments/(\d+)/$")
        _found["leader"] = _first(page, commitments, r"^/commitments/leaders/(\d+)/$")
        made = manage("shell", "-c", PRIVACY_SCRIPT)
        _found["data_request"], _found["breach"] = made.split()[-2:]
    return _found


PRIVACY_SCRIPT = """
from datetime import timedelta
from django.utils import timezone
from nq57.accounts.models import User
from nq57.privacy.services.breaches import breach_record
from nq57.privacy.services.requests import data_request_file
from nq57.core.processing import processing_record
citizen = User.objects.get(username="congdan.demo")
request = data_request_file(citizen, kind="correction", wrong="Số điện thoại cũ", wanted="Số mới")
breach = breach_record(
    User.objects.get(username="thuky"), discovered_at=timezone.now() - timedelta(hours=5),
    description="Lộ danh sách người gửi", categories=[processing_record()[0].code],
    people_affected=12345, measures="Đổi mật khẩu")
print(request.pk, breach.pk)
"""


# Every page in Vietnamese, the default; in English, the pages whose figures are the densest
# (the templates are the same, so a number left unformatted shows in both).
IN_ENGLISH = [
    "/",
    "/?org={province}",
    "/tasks/",
    "/indicators/online_records_rate/",
    "/ranking/",
    "/indicators/forms/?dataset=public_services&period=202510",
    "/feedback/stats/",
    "/budget/?year=2025&as_of=2026-06-30",
]
PAGES = [
    *((path, "vi") for path in sorted({path for paths in CRAWL.values() for path in paths})),
    *((path, "en") for path in IN_ENGLISH),
]


@pytest.mark.parametrize(("path", "language"), PAGES, ids=str)
def test_every_page_shows_numbers_dates_and_words_in_the_readers_language(
    page_as: Callable[..., Page],
    base_url: str,
    demo_objects: dict[str, str],
    path: str,
    language: str,
) -> None:
    page = page_as("thuky")
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}]
    )
    url = path.format(**demo_objects)
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, url
    assert page.locator("html").get_attribute("lang") == language
    page.wait_for_load_state("networkidle")
    text = page.evaluate(READ_JS)
    found = problems(text, language)
    assert not found, f"{url}:\n" + "\n".join(context_of(text, p) for p in found[:15])
