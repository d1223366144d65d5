"""Every officials' screen has a short help in Vietnamese and English, reached from the screen
itself (issue 14 item 7): a new page without its help fails here."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from nq57.accounts.gate import PUBLIC_VIEWS
from nq57.web import help_content
from nq57.web.help_content import HelpDataError, help_entries
from nq57.web.templatetags.help_links import help_url

# URL names of the officials' that are not screens one reads, with why they have no help.
NOT_SCREENS = {
    "tasks:export": "a file",
    "evaluation:export": "a file",
    "tasks:count": "a fragment the task list asks for",
    "tasks:evidence": "a file",
    "reports:file": "a POST from the reports page",
    "reports:issued_file": "a file",
    "tasks:import_confirm": "a POST from the import's preview",
    "tasks:withdraw": "a POST from the task page",
    "tasks:suspend": "a POST from the task page",
    "tasks:resume": "a POST from the task page",
    "tasks:comment": "a POST from the task page (its discussion)",
    "tasks:confirm": "a POST from the task page or the decisions",
    "tasks:return": "a POST from the task page or the decisions",
    "tasks:extension_approve": "a POST from the task page or the decisions",
    "tasks:extension_refuse": "a POST from the task page or the decisions",
    "indicators:decide": "a POST from the forms page",
    "indicators:export": "a file",
    "registry:readiness_export": "a file",
    "registry:sharing_inbox_export": "a file",
    "registry:export": "a file",
    "accounts:session_end": "a POST from the profile",
    "accounts:token_revoke": "a POST from the profile",
    "accounts:details": "a POST from the profile",
    "notices:open": "a redirect to what the notice is about",
    "notices:read_all": "a POST from the notification centre",
    "notices:preferences": "a POST from the profile",
    "web:password_changed": "a confirmation with nothing to do",
    "web:draft": "JSON for the page script that keeps drafts",
    "web:keepalive": "a POST from the idle warning",
    # Reached before the gate lets an official anywhere else, the help included.
    "accounts:second_factor": "before the second factor, no other page opens",
    "accounts:second_factor_setup": "before the second factor, no other page opens",
    "web:help": "the help itself",
    "registry:quality_export": "a file",
    "registry:quality_verify": "a POST from the verification queue",
    "registry:quality_adjust": "a POST from the verification queue",
    "registry:dossiers_export": "a file",
    "registry:dossier_appraise": "a POST from the dossier page",
    "registry:dossier_resubmit": "a POST from the dossier page",
    "web:help_index": "the help itself",
    "budget:entries_export": "a file",
    "budget:import_confirm": "a POST from the import's preview",
    "commitments:pdf": "a file",
    "feedback:remit_restore": "a POST from the remit's page",
}
OUTSIDE_PAGES = ("admin/", "api/")
WORD_LIMIT = 200
# Vietnamese is written syllable by syllable: a word of English is about one and a half.
SYLLABLE_LIMIT = 300
HELP_LINK = re.compile(r'<a[^>]*\bid="help-link"[^>]*\bhref="([^"]+)"')
BACK_LINK = re.compile(r'<a[^>]*\bid="help-back"[^>]*\bhref="([^"]+)"')


def url_names() -> Iterator[tuple[str, str]]:
    """(name, full route) of every named URL pattern of the project."""

    def walk(entries: list[Any], prefix: str, namespace: str) -> Iterator[tuple[str, str]]:
        for entry in entries:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry.url_patterns, route, inner)
            elif isinstance(entry, URLPattern) and entry.name:
                yield f"{namespace}{entry.name}", route

    yield from walk(get_resolver().url_patterns, "", "")


def officials_screens() -> set[str]:
    return {
        name
        for name, route in url_names()
        if not route.startswith(OUTSIDE_PAGES)
        and name not in PUBLIC_VIEWS
        and name not in NOT_SCREENS
    }


def test_every_officials_screen_has_its_help_in_both_languages() -> None:
    entries = help_entries()
    missing = sorted(officials_screens() - set(entries))
    where = "Screens without help in nq57/web/data/help.json (or say in NOT_SCREENS why not):"
    assert not missing, "\n".join([where, *missing])
    for name in officials_screens():
        assert entries[name].texts["vi"].title != entries[name].texts["en"].title, name


def test_help_names_only_pages_that_exist_and_excuses_only_real_names() -> None:
    names = {name for name, _ in url_names()}
    assert set(help_entries()) <= names
    assert set(NOT_SCREENS) <= names
    assert not set(help_entries()) & set(NOT_SCREENS)
    assert len(help_entries()) >= 29


@pytest.mark.parametrize("name", list(help_entries()))
def test_each_help_is_short_with_three_to_six_steps(name: str) -> None:
    for language, text in help_entries()[name].texts.items():
        assert 3 <= len(text.steps) <= 6, (name, language)
        words = " ".join(
            [text.title, text.purpose, *text.steps, text.ask]
            + [f"{term.term} {term.meaning}" for term in text.terms]
        ).split()
        assert len(words) < (WORD_LIMIT if language == "en" else SYLLABLE_LIMIT), (name, language)


@pytest.mark.parametrize(
    "broken",
    [
        {"en": None},
        {"vi": {"title": "", "purpose": "x", "steps": ["x"], "ask": "x"}},
        {"vi": {"title": "x", "purpose": "x", "steps": [], "ask": "x"}},
        {
            "vi": {
                "title": "x",
                "purpose": "x",
                "steps": ["x"],
                "ask": "x",
                "terms": [{"term": "x"}],
            }
        },
    ],
)
def test_malformed_help_is_refused(
    broken: dict[str, Any], tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    entries = json.loads(help_content.DATA.read_text(encoding="utf-8"))
    entries["tasks:detail"].update(broken)
    path = tmp_path / "help.json"
    path.write_text(json.dumps(entries), encoding="utf-8")
    monkeypatch.setattr(help_content, "DATA", path)
    help_entries.cache_clear()
    try:
        with pytest.raises(HelpDataError):
            help_entries()
    finally:
        help_entries.cache_clear()


@pytest.fixture
def official(make_user: Callable[..., Any]) -> Client:
    client = Client()
    client.force_login(make_user("BTC", "reporter"))
    return client


def _text(response: Any) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_the_help_reads_in_vietnamese_unless_english_is_chosen(
    official: Client, settings: Any
) -> None:
    settings.LANGUAGE_CODE = "vi"  # as in production; the tests run in English
    entry = help_entries()["tasks:detail"]
    page = _text(official.get("/help/tasks-detail/"))
    assert '<html lang="vi">' in page
    assert f'<h1 class="h3">{entry.texts["vi"].title}</h1>' in page
    assert html.escape(entry.texts["vi"].steps[0]) in page
    assert entry.texts["en"].title not in page
    official.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    page = _text(official.get("/help/tasks-detail/"))
    assert f'<h1 class="h3">{entry.texts["en"].title}</h1>' in page


@pytest.mark.django_db
def test_the_index_lists_every_help(official: Client) -> None:
    page = _text(official.get("/help/"))
    for entry in help_entries().values():
        assert f'href="/help/{entry.slug}/"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/help/nothing-here/", "/help/tasks-export/", "/help/tasks:detail/"]
)
def test_a_screen_without_help_is_404(official: Client, path: str) -> None:
    assert official.get(path).status_code == 404


@pytest.mark.django_db
def test_the_link_on_a_screen_opens_its_help_and_leads_back(official: Client) -> None:
    page = _text(official.get("/tasks/?q=so"))
    link = html.unescape(HELP_LINK.findall(page)[0])
    assert link == "/help/tasks-list/?next=%2Ftasks%2F%3Fq%3Dso"
    help_page = _text(official.get(link))
    assert help_entries()["tasks:list"].texts["en"].title in help_page
    assert html.unescape(BACK_LINK.findall(help_page)[0]) == "/tasks/?q=so"


@pytest.mark.django_db
def test_no_link_where_there_is_no_help_nor_for_visitors(official: Client) -> None:
    assert 'id="help-link"' not in _text(official.get(reverse("web:password_changed")))
    assert 'id="help-link"' not in _text(official.get("/help/"))
    # The public ranking has help for the officials who open it from their menu, not visitors.
    assert 'id="help-link"' in _text(official.get("/ranking/"))
    assert 'id="help-link"' not in _text(Client().get("/ranking/"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/tasks/", "javascript:alert(1)"]
)
def test_next_to_another_site_is_ignored(official: Client, target: str) -> None:
    # The screen itself stands in when its address needs nothing …
    page = _text(official.get("/help/tasks-list/", {"next": target}))
    assert BACK_LINK.findall(page) == ["/tasks/"]
    assert html.escape(target) not in re.findall(r'href="([^"]*)"', page)
    # … and nothing when it needs a task.
    page = _text(official.get("/help/tasks-detail/", {"next": target}))
    assert not BACK_LINK.findall(page)


@pytest.mark.django_db
def test_visitors_sign_in_first(make_user: Callable[..., Any]) -> None:
    response = Client().get("/help/tasks-detail/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


@pytest.mark.django_db
def test_finding_the_link_runs_no_query(rf: Any, django_assert_num_queries: Any) -> None:
    request = rf.get("/tasks/")
    request.resolver_match = get_resolver().resolve("/tasks/")
    with django_assert_num_queries(0):
        assert help_url({"request": request}).startswith("/help/tasks-list/?next=")
        request.resolver_match = get_resolver().resolve("/password/changed/")
        assert help_url({"request": request}) == ""
