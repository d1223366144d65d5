"""The share of state spending on the year's page — each basis's total in force, the approved
and disbursed shares `spending_shares` gives, both bases side by side, every amount a link to
the entries it adds up — and the keepers' form for the totals (by field, never a 500, audited,
nobody else finding it)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from nq57.budget import services
from nq57.budget.choices import SpendingBasis
from nq57.budget.demo import DEMO_TOTALS, load_budget_demo
from nq57.budget.models import StateSpending
from nq57.budget.shares import spending_shares
from nq57.core.actors import SYSTEM
from nq57.core.models import AuditEvent
from nq57.web.templatetags.nq57 import number, percent

from .pages import figures_on, listed, load_demo, text_of

pytestmark = pytest.mark.django_db
YEAR_PAGE = "/budget/"
NEW = "/budget/spending/new/"


@pytest.fixture
def official(client: Client, make_user: Callable[..., Any]) -> Client:
    client.force_login(make_user("79", "reporter"))
    return client


@pytest.fixture
def keeper(client: Client, make_user: Callable[..., Any]) -> Client:
    client.force_login(make_user("BKHCN", "approver"))
    return client


def section(client: Client, **query: str) -> str:
    """The share's section of the year's page."""
    response = client.get(YEAR_PAGE, query)
    assert response.status_code == 200
    found = re.search(
        r'<section[^>]*id="spending-share">.*?</section>', response.content.decode(), re.S
    )
    assert found, query
    return found[0]


def row_of(part: str, basis: str) -> str:
    found = re.search(rf'<tr data-basis="{basis}">.*?</tr>', part, re.S)
    assert found, basis
    return found[0]


def written() -> tuple[int, int]:
    return (
        StateSpending.objects.count(),
        AuditEvent.objects.filter(event="state_spending.recorded").count(),
    )


@pytest.mark.parametrize("as_of", ["31/12/2025", "30/06/2026"])
def test_the_page_shows_the_shares_both_bases_side_by_side(
    official: Client, settings: Any, as_of: str
) -> None:
    settings.LANGUAGE_CODE = "vi"
    load_budget_demo()
    part = section(official, year="2025", as_of=as_of)
    day = date(*reversed([int(n) for n in as_of.split("/")]))
    shares = spending_shares(2025, day)
    assert [s.basis.value for s in shares] == ["total", "balanced"]
    assert re.findall(r'data-basis="(\w+)"', part) == ["total", "balanced"]
    with translation.override("vi"):
        for share in shares:
            row = row_of(part, share.basis.value)
            text = text_of(f"<main>{row}</main>")
            assert str(share.basis.label) in text
            assert number(share.total) in text
            assert share.dated.strftime("%d/%m/%Y") in text
            approved = re.search(r'data-share="approved">([^<]+)<', row)
            disbursed = re.search(r'data-share="disbursed">([^<]+)<', row)
            assert approved
            assert disbursed
            assert approved[1] == percent(share.approved_share)
            assert disbursed[1] == percent(share.disbursed_share)
            meets = "yes" if share.meets_target else "no"
            assert f'data-meets="{meets}"' in row
    assert shares[0].total == DEMO_TOTALS[SpendingBasis.TOTAL]
    # Two totals, two shares: the page says why both are there.
    assert 'id="share-bases"' in part
    assert 'id="share-none"' not in part


def test_the_shares_amounts_open_the_entries_the_totals_open(official: Client) -> None:
    load_budget_demo()
    page = official.get(YEAR_PAGE, {"year": "2025", "as_of": "2026-06-30"}).content.decode()
    totals = {key: url for key, url, _ in figures_on(page.split('id="spending-share"')[0])}
    part = page.split('id="spending-share"')[1].split("</section>")[0]
    shown = figures_on(part)
    assert sorted(key for key, _, _ in shown) == sorted(["approved", "disbursed"] * 2)
    for key, url, value in shown:
        assert value > 0
        assert url == totals[key]
        assert listed(official, url).total == value, (key, url)
    share = spending_shares(2025, date(2026, 6, 30))[0]
    assert {key: value for key, _, value in shown} == {
        "approved": share.approved,
        "disbursed": share.disbursed,
    }


def test_one_basis_shows_one_row_and_no_comparison(official: Client) -> None:
    load_demo()
    services.state_spending_record(
        SYSTEM, year=2025, basis="balanced", amount=400_000_000, dated=date(2024, 11, 13)
    )
    part = section(official, year="2025", as_of="2025-12-31")
    assert re.findall(r'data-basis="(\w+)"', part) == ["balanced"]
    assert 'id="share-bases"' not in part
    # 13,659,992 of 400,000,000: 3.4 %, above Resolution 57's floor.
    assert 'data-meets="yes"' in part
    # Before the total's day, none.
    assert 'id="share-none"' in section(official, year="2025", as_of="2024-11-12")


def test_no_total_says_so_and_offers_the_form_to_keepers_only(
    client: Client, make_user: Callable[..., Any]
) -> None:
    load_demo()
    client.force_login(make_user("79", "approver"))
    part = section(client, year="2025", as_of="2025-12-31")
    assert 'id="share-none"' in part
    assert 'id="share-table"' not in part
    assert NEW not in client.get(YEAR_PAGE).content.decode()
    client.force_login(make_user("BTC", "reporter"))
    assert f'href="{NEW}?year=2025"' in section(client, year="2025", as_of="2025-12-31")
    assert 'id="spending-new"' in client.get(YEAR_PAGE).content.decode()


def total(**changes: str) -> dict[str, str]:
    return {
        "year": "2026",
        "basis": "total",
        "amount": "2.700.000.000",
        "dated": "14/11/2025",
        "note": "Nghị quyết về dự toán ngân sách nhà nước năm 2026",
        **changes,
    }


def test_a_keeper_records_a_total_and_the_page_shows_it(keeper: Client) -> None:
    answer = keeper.post(NEW, total())
    assert answer.status_code == 302
    assert answer["Location"].startswith("/budget/?year=2026&as_of=")
    recorded = StateSpending.objects.get()
    assert (recorded.year, recorded.basis, recorded.amount) == (2026, "total", 2_700_000_000)
    assert recorded.dated == date(2025, 11, 14)
    assert recorded.recorded_by is not None
    event = AuditEvent.objects.get(event="state_spending.recorded")
    assert event.data["amount"] == 2_700_000_000
    assert 'data-basis="total"' in keeper.get(answer["Location"]).content.decode()
    # The same total again changes nothing; another one that day is refused beside the amount.
    before = written()
    assert keeper.post(NEW, total(amount="2,700,000,000")).status_code == 302
    assert written() == before
    refused = keeper.post(NEW, total(amount="2.800.000.000"))
    assert refused.status_code == 400
    assert 'id="id_amount-errors"' in refused.content.decode()
    assert written() == before
    # A revision is dated the day it was made, on the other basis as on this one.
    assert keeper.post(NEW, total(amount="2.800.000.000", dated="01/06/2026")).status_code == 302
    assert keeper.post(NEW, total(basis="balanced", amount="2.100.000.000")).status_code == 302
    assert written() == (before[0] + 2, before[1] + 2)


def test_the_form_opens_on_the_year_asked(keeper: Client) -> None:
    page = keeper.get(NEW, {"year": "2027"}).content.decode()
    assert re.search(r'name="year" value="2027"', page)
    assert keeper.get(NEW, {"year": "2\x0027"}).status_code == 200


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": "12,5"}, "amount"),
        ({"amount": "-100"}, "amount"),
        ({"amount": "0"}, "amount"),
        ({"amount": "một tỷ"}, "amount"),
        ({"amount": ""}, "amount"),
        ({"amount": "9" * 40}, "amount"),
        ({"amount": "9" * 41}, "amount"),
        ({"amount": "1.000.000.000.000"}, "amount"),
        ({"amount": "1\x00"}, "amount"),
        ({"basis": "spent"}, "basis"),
        ({"basis": ""}, "basis"),
        ({"basis": "total\x00"}, "basis"),
        ({"dated": "31/02/2026"}, "dated"),
        ({"dated": "2026"}, "dated"),
        ({"dated": ""}, "dated"),
        ({"year": "1999"}, "year"),
        ({"year": "năm nay"}, "year"),
        ({"year": "9" * 30}, "year"),
        ({"note": "a\x00b"}, "note"),
        ({"note": "x" * 2001}, "note"),
    ],
)
def test_a_wrong_field_is_said_beside_it_and_nothing_is_written(
    keeper: Client, changes: dict[str, str], field: str
) -> None:
    before = written()
    answer = keeper.post(NEW, total(**changes))
    assert answer.status_code == 400
    assert f'id="id_{field}-errors"' in answer.content.decode(), field
    assert written() == before


@pytest.mark.parametrize(
    ("code", "role"), [("79", "approver"), ("BQP", "approver"), ("BKHCN", "viewer")]
)
def test_others_find_no_form_and_write_nothing(
    client: Client, make_user: Callable[..., Any], code: str, role: str
) -> None:
    client.force_login(make_user(code, role))
    assert client.get(NEW).status_code == 404
    assert client.post(NEW, total()).status_code == 404
    assert written() == (0, 0)


def test_a_visitor_signs_in_first(client: Client) -> None:
    answer = client.get(NEW)
    assert answer.status_code == 302
    assert answer["Location"].startswith("/login/")
