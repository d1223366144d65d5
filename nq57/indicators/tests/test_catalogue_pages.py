"""The catalogue's pages and the period pickers: the secretariat defines an indicator and
its 2026 target, a province enters values and the figure appears; periods are chosen by
name; the overview opens where the data are."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client

from nq57.core.actors import SYSTEM
from nq57.indicators.models import DataSet, Indicator, Target
from nq57.indicators.services import value_set

pytestmark = pytest.mark.django_db
CATALOGUE_QUERIES = 12
NOW = "2026-04-15 09:00 +07:00"


def signed_in(user: Any) -> Client:
    """A client in Vietnamese, the pages' language (the tests' default is English)."""
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "vi"
    return client


def figure(page: str, key: str) -> str:
    found = re.search(rf'data-figure="{key}"[^>]*>\s*([^<\s]+)', page)
    assert found, key
    return found[1]


def period_select(page: str, field_id: str = "f-period") -> str:
    found = re.search(rf'<select[^>]*id="{field_id}"[^>]*>(.*?)</select>', page, re.S)
    assert found, field_id
    return found[1]


def selected_option(page: str, field_id: str = "f-period") -> tuple[str, str]:
    found = re.search(r'<option value="([^"]+)" selected>([^<]+)<', period_select(page, field_id))
    assert found
    return found[1], found[2]


@time_machine.travel(NOW, tick=False)
def test_a_new_indicator_and_its_target_then_a_province_reports_and_the_figure_shows(
    catalogue: DataSet, make_user: Callable[..., Any]
) -> None:
    secretariat = signed_in(make_user("BCDTW", "secretariat"))
    answer = secretariat.post(
        "/indicators/catalogue/elements/new/",
        {
            "dataset": "public_services",
            "code": "records_signed",
            "name_vi": "Hồ sơ được ký số",
            "value_type": "count",
            "time_aggregation": "sum",
        },
    )
    assert answer.status_code == 302
    answer = secretariat.post(
        "/indicators/catalogue/indicators/new/",
        {
            "code": "signed_records_rate",
            "name_vi": "Tỷ lệ hồ sơ được ký số",
            "group": "strategic",
            "formula": "ratio",
            "term_1": "records_signed",
            "term_2": "records_total",
            "factor": "100",
            "unit": "%",
            "direction": "higher",
            "period_type": "",
            "monitor": "VPCP",
        },
    )
    assert answer.status_code == 302
    assert answer["Location"] == "/indicators/signed_records_rate/targets/"
    targets = secretariat.get(answer["Location"]).content.decode()
    assert selected_option(targets, "t-period") == ("2026", "Năm 2026")
    assert '<option value="2026Q4">Quý IV/2026</option>' in targets
    answer = secretariat.post(answer["Location"], {"org": "", "period": "2026", "value": "60,5"})
    assert answer.status_code == 302
    target = Target.objects.get(indicator__code="signed_records_rate")
    assert (target.period, target.org, str(target.value)) == ("2026", None, "60.5000")
    assert "60,5 %" in secretariat.get(answer["Location"]).content.decode()

    reporter = signed_in(make_user("01", "reporter"))
    entry = "/indicators/entry/?dataset=public_services&org=01&period=202603"
    page = reporter.get(entry).content.decode()
    assert 'name="value-records_signed"' in page
    answer = reporter.post(
        entry,
        {
            "dataset": "public_services",
            "org": "01",
            "period": "202603",
            "action": "save",
            "value-records_signed": "30",
            "value-records_total": "60",
        },
    )
    assert answer.status_code == 302
    detail = secretariat.get("/indicators/signed_records_rate/?period=2026").content.decode()
    assert figure(detail, "total") == "50"
    assert "60,5%" in detail or "60.5%" in detail


@time_machine.travel(NOW, tick=False)
def test_every_indicator_page_picks_its_period_by_name(
    catalogue: DataSet, make_user: Callable[..., Any]
) -> None:
    client = signed_in(make_user("01", "reporter"))
    pages = {
        "/indicators/?period=2026Q1": ("2026Q1", "Quý I/2026"),
        "/indicators/online_records_rate/?period=202603": ("202603", "Tháng 3/2026"),
        "/indicators/entry/?dataset=public_services&org=01&period=202602": (
            "202602",
            "Tháng 2/2026",
        ),
        "/indicators/forms/?dataset=legal_documents&period=2026Q1": ("2026Q1", "Quý I/2026"),
    }
    for url, selected in pages.items():
        page = client.get(url).content.decode()
        assert selected_option(page) == selected, url
        assert not re.search(r'<input[^>]*id="f-period"', page), url
    overview = client.get("/indicators/?period=2026").content.decode()
    options = period_select(overview)
    assert '<option value="2026" selected>Năm 2026</option>' in options
    assert '<option value="2026S1">6 tháng đầu năm 2026</option>' in options
    assert '<option value="202604">Tháng 4/2026</option>' in options
    assert "202605" not in options  # no period that has not begun
    # A quarterly form offers quarters only.
    legal = client.get("/indicators/forms/?dataset=legal_documents").content.decode()
    assert "Tháng" not in period_select(legal)


@time_machine.travel("2026-11-20 09:00 +07:00", tick=False)
def test_the_overview_opens_on_the_latest_period_with_data(
    catalogue: DataSet, make_user: Callable[..., Any], django_assert_max_num_queries: Any
) -> None:
    client = signed_in(make_user("01", "reporter"))
    empty = client.get("/indicators/").content.decode()
    assert selected_option(empty) == ("2026", "Năm 2026")  # nothing entered: this year
    value_set(SYSTEM, element="records_total", org="01", period="202605", value=100)
    value_set(SYSTEM, element="records_online", org="01", period="202605", value=40)
    value_set(SYSTEM, element="records_total", org="01", period="202509", value=100)
    # As with a period asked (12), and the terms and national rollups that find it (2).
    with django_assert_max_num_queries(14):
        page = client.get("/indicators/").content.decode()
    assert selected_option(page) == ("202605", "Tháng 5/2026")
    card = page[page.index('data-indicator="online_records_rate"') :][:2000]
    assert figure(card, "national") == "40"
    detail = client.get("/indicators/online_records_rate/").content.decode()
    assert selected_option(detail) == ("202605", "Tháng 5/2026")
    # Codes in addresses keep working.
    assert selected_option(client.get("/indicators/?period=2025").content.decode()) == (
        "2025",
        "Năm 2025",
    )


def test_officials_see_the_catalogue_and_only_deciders_of_the_monitor_change_it(
    catalogue: DataSet, make_user: Callable[..., Any], django_assert_max_num_queries: Any
) -> None:
    reporter = signed_in(make_user("01", "reporter"))
    # Session and user (2), memberships (1), the catalogue (4), the frame's memberships and
    # the menu's count (2), the session's renewal (3).
    with django_assert_max_num_queries(CATALOGUE_QUERIES):
        page = reporter.get("/indicators/catalogue/")
    text = page.content.decode()
    assert 'data-indicator="online_records_rate"' in text
    assert 'data-element="records_total"' in text
    assert "/catalogue/indicators/online_records_rate/" not in text  # no edit link
    assert reporter.get("/indicators/catalogue/indicators/new/").status_code == 403
    assert reporter.get("/indicators/catalogue/indicators/online_records_rate/").status_code == 403
    assert reporter.post("/indicators/online_records_rate/targets/", {}).status_code == 403
    # The indicator and its targets (2), and the frame (8, as above).
    with django_assert_max_num_queries(CATALOGUE_QUERIES - 1):
        targets = reporter.get("/indicators/online_records_rate/targets/").content.decode()
    assert 'data-target="national-2025"' in targets
    assert 'id="t-value"' not in targets  # no form to set one

    monitor = signed_in(make_user("VPCP", "approver"))
    listing = monitor.get("/indicators/catalogue/").content.decode()
    assert "/catalogue/indicators/online_records_rate/" in listing
    assert "/catalogue/indicators/stations_5g/" not in listing  # BKHCN's
    # The indicator, its terms, the elements and monitors offered (4), and the frame (8).
    with django_assert_max_num_queries(CATALOGUE_QUERIES):
        edit = monitor.get("/indicators/catalogue/indicators/online_records_rate/")
    assert edit.status_code == 200
    assert monitor.get("/indicators/catalogue/indicators/stations_5g/").status_code == 403
    # The element and the data sets offered (2), and the frame (8).
    with django_assert_max_num_queries(CATALOGUE_QUERIES - 2):
        assert monitor.get("/indicators/catalogue/elements/records_total/").status_code == 200
    assert monitor.get("/indicators/catalogue/elements/stations_5g/").status_code == 403
    assert monitor.get("/indicators/catalogue/elements/nothing/").status_code == 404


def test_a_form_with_problems_shows_them_and_writes_nothing(
    catalogue: DataSet, make_user: Callable[..., Any]
) -> None:
    client = signed_in(make_user("VPCP", "approver"))
    rate = Indicator.objects.get(code="online_records_rate")
    answer = client.post(
        "/indicators/catalogue/indicators/online_records_rate/",
        {
            "name_vi": rate.name_vi,
            "group": "strategic",
            "formula": "ratio",
            "term_1": "records_online",
            "factor": "100",
            "unit": "%",
            "direction": "higher",
            "period_type": "month",
            "monitor": "VPCP",
        },
    )
    assert answer.status_code == 200
    assert "id_term_1-errors" in answer.content.decode()
    assert rate.terms.count() == 2
    answer = client.post(
        "/indicators/online_records_rate/targets/",
        {"org": "", "period": "202603\x00", "value": "abc"},
    )
    assert answer.status_code == 200
    assert not Target.objects.filter(indicator=rate).exclude(period="2025").exists()
