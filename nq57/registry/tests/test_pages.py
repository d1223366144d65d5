"""The registry's pages on the demo file: every figure is the count of the list it links to,
whoever looks; the pages show the registry as it stood on the date; bad dates are form errors;
the export holds the list; query counts are pinned."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from typing import Any, cast

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from nq57.core.actors import SYSTEM
from nq57.orgs.models import Organization
from nq57.registry import services
from nq57.registry.demo import DEMO_FILE
from nq57.registry.dossiers.services import dossier_register, dossier_return
from nq57.registry.exchange import databases_import
from nq57.registry.models import Database, DatabaseList, StatusEntry
from nq57.web.tests.pages import figure_links, listed_count

pytestmark = pytest.mark.django_db
REPORT_DAY = "2025-12-05"


@pytest.fixture
def demo() -> None:
    call_command("import_databases", str(DEMO_FILE), stdout=io.StringIO())


@pytest.fixture
def official(client: Client, make_user: Callable[..., Any]) -> Client:
    client.force_login(make_user("BCDTW", "secretariat"))
    return client


def figures(client: Client, url: str) -> dict[str, int]:
    """The page's first figure of each key (the cards come before the owner table)."""
    found: dict[str, int] = {}
    for key, _, value in figure_links(client.get(url).content.decode()):
        found.setdefault(key, value)
    return found


def check_every_figure(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200
    links = figure_links(response.content.decode())
    assert links, "the page shows no linked figure"
    for key, link, value in links:
        assert listed_count(client, link) == value, (key, link)
    return len(links)


def test_the_registry_reads_the_committees_figures_of_5_december_2025(
    demo: None, official: Client
) -> None:
    nq71 = figures(official, "/registry/?list=NQ71-2025&as_of=05/12/2025")
    assert (nq71["total"], nq71["formed"], nq71["others"], nq71["at_risk"]) == (105, 31, 36, 38)
    assert nq71["deploying"] + nq71["not_started"] == 74
    kh02 = figures(official, f"/registry/?list=KH02&as_of={REPORT_DAY}")
    assert (kh02["total"], kh02["formed"], kh02["deploying"], kh02["not_started"]) == (12, 4, 5, 3)


def test_the_registry_opens_on_resolution_71s_list_as_of_today(
    demo: None, official: Client
) -> None:
    page = official.get("/registry/").content.decode()
    assert re.search(r'<option value="NQ71-2025" selected>', page)
    assert figures(official, "/registry/")["total"] == 105


@pytest.mark.parametrize("as_of", [REPORT_DAY, "2025-05-01", "2025-12-31"])
@pytest.mark.parametrize("code", ["NQ71-2025", "KH02"])
def test_every_figure_of_the_registry_is_the_count_of_its_list(
    demo: None, official: Client, code: str, as_of: str
) -> None:
    # The cards, then five per owner.
    assert check_every_figure(official, f"/registry/?list={code}&as_of={as_of}") > 6 + 5 * 3


def test_the_figures_are_the_same_whoever_looks(
    demo: None, client: Client, make_user: Callable[..., Any]
) -> None:
    url = f"/registry/?list=NQ71-2025&as_of={REPORT_DAY}"
    seen = []
    for code, role in [("BCDTW", "secretariat"), ("79", "reporter"), ("BTC", "approver")]:
        client.force_login(make_user(code, role))
        seen.append(client.get(url).content.decode().split('id="registry-figures"')[1])
        assert check_every_figure(client, url) > 6
    assert seen[0] == seen[1] == seen[2]


def test_anonymous_visitors_are_sent_to_sign_in(demo: None, client: Client) -> None:
    for url in ("/registry/", "/registry/databases/", "/registry/databases/CSDLQG-DANCU/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_an_owners_row_drills_down_to_its_databases(demo: None, official: Client) -> None:
    page = official.get(f"/registry/?list=NQ71-2025&as_of={REPORT_DAY}").content.decode()
    row = re.search(r'<tr data-org="BTC">.*?</tr>', page, re.S)
    assert row
    link = re.search(r'<a href="([^"]+)">', row[0])
    assert link
    listing = official.get(link[1].replace("&amp;", "&")).content.decode()
    btc = Organization.objects.get(code="BTC")
    expected = Database.objects.filter(owner=btc, lists__code="NQ71-2025").count()
    assert f'data-count="{expected}"' in listing
    assert len(re.findall(r'<tr data-code="', listing)) == expected


def test_a_status_entry_after_the_date_does_not_show(demo: None, official: Client) -> None:
    database = Database.objects.get(code="CSDLQG-DANCU")  # deploying, formed from 1/11/2025
    before = official.get("/registry/databases/CSDLQG-DANCU/?as_of=31/10/2025").content.decode()
    assert 'data-status="deploying"' in before
    assert "01/11/2025" not in before
    assert 'id="later-entries"' in before
    after = official.get("/registry/databases/CSDLQG-DANCU/?as_of=2025-11-01").content.decode()
    assert 'data-status="formed"' in after
    assert 'id="later-entries"' not in after
    # And in the lists: formed from 1 November, not before.
    formed = "/registry/databases/?status=formed&q=CSDLQG-DANCU"
    assert listed_count(official, formed + "&as_of=2025-10-31") == 0
    assert listed_count(official, formed + "&as_of=2025-11-01") == 1
    services.status_record(
        SYSTEM, database=database, since=date(2025, 12, 20), status="deploying", risk="high"
    )
    on_report = official.get(f"/registry/databases/CSDLQG-DANCU/?as_of={REPORT_DAY}")
    assert 'data-status="formed"' in on_report.content.decode()
    assert figures(official, f"/registry/?list=NQ71-2025&as_of={REPORT_DAY}")["formed"] == 31


@pytest.mark.parametrize("bad", ["31/02/2025", "tomorrow", "2025-13-01", "05/12/25"])
def test_a_bad_date_is_a_form_error(demo: None, official: Client, bad: str) -> None:
    for url in ("/registry/", "/registry/databases/", "/registry/databases/CSDLQG-DANCU/"):
        response = official.get(url, {"as_of": bad})
        assert response.status_code == 200, url
        page = response.content.decode()
        assert 'id="form-errors"' in page, url
        assert "dd/mm/yyyy" in page, url


def test_an_unknown_list_or_owner_is_a_form_error(demo: None, official: Client) -> None:
    for url in ("/registry/?list=NQ99", "/registry/databases/?owner=nowhere"):
        response = official.get(url)
        assert response.status_code == 200
        assert 'id="form-errors"' in response.content.decode()
    assert official.get("/registry/databases/NO-SUCH-DB/").status_code == 404
    assert official.get("/registry/databases/?as_of=2025-01-01%00").status_code == 200


def test_the_list_pages(demo: None, official: Client) -> None:
    url = f"/registry/databases/?list=NQ71-2025&as_of={REPORT_DAY}"
    first = official.get(url).content.decode()
    assert len(re.findall(r'<tr data-code="', first)) == 50
    assert 'rel="next"' in first
    third = official.get(url + "&page=3").content.decode()
    assert len(re.findall(r'<tr data-code="', third)) == 5


def test_the_database_page_shows_what_the_database_is(demo: None, official: Client) -> None:
    database = Database.objects.get(code="CSDLQG-TAICHINH")
    database.legal_basis = "Luật Ngân sách nhà nước 2025"
    database.target_on = date(2025, 12, 31)
    database.connected_on = date(2025, 7, 1)
    database.save()
    dossier = dossier_register(
        SYSTEM, database=database, amount_million_vnd=10359458, registered_on=date(2025, 8, 1)
    )
    dossier_return(
        SYSTEM, dossier=dossier, missing_documents="Báo cáo nghiên cứu khả thi", on=date(2025, 9, 1)
    )
    official.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    response = official.get("/registry/databases/CSDLQG-TAICHINH/?as_of=05/12/2025")
    page = response.content.decode()
    for shown in (
        "CSDLQG-TAICHINH",
        "Luật Ngân sách nhà nước 2025",
        "31/12/2025",
        "01/07/2025",
        "10.359.458",
        "Báo cáo nghiên cứu khả thi",
        "Chưa bố trí kinh phí",  # the risk's reason
        "30/09/2025",
        "NQ71-2025",
        "KH02",
    ):
        assert shown in page, shown
    assert 'data-status="deploying"' in page
    assert "not_started" not in re.sub(r'data-[a-z]+="[^"]*"', "", page)


def test_the_export_holds_the_list_as_it_stood(demo: None, official: Client) -> None:
    official.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    response = official.get(
        "/registry/databases/export/",
        {"list": "KH02", "as_of": REPORT_DAY, "status": "not_started"},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(b"".join(cast(Any, response).streaming_content))).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:3] == ("Mã cơ sở dữ liệu", "Tên cơ sở dữ liệu", "Loại cơ sở dữ liệu")
    assert len(body) == 3
    assert {row[5] for row in body} == {"Chưa triển khai"}
    assert all("KH02" in str(row[4]).split(";") for row in body)
    assert {row[0] for row in body} == {
        d.code
        for d in Database.objects.filter(lists__code="KH02")
        if d.status_entries.filter(since__lte=date(2025, 12, 5)).order_by("-since")[0].status
        == "not_started"
    }


def test_the_export_imports_back_unchanged(demo: None, official: Client) -> None:
    official.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    response = official.get("/registry/databases/export/", {"as_of": REPORT_DAY})
    content = io.BytesIO(b"".join(cast(Any, response).streaming_content))
    content.name = "export.xlsx"
    counted = (Database, DatabaseList, StatusEntry)
    before = [model.objects.count() for model in counted]
    # An identical row is ignored; a row that said anything else of a day would be refused.
    databases_import(SYSTEM, content)
    assert [model.objects.count() for model in counted] == before


def test_pages_run_a_fixed_number_of_queries(
    demo: None, official: Client, django_assert_num_queries: Any
) -> None:
    # Session, user, the menu's counts (as every official page), then the page's own.
    with django_assert_num_queries(REGISTRY_QUERIES):
        official.get(f"/registry/?list=NQ71-2025&as_of={REPORT_DAY}")
    with django_assert_num_queries(LIST_QUERIES):
        official.get(f"/registry/databases/?list=NQ71-2025&as_of={REPORT_DAY}")
    with django_assert_num_queries(DATABASE_QUERIES):
        official.get("/registry/databases/CSDLQG-TAICHINH/")


# Each page: the session, the user and their roles (3); the menu's counts (2) and the
# session's renewal (3), as every official page. Then its own, never one per row or owner:
# the registry the lists, the summary (which names its list again), the counts by owner
# and the owners, the dossiers' figures (6); the list
# the lists, the count and the rows (3); a database itself, its lists, history (3), its
# dossiers (one; their steps another when it has some) and, for whoever may register one
# (the secretariat here), the appraising body named on the form (1).
REGISTRY_QUERIES = 14
LIST_QUERIES = 11
# The page's own thirteen, its quality score (the latest period with evidence and its rows,
# official and provisional: a database without evidence asks no further) and its requests.
DATABASE_QUERIES = 17
