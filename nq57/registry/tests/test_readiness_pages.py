"""The public readiness ranking: every count on it equals the count of the list it links to,
whoever looks; the page runs a bounded number of queries; wrong input is answered, never a 500."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from typing import Any, cast

import pytest
from django.core.management import call_command
from django.test import Client

from nq57.registry.demo import DEMO_FILE
from nq57.registry.models import Database
from nq57.registry.quality.demo import load_quality_demo
from nq57.registry.sharing.demo import load_sharing_demo

pytestmark = pytest.mark.django_db
URL = "/registry/readiness/"
LINK = re.compile(r'<a href="([^"]+)" data-figure="(\w+)" data-count="(\d+)"')


@pytest.fixture
def registry() -> None:
    call_command("import_databases", str(DEMO_FILE), stdout=io.StringIO())


@pytest.fixture
def demo(registry: None) -> None:
    # Some joined the sharing platform before the day, one after it (not counted then).
    codes = list(Database.objects.order_by("code").values_list("code", flat=True))
    Database.objects.filter(code__in=codes[::3]).update(connected_on=date(2025, 9, 1))
    Database.objects.filter(code=codes[1]).update(connected_on=date(2026, 1, 1))
    # The pilot's quality assessments, verified by the National Data Centre (most of them).
    call_command("load_quality_methods", stdout=io.StringIO())
    load_quality_demo()
    # Requests at every stage on the day of the committee's report.
    load_sharing_demo(date(2025, 12, 5))


def listed_count(client: Client, url: str) -> int:
    page = client.get(url.replace("&amp;", "&"))
    assert page.status_code == 200
    found = re.search(r'id="count" data-count="(\d+)"', page.content.decode())
    assert found is not None
    return int(found.group(1))


def test_every_count_equals_the_list_it_links_to(
    demo: None, client: Client, django_assert_max_num_queries: Any
) -> None:
    # The page's queries are bounded: the organisations' roots, the databases, the entries in
    # force, the official quality scores (latest period, its rows, the databases, older
    # periods, the methods), the sharing requests' figures, the ranked organisations.
    with django_assert_max_num_queries(10):
        page = client.get(URL, {"as_of": "05/12/2025"})
    assert page.status_code == 200
    links = LINK.findall(page.content.decode())
    counted = {figure for _, figure, count in links if int(count) > 0}
    assert {"databases", "formed", "connected", "quality"} <= counted
    # The demo's requests: answered, granted, refused and overruled.
    assert {"due", "answered_on_time", "answered", "granted_at_once"} <= counted
    assert {"refused", "refusals_overruled"} <= counted
    # Every count above zero, and every zero of one organisation (the rest are alike).
    first_org = links[0][0].split("/")[3]
    for url, _, count in links:
        if int(count) or url.split("/")[3] == first_org:
            assert listed_count(client, url) == int(count), url


def test_the_ranking_is_the_same_for_everyone(
    demo: None, client: Client, make_user: Callable[..., Any]
) -> None:
    anonymous = client.get(URL, {"as_of": "2025-12-05"}).content.decode()
    signed_in = Client()
    signed_in.force_login(make_user("01", "reporter"))
    seen = signed_in.get(URL, {"as_of": "2025-12-05"}).content.decode()

    def table(html: str) -> list[str]:
        return re.findall(r'<tr data-org="[^"]+">.*?</tr>', html, flags=re.S)

    assert table(anonymous)
    assert table(anonymous) == table(seen)


def test_a_day_before_any_status_ranks_nobody(registry: None, client: Client) -> None:
    html = client.get(URL, {"as_of": "2024-01-01"}).content.decode()
    ranks = re.findall(r'<tr data-org="[^"]+"><td>([^<]+)</td>', html)
    assert ranks
    assert set(ranks) == {"—"}


@pytest.mark.parametrize("as_of", ["31/02/2025", "tomorrow", "2025-13-01"])
def test_a_wrong_day_is_said_and_today_shown(client: Client, as_of: str) -> None:
    page = client.get(URL, {"as_of": as_of})
    assert page.status_code == 200
    assert "is not a date" in page.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/registry/readiness/NOPE/databases/",
        "/registry/readiness/BNNMT/databases/?figure=secrets",
        "/registry/readiness/BNNMT/requests/?figure=purpose",
        "/registry/readiness/NOPE/requests/",
    ],
)
def test_an_unknown_organisation_or_figure_is_not_found(client: Client, url: str) -> None:
    assert client.get(url).status_code == 404


def test_the_workbook_holds_the_ranking_the_page_shows(demo: None, client: Client) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    from nq57.registry.readiness.selectors import readiness_ranking

    answer = client.get("/registry/readiness/export.xlsx", {"as_of": "05/12/2025"})
    assert answer.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(cast(Any, answer).streaming_content))).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    ranked = [row for rows_ in readiness_ranking(date(2025, 12, 5)).values() for row in rows_]
    assert len(body) == len(ranked)
    by_code = {row[header.index("Organisation code")]: row for row in body}
    for row in ranked:
        line = by_code[row.org.code]
        assert line[header.index("Rank")] == row.rank
        assert line[header.index("Databases formed")] == row.counts.formed
        assert line[header.index("Databases with a status")] == row.counts.databases


def test_a_database_page_shows_the_official_score_the_ranking_counts(
    demo: None, make_user: Callable[..., Any]
) -> None:
    from nq57.registry.quality.selectors.scores import official_scores

    scores = official_scores(date(2025, 12, 5))
    database = Database.objects.filter(pk__in=list(scores)).order_by("code").first()
    assert database is not None
    official = Client()
    official.force_login(make_user("01", "reporter"))
    html = official.get(f"/registry/databases/{database.code}/", {"as_of": "2025-12-05"})
    shown = re.search(r'data-figure="quality-score">([^<]+)<', html.content.decode())
    assert shown is not None
    assert shown.group(1) == f"{scores[database.pk].score:.1f}"
