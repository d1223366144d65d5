"""The budget's reading pages on the December 2025 demo: the committee's figures in Vietnamese,
every figure the amount of the entry list it links to, the same for every official, the
pages' queries bounded, an organisation over the years beside its tasks, and the export that
imports back unchanged."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from typing import Any, cast
from urllib.parse import urlsplit

import pytest
from django.http import QueryDict
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from nq57.budget import services
from nq57.budget.exchange import budget_import
from nq57.budget.forms import EntryFilterForm
from nq57.budget.models import Entry, Programme
from nq57.budget.selectors import budget_summary
from nq57.budget.selectors.entries import entries_filtered, entry_totals
from nq57.core.actors import SYSTEM
from nq57.orgs.models import Organization
from nq57.orgs.services import org_create
from nq57.tasks.models import Task

from .pages import Listed, figures_on, listed, load_demo, text_of

pytestmark = pytest.mark.django_db
YEAR_PAGE = "/budget/"
MONEY = ("proposed", "approved", "unallocated", "disbursed")


@pytest.fixture
def demo() -> None:
    load_demo()


@pytest.fixture
def official(client: Client, make_user: Callable[..., Any]) -> Client:
    client.force_login(make_user("79", "reporter"))
    return client


def figures(client: Client, url: str) -> dict[str, int]:
    """The page's first figure of each key (the totals come before the tables)."""
    found: dict[str, int] = {}
    for key, _, value in figures_on(client.get(url).content.decode()):
        found.setdefault(key, value)
    return found


def check(key: str, url: str, value: int, found: Listed) -> None:
    """A figure equals what the list it opens adds up to: an amount its sum, the bodies of a
    group the organisations with an amount above 0 in it."""
    if key == "bodies":
        assert found.bodies == value, (key, url)
    else:
        assert key in MONEY
        assert found.total == value, (key, url)


def selected(url: str) -> Listed:
    """What the list at `url` holds, read by its filters and selectors without the page."""
    form = EntryFilterForm(QueryDict(urlsplit(url).query))
    assert form.is_valid(), url
    filters = form.filters()
    totals = entry_totals(entries_filtered(filters))
    return Listed(totals.count, totals.bodies, totals.of(filters.figure))


def test_the_year_reads_the_committees_figures_in_vietnamese(
    demo: None, official: Client, settings: Any
) -> None:
    settings.LANGUAGE_CODE = "vi"
    page = official.get(YEAR_PAGE, {"year": "2025", "as_of": "31/12/2025"}).content.decode()
    assert '<html lang="vi">' in page
    text = text_of(page)
    assert "16.716.074" in text
    assert "13.659.992" in text
    assert "3.056.082" in text
    assert "14.797.456" in text
    assert "1.918.618" in text
    assert "31/12/2025" in text
    shown = figures(official, f"{YEAR_PAGE}?year=2025&as_of=2025-12-31")
    assert shown["proposed"] == 16_716_074
    assert shown["unallocated"] == 3_056_082
    group = re.search(r'<tr data-group="central">.*?</tr>', page, re.S)
    local = re.search(r'<tr data-group="local">.*?</tr>', page, re.S)
    assert group
    assert local
    assert {k: v for k, _, v in figures_on(group[0])}["bodies"] == 26
    assert {k: v for k, _, v in figures_on(local[0])}["bodies"] == 20


def test_the_page_opens_on_the_latest_year_as_of_today(demo: None, official: Client) -> None:
    page = official.get(YEAR_PAGE).content.decode()
    assert re.search(r'<option value="2025" selected>', page)
    today = budget_summary(2025, timezone.localdate())
    shown = figures(official, YEAR_PAGE)
    assert (shown["proposed"], shown["disbursed"]) == (today["proposed"], today["disbursed"])


@pytest.mark.parametrize("as_of", ["30/11/2025", "2026-06-30"])
def test_every_figure_equals_the_list_it_links_to(demo: None, official: Client, as_of: str) -> None:
    page = official.get(YEAR_PAGE, {"year": "2025", "as_of": as_of}).content.decode()
    links = figures_on(page)
    shown = {key for key, _, value in links if value > 0}
    if as_of == "30/11/2025":  # only the first proposals were known then
        assert shown == {"proposed", "unallocated", "bodies"}
    else:  # the totals, two groups (bodies and money), 46 organisations, two programmes
        assert shown == {*MONEY, "bodies"}
        assert len(links) == 4 + 2 * 5 + 46 * 4 + 2 * 4
    # Every figure against what its list's filters add up to; the list pages themselves for
    # the totals, the groups, the programmes and one organisation in five (the other rows
    # are the same template, 184 figures).
    rows = re.findall(r'<tr data-org="[^"]+">.*?</tr>', page, re.S)
    sampled = {url for row in rows[::5] for _, url, _ in figures_on(row)}
    in_rows = {url for row in rows for _, url, _ in figures_on(row)}
    for key, url, value in links:
        check(key, url, value, selected(url))
        if url in sampled or url not in in_rows:
            check(key, url, value, listed(official, url))


def test_the_entries_behind_a_figure_add_up_and_page(demo: None, official: Client) -> None:
    url = "/budget/entries/?year=2025&as_of=2026-06-30&figure=disbursed"
    found = listed(official, url)
    assert found.total == budget_summary(2025, date(2026, 6, 30))["disbursed"]
    assert found.count > 50  # more than a page
    first = official.get(url).content.decode()
    second = official.get(url + "&page=2").content.decode()
    rows = re.findall(r'<tr data-entry="(\d+)">', first) + re.findall(
        r'<tr data-entry="(\d+)">', second
    )
    assert len(rows) == len(set(rows)) == min(found.count, 100)
    # Every entry counted: the stages' sums, no figure of its own.
    every = listed(official, "/budget/entries/?year=2025&as_of=2026-06-30")
    assert every.total is None
    assert every.count == (
        listed(official, "/budget/entries/?year=2025&as_of=2026-06-30&figure=unallocated").count
        + found.count
    )


def test_the_figures_are_the_same_for_every_official(
    demo: None, client: Client, make_user: Callable[..., Any]
) -> None:
    """The same figures whoever reads them; only a keeper is offered the form to record."""
    url = f"{YEAR_PAGE}?year=2025&as_of=2026-06-30"
    seen = []
    for code, role in [("79", "reporter"), ("BTC", "approver"), ("BCDTW", "secretariat")]:
        client.force_login(make_user(code, role))
        page = client.get(url).content.decode()
        figures = page.split('id="budget-figures"')[1].split("</main>")[0]
        # The keepers' links to their forms aside (the share's note offers one).
        seen.append(re.sub(r"\s*<a data-keeper [^>]*>.*?</a>", "", figures))
        org = client.get("/budget/orgs/BCA/?as_of=2026-06-30").content.decode()
        seen.append(org.split('id="year-table"')[1].split('id="task-list-link"')[0])
    assert seen[0] == seen[2] == seen[4]
    assert seen[1] == seen[3] == seen[5]


# Each page: the session, the user and their roles (3), the frame's memberships and menu
# counts (2), the session's renewal (3), and its own reads, whatever the number of entries.
PAGE_QUERIES = {
    # The years; the amounts in force, the disbursements, their organisations and programmes;
    # the money linked to tasks (none: no alert to read further); the totals of state
    # spending in force (the share).
    "/budget/?as_of=2026-06-30": 15,
    "/budget/?as_of=2025-11-30": 15,
    # The list's count and sums (one query), its page of rows.
    "/budget/entries/?year=2025&figure=disbursed": 10,
    "/budget/entries/?year=2025": 10,
    # The organisation, its entries and the tasks and dossiers they name, its task counts.
    "/budget/orgs/BCA/?as_of=2026-06-30": 13,
    # The entries, read once.
    "/budget/entries/export.xlsx?year=2025": 7,
}


@pytest.mark.parametrize(("url", "queries"), PAGE_QUERIES.items())
def test_the_pages_run_a_bounded_number_of_queries(
    demo: None, official: Client, django_assert_max_num_queries: Any, url: str, queries: int
) -> None:
    with django_assert_max_num_queries(queries):
        response = official.get(url)
        if response.streaming:
            b"".join(cast(Any, response).streaming_content)
    assert response.status_code == 200


def test_an_organisation_over_the_years_shows_its_revisions(
    demo: None, official: Client, make_user: Callable[..., Any]
) -> None:
    keeper = make_user("BTC", "approver")
    bqp = Organization.objects.get(code="BQP")
    programme = Programme.objects.get(code="DA06")
    services.entry_record(
        keeper,
        year=2026,
        organization=bqp,
        programme=programme,
        stage="proposed",
        amount=200_000,
        dated=date(2026, 3, 1),
        note="Dự toán năm 2026",
    )
    page = official.get("/budget/orgs/BQP/", {"as_of": "2025-12-31"}).content.decode()
    standing = dict(re.findall(r'<tr data-entry="(\d+)".*?data-standing="(\w+)"', page, re.S))
    first, revised = Entry.objects.filter(organization=bqp, stage="proposed", year=2025).order_by(
        "dated"
    )
    assert standing[str(first.pk)] == "replaced"
    assert standing[str(revised.pk)] == "counted"
    later = Entry.objects.get(organization=bqp, year=2026)
    assert standing[str(later.pk)] == "later"
    assert keeper.username in page  # who recorded it
    # Each year's figures are their lists' amounts.
    links = figures_on(page.split('id="year-table"')[1].split("</table>")[0])
    assert {url.split("year=")[1][:4] for _, url, _ in links} == {"2025", "2026"}
    for key, url, value in links:
        check(key, url, value, listed(official, url))
    years = re.findall(r'<tr data-year="(\d+)">', page)
    assert years == ["2026", "2025"]


def test_beside_the_money_the_tasks_it_answers_for(
    demo: None, official: Client, make_task: Callable[..., Task]
) -> None:
    def bqp() -> Organization:
        return Organization.objects.get(code="BQP")

    make_task("BQP", assigned_on=date(2025, 3, 1), deadline=date(2025, 6, 30))
    make_task("BQP", assigned_on=date(2025, 3, 1), deadline=date(2026, 6, 30))
    # What it assigns to its own units is its own business: not counted.
    unit = org_create(SYSTEM, code="BQP-VP", name_vi="Văn phòng Bộ", kind="unit", parent=bqp())
    make_task(unit.code, "BQP", assigned_on=date(2025, 3, 1))
    page = official.get("/budget/orgs/BQP/", {"as_of": "2025-12-31"}).content.decode()
    shown = {
        m[0]: (m[1], int(m[2]))
        for m in re.findall(r'data-task-figure="(\w+)" href="([^"]+)">(\d+)<', page)
    }
    assert shown["total"][1] == 2
    assert shown["overdue"][1] == 1
    assert shown["in_progress"][1] == 1
    for key, (url, value) in shown.items():
        answer = official.get(url.replace("&amp;", "&")).content.decode()
        found = re.search(r'id="count" data-count="(\d+)"', answer)
        assert found, key
        assert int(found[1]) == value, key
    link = 'href="/tasks/?org=BQP&amp;role=lead&amp;as_of=2025-12-31" id="task-list-link"'
    assert link in page


def test_the_export_imports_back_unchanged(demo: None, official: Client, settings: Any) -> None:
    for language in ("vi", "en"):
        settings.LANGUAGE_CODE = language
        answer = official.get(
            "/budget/entries/export.xlsx", {"year": "2025", "as_of": "2026-06-30"}
        )
        assert answer.status_code == 200
        content = b"".join(cast(Any, answer).streaming_content)
        rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))  # type: ignore[union-attr]
        every = listed(official, "/budget/entries/?year=2025&as_of=2026-06-30")
        assert len(rows) - 1 == every.count
        before = Entry.objects.count()
        report = budget_import(SYSTEM, io.BytesIO(content), source_name="xuat.xlsx")
        assert (report.rows, report.created, report.unchanged) == (every.count, 0, every.count)
        assert Entry.objects.count() == before


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/budget/entries/?year=abc", "Year"),
        ("/budget/entries/?year=1999", "Year"),
        ("/budget/entries/", "Year"),
        ("/budget/entries/?year=2025&as_of=31/02/2025", "As of"),
        ("/budget/entries/?year=2025&org=Bộ Không Có", "Organisation"),
        ("/budget/entries/?year=2025&programme=NOPE", "Programme"),
        ("/budget/entries/?year=2025&figure=secrets", "Figure"),
        ("/budget/entries/?year=2025&org=B%00TC", "Organisation"),
        ("/budget/?year=2025&as_of=2025-13-01", "As of"),
        ("/budget/?year=20255", "Year"),
        ("/budget/entries/export.xlsx?year=2025&group=north", "Group"),
    ],
)
def test_bad_input_is_a_form_error_never_a_server_error(
    demo: None, official: Client, url: str, field: str
) -> None:
    response = official.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    errors = re.search(r'id="form-errors">(.*?)</div>\s*</div>', page, re.S)
    assert errors, url
    assert field in errors[1], url


def test_a_wrong_day_on_an_organisations_page_is_said(demo: None, official: Client) -> None:
    response = official.get("/budget/orgs/BCA/", {"as_of": "31/02/2026"})
    assert response.status_code == 200
    assert "is not a date" in response.content.decode()


def test_an_unknown_organisation_is_not_found_and_visitors_sign_in(
    demo: None, official: Client
) -> None:
    assert official.get("/budget/orgs/NOPE/").status_code == 404
    for url in ("/budget/", "/budget/entries/?year=2025", "/budget/orgs/BCA/"):
        response = Client().get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]
