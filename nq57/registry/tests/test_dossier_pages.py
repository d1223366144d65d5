"""The investment dossier pages on the demo: every figure is what the list it links to holds,
whoever looks; the list is the dossiers as they stood on the day; the owner registers and
resubmits, the appraising body approves or returns, anyone else is answered 404; bad input is
a form error, never a server error; the export holds the list; query counts are pinned."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any, cast

import pytest
from django.conf import settings
from django.test import Client
from openpyxl import load_workbook

from nq57.accounts.models import User
from nq57.core.audit import history_of
from nq57.registry.demo import load_dossier_demo, load_registry_demo
from nq57.registry.models import Database, DossierDecision, InvestmentDossier

from .dossier_pages import dossier_figure_links, list_totals, listed_rows

pytestmark = pytest.mark.django_db
REPORT_DAY = "2025-12-05"


@pytest.fixture
def demo() -> None:
    load_registry_demo()
    load_dossier_demo()


@pytest.fixture
def as_user(client: Client, make_user: Callable[..., User]) -> Callable[[str, str], Client]:
    def sign_in(code: str, role: str) -> Client:
        client.force_login(make_user(code, role))
        return client

    return sign_in


def check_every_figure(client: Client, url: str) -> int:
    """Each dossier figure of the page equals the same figure of the list it opens, and that
    list's totals are those of its rows."""
    response = client.get(url)
    assert response.status_code == 200, url
    links = dossier_figure_links(response.content.decode())
    assert links, f"no dossier figure on {url}"
    for key, link, value in links:
        measure = key.rsplit("-", 1)[1]
        totals = list_totals(client, link)
        assert totals[measure] == value, (key, link)
        rows = listed_rows(client, link)
        assert totals == {
            "dossiers": len(rows),
            "databases": len({row[1] for row in rows}),
            "owners": len({row[2] for row in rows}),
            "amount": sum(row[3] for row in rows),
        }, link
    return len(links)


@pytest.mark.parametrize("as_of", [REPORT_DAY, "2025-07-01", "2026-02-01"])
def test_every_figure_is_what_its_list_holds(
    demo: None, as_user: Callable[[str, str], Client], as_of: str
) -> None:
    client = as_user("BTC", "viewer")
    # Four groups of four measures, then three per owner.
    assert check_every_figure(client, f"/registry/dossiers/?as_of={as_of}") >= 16 + 3
    assert check_every_figure(client, f"/registry/dossiers/?as_of={as_of}&list=KH02") >= 16
    assert check_every_figure(client, f"/registry/?list=NQ71-2025&as_of={as_of}") >= 3


def test_the_list_holds_the_dossiers_returned_on_the_report_day(
    demo: None, as_user: Callable[[str, str], Client]
) -> None:
    client = as_user("BXD", "reporter")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    url = "/registry/dossiers/?as_of=05/12/2025&state=returned"
    page = client.get(url).content.decode()
    assert list_totals(client, url) == {
        "dossiers": 18,
        "databases": 18,
        "owners": 7,
        "amount": 312_450,
    }
    assert {row[4] for row in listed_rows(client, url)} == {"returned"}
    # Vietnamese numbers and dates.
    assert "312.450" in page
    assert "45.000" in page
    assert "15/09/2025" in page  # the day of the finance database's second return
    assert 'id="returned-sentence"' in page


def test_the_figures_are_the_same_whoever_looks(
    demo: None, as_user: Callable[[str, str], Client]
) -> None:
    url = f"/registry/dossiers/?as_of={REPORT_DAY}"
    seen = []
    for code, role in [("BCDTW", "secretariat"), ("79", "reporter"), ("BKHCN", "approver")]:
        page = as_user(code, role).get(url).content.decode()
        seen.append(page.split('id="dossier-figures"')[1].split("</table>")[0])
    assert seen[0] == seen[1] == seen[2]


def test_the_state_is_as_of_the_day(demo: None, as_user: Callable[[str, str], Client]) -> None:
    client = as_user("BTC", "reporter")
    finance = InvestmentDossier.objects.get(database__code="CSDLQG-TAICHINH")

    def state(day: str) -> str:
        rows = listed_rows(client, f"/registry/dossiers/?as_of={day}&q=CSDLQG-TAICHINH")
        return {row[0]: row[4] for row in rows}.get(finance.pk, "")

    assert state("2025-04-21") == ""  # not yet registered
    assert state("2025-04-22") == "registered"
    assert state("2025-08-11") == "resubmitted"
    assert state(REPORT_DAY) == "returned"
    assert state("2026-01-20") == "approved"


def test_the_database_page_shows_its_dossiers_as_of_the_day(
    demo: None, as_user: Callable[[str, str], Client]
) -> None:
    client = as_user("BXD", "viewer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    page = client.get("/registry/databases/CSDLQG-TAICHINH/?as_of=05/12/2025").content.decode()
    section = page.split('id="dossiers"')[1].split("</section>")[0]
    assert 'data-state="returned"' in section
    assert "45.000" in section
    assert "96/TTr-BTC" in section
    assert "15/09/2025" in section
    assert "30/05/2025" in section
    assert "15/12/2025" not in section  # resubmitted after the day
    assert "data-later-steps" in section
    assert 'id="register-dossier"' not in page  # not the owner's official
    before = client.get("/registry/databases/CSDLQG-TAICHINH/?as_of=2025-04-01").content.decode()
    assert 'data-dossier="' not in before.split('id="dossiers"')[1].split("</section>")[0]
    assert 'id="later-dossiers"' in before


def test_the_owner_registers_from_the_database_page(
    demo: None, as_user: Callable[[str, str], Client]
) -> None:
    client = as_user("BTC", "reporter")
    page = client.get("/registry/databases/CSDL-BTC-03/").content.decode()
    assert 'id="register-dossier"' in page
    response = client.post(
        "/registry/databases/CSDL-BTC-03/dossiers/new/",
        {"amount_million_vnd": "12.500", "reference": "301/TTr-BTC", "registered_on": ""},
    )
    assert response.status_code == 302
    dossier = InvestmentDossier.objects.get(database__code="CSDL-BTC-03")
    assert response["Location"] == f"/registry/dossiers/{dossier.pk}/"
    assert dossier.amount_million_vnd == 12_500
    assert dossier.appraiser.code == "BKHCN"
    assert list(history_of(dossier).values_list("event", flat=True)) == ["dossier.registered"]


def test_the_appraiser_returns_then_the_owner_resubmits_then_it_is_approved(
    demo: None, make_user: Callable[..., User]
) -> None:
    dossier = InvestmentDossier.objects.get(database__code="CSDL-BNG-01")  # awaiting
    appraiser, owner = Client(), Client()
    appraiser.force_login(make_user("BKHCN", "approver"))
    owner.force_login(make_user("BNG", "reporter"))
    url = f"/registry/dossiers/{dossier.pk}/"
    page = appraiser.get(url).content.decode()
    assert 'id="appraise-form"' in page
    assert 'id="resubmit-form"' not in page
    # Returning without naming what is missing: the form again, nothing written.
    refused = appraiser.post(url + "appraise/", {"decision": "return", "missing_documents": " "})
    assert refused.status_code == 400
    assert 'id="id_missing_documents-errors"' in refused.content.decode()
    assert DossierDecision.objects.filter(dossier=dossier).count() == 1
    # Neither button (or a forged one): the form again, nothing written.
    for forged in ({}, {"decision": "withdraw"}):
        unsaid = appraiser.post(url + "appraise/", {"missing_documents": "x", **forged})
        assert unsaid.status_code == 400
    assert DossierDecision.objects.filter(dossier=dossier).count() == 1
    done = appraiser.post(
        url + "appraise/", {"decision": "return", "missing_documents": "Thiết kế cơ sở"}
    )
    assert done.status_code == 302
    page = owner.get(url).content.decode()
    assert 'id="resubmit-form"' in page
    assert 'id="appraise-form"' not in page
    unsaid = owner.post(url + "resubmit/", {"note": ""})  # what was added is said
    assert unsaid.status_code == 400
    assert 'id="id_note-errors"' in unsaid.content.decode()
    assert owner.post(url + "resubmit/", {"note": "Đã bổ sung"}).status_code == 302
    assert appraiser.post(url + "appraise/", {"decision": "approve"}).status_code == 302
    assert list(
        DossierDecision.objects.filter(dossier=dossier).values_list("state", flat=True)
    ) == ["registered", "returned", "resubmitted", "approved"]
    # Approved is final: no form for anyone, and a late post is told why.
    late = appraiser.post(url + "appraise/", {"decision": "return", "missing_documents": "x"})
    assert late.status_code == 400
    assert 'id="form-errors"' in late.content.decode()


@pytest.mark.parametrize(
    ("code", "role"),
    [("BXD", "reporter"), ("BTC", "reporter"), ("BNG", "viewer"), ("UBKTTW", "inspector")],
)
def test_a_step_that_is_not_the_actors_answers_404(
    demo: None, as_user: Callable[[str, str], Client], code: str, role: str
) -> None:
    # The foreign ministry's awaiting dossier and returned one; neither is the actor's.
    awaiting = InvestmentDossier.objects.get(database__code="CSDL-BNG-01")
    returned = InvestmentDossier.objects.get(database__code="CSDL-BNNMT-02")
    client = as_user(code, role)
    before = DossierDecision.objects.count()
    appraise = client.post(f"/registry/dossiers/{awaiting.pk}/appraise/", {"decision": "approve"})
    assert appraise.status_code == 404
    resubmit = client.post(f"/registry/dossiers/{returned.pk}/resubmit/", {"note": "x"})
    assert resubmit.status_code == 404
    for verb in (client.get, client.post):
        assert verb("/registry/databases/CSDL-BNNMT-02/dossiers/new/").status_code == 404
    assert DossierDecision.objects.count() == before
    # Reading is every official's, as the registry is.
    assert client.get(f"/registry/dossiers/{awaiting.pk}/").status_code == 200


def test_missing_objects_answer_404(demo: None, as_user: Callable[[str, str], Client]) -> None:
    client = as_user("BCDTW", "secretariat")
    assert client.get("/registry/dossiers/999999/").status_code == 404
    assert client.post("/registry/dossiers/999999/resubmit/").status_code == 404
    assert client.get("/registry/databases/NO-SUCH/dossiers/new/").status_code == 404
    assert client.get("/registry/dossiers/1/appraise/").status_code == 405


@pytest.mark.parametrize(
    "amount", ["", "abc", "12,5", "1e9", "-100", "0", "99999999999999999999", "12\x00"]
)
def test_a_bad_amount_is_a_form_error(
    demo: None, as_user: Callable[[str, str], Client], amount: str
) -> None:
    client = as_user("BTC", "reporter")
    response = client.post(
        "/registry/databases/CSDL-BTC-03/dossiers/new/", {"amount_million_vnd": amount}
    )
    assert response.status_code == 400
    assert 'id="id_amount_million_vnd-errors"' in response.content.decode()
    assert not InvestmentDossier.objects.filter(database__code="CSDL-BTC-03").exists()


@pytest.mark.parametrize(
    "field", [{"registered_on": "31/02/2025"}, {"reference": "x" * 101}, {"note": "a\x00b"}]
)
def test_other_bad_fields_are_form_errors(
    demo: None, as_user: Callable[[str, str], Client], field: dict[str, str]
) -> None:
    client = as_user("BTC", "reporter")
    response = client.post(
        "/registry/databases/CSDL-BTC-03/dossiers/new/", {"amount_million_vnd": "100", **field}
    )
    assert response.status_code == 400
    name = next(iter(field))
    assert f'id="id_{name}-errors"' in response.content.decode()


def test_a_future_day_is_refused_on_the_field(
    demo: None, as_user: Callable[[str, str], Client]
) -> None:
    client = as_user("BTC", "reporter")
    later = (date.today() + timedelta(days=3)).strftime("%d/%m/%Y")
    response = client.post(
        "/registry/databases/CSDL-BTC-03/dossiers/new/",
        {"amount_million_vnd": "100", "registered_on": later},
    )
    assert response.status_code == 400
    assert 'id="id_registered_on-errors"' in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["as_of=31/02/2025", "state=nonsense", "owner=nowhere", "list=NQ99", "as_of=2025-01-01%00"],
)
def test_bad_filters_are_form_errors(
    demo: None, as_user: Callable[[str, str], Client], query: str
) -> None:
    client = as_user("BTC", "viewer")
    for path in ("/registry/dossiers/", "/registry/dossiers/export.xlsx"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 200, path
        assert 'id="form-errors"' in response.content.decode(), path


def test_the_export_holds_the_list(demo: None, as_user: Callable[[str, str], Client]) -> None:
    client = as_user("BTC", "viewer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    query = f"as_of={REPORT_DAY}&state=returned&state=resubmitted"
    response = client.get(f"/registry/dossiers/export.xlsx?{query}")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(b"".join(cast(Any, response).streaming_content))).active
    assert sheet is not None
    header, *body = list(sheet.iter_rows(values_only=True))
    rows = listed_rows(client, f"/registry/dossiers/?{query}")
    assert len(body) == len(rows) == 19
    assert [row[0] for row in body] == [f"HS-{row[0]}" for row in rows]
    amount = header.index("Kinh phí (triệu đồng)")
    assert sum(cast(int, row[amount]) for row in body) == sum(row[3] for row in rows)
    # Typed cells: the day registered is a date, the amount a number.
    assert all(isinstance(row[amount + 1], datetime) for row in body)


def test_the_list_runs_a_fixed_number_of_queries(
    demo: None, as_user: Callable[[str, str], Client], django_assert_max_num_queries: Any
) -> None:
    client = as_user("BTC", "viewer")
    # Session, user and roles, the menu's counts and the session's renewal (8), as every
    # official page; then the lists (1), the totals (1), the figures (1), the owners (2) and
    # the page of rows (1): never one per row or owner. An owner named is looked up (1).
    with django_assert_max_num_queries(LIST_QUERIES - 1):
        client.get(f"/registry/dossiers/?as_of={REPORT_DAY}")
    with django_assert_max_num_queries(LIST_QUERIES):
        client.get(f"/registry/dossiers/?as_of={REPORT_DAY}&state=returned&owner=BTC")
    dossier = InvestmentDossier.objects.get(database__code="CSDLQG-TAICHINH")
    with django_assert_max_num_queries(DOSSIER_QUERIES):
        client.get(f"/registry/dossiers/{dossier.pk}/")


LIST_QUERIES = 15
# The page's own: the dossier, its steps with who recorded them, its timeline.
DOSSIER_QUERIES = 13


def test_anonymous_visitors_are_sent_to_sign_in(demo: None, client: Client) -> None:
    dossier = InvestmentDossier.objects.first()
    assert dossier is not None
    for url in (
        "/registry/dossiers/",
        "/registry/dossiers/export.xlsx",
        f"/registry/dossiers/{dossier.pk}/",
        "/registry/databases/CSDL-BTC-03/dossiers/new/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login/" in response["Location"]
    assert Database.objects.filter(code="CSDL-BTC-03").exists()
