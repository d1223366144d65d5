"""The keepers' pages: one entry typed by hand (amounts as people type them, every problem by
field, nothing half-written), a file seen as a dry run then confirmed (every problem by line
and column, nothing written), and nobody else reaching either."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, cast

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from nq57.budget.models import Entry, Programme
from nq57.core.models import AuditEvent
from nq57.tasks.models import Task

from .pages import load_demo

pytestmark = pytest.mark.django_db
NEW = "/budget/new/"
IMPORT = "/budget/import/"
CONFIRM = "/budget/import/confirm/"
HEADER = "year,org,program,stage,amount,on"
FILE = [
    '2025,BKHCN,NQ57,proposed,"1,234,567",2025-12-02',
    "2025,Bộ Tài chính,NQ57,Đề xuất,9.149,02/12/2025",
    "2025,BKHCN,NQ57,approved,1.000.000,15/12/2025",
    "2025,BKHCN,NQ57,disbursed,250000,2026-03-01",
]


def upload(content: bytes, name: str = "ngan-sach.csv") -> io.BytesIO:
    stream = io.BytesIO(content)
    stream.name = name
    return stream


def csv_file(*lines: str) -> bytes:
    return "\n".join([HEADER, *lines]).encode() + b"\n"


def written() -> tuple[int, int, int]:
    return (
        Entry.objects.count(),
        Programme.objects.count(),
        AuditEvent.objects.filter(event__startswith="budget").count(),
    )


@pytest.fixture
def keeper(client: Client, make_user: Callable[..., Any]) -> Client:
    client.force_login(make_user("BTC", "reporter"))
    return client


def entry(**changes: str) -> dict[str, str]:
    return {
        "year": "2026",
        "org": "Bộ Quốc phòng",
        "programme": "NQ57",
        "stage": "proposed",
        "amount": "1.234.567",
        "dated": "05/01/2026",
        "note": "Dự toán năm 2026",
        "tasks": "",
        **changes,
    }


@pytest.mark.parametrize(
    ("code", "role"), [("BKHCN", "approver"), ("BTC", "reporter"), ("BCDTW", "secretariat")]
)
def test_the_keepers_reach_entry_and_import(
    client: Client, make_user: Callable[..., Any], code: str, role: str
) -> None:
    client.force_login(make_user(code, role))
    for url in (NEW, IMPORT, "/budget/"):
        page = client.get(url)
        assert page.status_code == 200, url
    assert 'href="/budget/import/"' in client.get("/budget/").content.decode()


@pytest.mark.parametrize(
    ("code", "role"), [("79", "approver"), ("BQP", "approver"), ("BKHCN", "viewer")]
)
def test_others_find_no_entry_nor_import_and_write_nothing(
    client: Client, make_user: Callable[..., Any], code: str, role: str
) -> None:
    client.force_login(make_user(code, role))
    before = written()
    assert client.get(NEW).status_code == 404
    assert client.post(NEW, entry()).status_code == 404
    assert client.get(IMPORT).status_code == 404
    assert client.post(IMPORT, {"file": upload(csv_file(*FILE))}).status_code == 404
    assert client.post(CONFIRM, {"token": "x"}).status_code == 404
    assert written() == before
    assert 'href="/budget/import/"' not in client.get("/budget/").content.decode()


def test_an_entry_typed_as_people_type_it_is_recorded(
    keeper: Client, make_task: Callable[..., Task]
) -> None:
    task = make_task("BTC", assigned_on=date(2025, 3, 1))  # one the keeper (BTC) sees
    answer = keeper.post(NEW, entry(tasks=f"{task.code}, #{task.pk}", programme="DA06-2026"))
    assert answer.status_code == 302
    assert answer["Location"] == f"/budget/orgs/BQP/?as_of={timezone.localdate().isoformat()}"
    recorded = Entry.objects.get(year=2026)
    assert recorded.amount == 1_234_567
    assert recorded.dated == date(2026, 1, 5)
    assert recorded.organization.code == "BQP"
    assert recorded.programme.code == "DA06-2026"
    assert list(recorded.tasks.all()) == [task]
    assert recorded.recorded_by is not None
    events = set(AuditEvent.objects.values_list("event", flat=True))
    assert {"budget_entry.recorded", "budget_programme.created"} <= events
    # The same entry again changes nothing.
    before = written()
    assert keeper.post(NEW, entry(programme="DA06-2026")).status_code == 302
    assert written() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": "12,5"}, "amount"),
        ({"amount": "-100"}, "amount"),
        ({"amount": "một triệu"}, "amount"),
        ({"amount": ""}, "amount"),
        ({"dated": "31/02/2026"}, "dated"),
        ({"dated": "2026"}, "dated"),
        ({"org": "Bộ Không Có"}, "org"),
        ({"org": ""}, "org"),
        ({"year": "1999"}, "year"),
        ({"year": "năm nay"}, "year"),
        ({"stage": "spent"}, "stage"),
        ({"programme": "   "}, "programme"),
        ({"programme": "X" * 40}, "programme"),
        ({"tasks": "NV-KHONG-CO"}, "tasks"),
        ({"tasks": "99999999999999999999"}, "tasks"),
        ({"note": "a\x00b"}, "note"),
    ],
)
def test_a_wrong_field_is_said_beside_it_and_nothing_is_written(
    keeper: Client, changes: dict[str, str], field: str
) -> None:
    before = written()
    answer = keeper.post(NEW, entry(**{"programme": "MOI", **changes}))
    assert answer.status_code == 400
    page = answer.content.decode()
    assert f'id="id_{field}-errors"' in page, field
    assert written() == before


def test_another_amount_for_a_recorded_day_is_refused_beside_the_amount(keeper: Client) -> None:
    assert keeper.post(NEW, entry()).status_code == 302
    before = written()
    # Under a new programme code too: the programme is not left behind.
    answer = keeper.post(NEW, entry(amount="2.000.000"))
    assert answer.status_code == 400
    assert 'id="id_amount-errors"' in answer.content.decode()
    assert "history is not rewritten" in answer.content.decode()
    assert written() == before
    # A revision is dated the day it was made.
    assert keeper.post(NEW, entry(amount="2.000.000", dated="06/01/2026")).status_code == 302


def test_a_task_the_keeper_cannot_see_cannot_be_linked(
    client: Client, make_user: Callable[..., Any], make_task: Callable[..., Task]
) -> None:
    task = make_task("BQP", assigned_on=date(2025, 3, 1))
    client.force_login(make_user("BTC", "approver"))
    answer = client.post(NEW, entry(tasks=str(task.pk)))
    assert answer.status_code == 400
    assert 'id="id_tasks-errors"' in answer.content.decode()
    assert not Entry.objects.exists()


def test_a_file_is_previewed_then_imported_on_confirmation(keeper: Client) -> None:
    before = written()
    preview = keeper.post(IMPORT, {"file": upload(csv_file(*FILE, FILE[0]))})
    assert preview.status_code == 200
    page = preview.content.decode()
    assert 'data-rows="5" data-created="4" data-unchanged="1"' in page
    assert "1,234,567" in page  # the rows as read, in the page's language (English here)
    assert "Bộ Tài chính" in page
    assert written() == before  # a dry run
    token = page.split('name="token" value="')[1].split('"')[0]
    done = keeper.post(CONFIRM, {"token": token})
    assert done.status_code == 302
    assert Entry.objects.count() == before[0] + 4
    assert set(Entry.objects.values_list("source", flat=True)) == {"ngan-sach.csv"}
    # The preview is gone: confirming again imports nothing more.
    again = keeper.post(CONFIRM, {"token": token})
    assert again.status_code == 302
    assert again["Location"] == IMPORT
    assert Entry.objects.count() == before[0] + 4


def test_a_bad_file_shows_every_problem_by_line_and_column_and_writes_nothing(
    keeper: Client, settings: Any
) -> None:
    before = written()
    bad = csv_file(
        FILE[0],
        "2025,BKHCN,NQ57,spent,100,2025-12-02",
        "1999,Nowhere,NQ57,proposed,12.5,31/02/2025",
        "2025,BKHCN,NQ57,proposed,7,2025-12-02",
    )
    answer = keeper.post(IMPORT, {"file": upload(bad)})
    assert answer.status_code == 400
    page = answer.content.decode()
    assert 'id="import-problems"' in page
    for problem in (
        "line 3: stage:",
        "line 4: year:",
        "line 4: org:",
        "line 4: amount:",
        "line 4: on:",
        "line 5: amount:",
    ):
        assert problem in page, problem
    assert 'name="token"' not in page
    assert written() == before
    assert not list(Path(settings.MEDIA_ROOT, "imports").glob("*.upload"))


@pytest.mark.parametrize(
    "content", [b"", b"\xff\xfe\x00garbage", b"PK\x03\x04 not a workbook", b"a,b\n1,2\n"]
)
def test_a_file_that_is_not_a_budget_file_is_refused(keeper: Client, content: bytes) -> None:
    before = written()
    answer = keeper.post(IMPORT, {"file": upload(content, "x.xlsx")})
    assert answer.status_code == 400
    assert written() == before


def test_the_ledger_changing_after_the_preview_is_said_on_confirmation(keeper: Client) -> None:
    preview = keeper.post(IMPORT, {"file": upload(csv_file(FILE[0]))}).content.decode()
    token = preview.split('name="token" value="')[1].split('"')[0]
    # Meanwhile another amount is recorded for that day.
    meanwhile = entry(year="2025", org="BKHCN", amount="7", dated="02/12/2025")
    assert keeper.post(NEW, meanwhile).status_code == 302
    before = written()
    answer = keeper.post(CONFIRM, {"token": token})
    assert answer.status_code == 400
    assert "line 2: amount:" in answer.content.decode()
    assert written() == before


def test_the_lists_export_imports_back_through_the_page_unchanged(keeper: Client) -> None:
    load_demo()
    exported = keeper.get("/budget/entries/export.xlsx", {"year": "2025", "group": "local"})
    content = b"".join(cast(Any, exported).streaming_content)
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    preview = keeper.post(IMPORT, {"file": upload(content, "xuat.xlsx")})
    assert preview.status_code == 200
    count = len(rows) - 1
    assert f'data-rows="{count}" data-created="0" data-unchanged="{count}"' in (
        preview.content.decode()
    )


def test_an_entry_links_investment_dossiers_by_number_or_database(
    client: Client, make_user: Callable[..., Any]
) -> None:
    from nq57.core.actors import SYSTEM
    from nq57.orgs.models import Organization
    from nq57.registry.dossiers.services import dossier_register
    from nq57.registry.services import database_save

    owner = Organization.objects.get(code="BQP")
    one = database_save(SYSTEM, code="CSDL-A", name="A", kind="national", owner=owner)[0]
    two = database_save(SYSTEM, code="CSDL-B", name="B", kind="national", owner=owner)[0]
    officer = make_user("BQP", "reporter")
    first = dossier_register(officer, database=one, amount_million_vnd=5000)
    second, third = (dossier_register(officer, database=two, amount_million_vnd=n) for n in (1, 2))
    client.force_login(make_user("BTC", "approver"))
    # A database with two dossiers is ambiguous; an unknown one is named; nothing is written.
    for words, problem in (("CSDL-B", "more than one dossier"), ("#999999", "#999999")):
        answer = client.post(NEW, entry(dossiers=words))
        assert answer.status_code == 400
        assert 'id="id_dossiers-errors"' in answer.content.decode()
        assert problem in answer.content.decode()
    assert not Entry.objects.exists()
    done = client.post(NEW, entry(dossiers=f"csdl-a, #{third.pk}"))
    assert done.status_code == 302
    recorded = Entry.objects.get()
    assert set(recorded.dossiers.all()) == {first, third}
    assert second not in recorded.dossiers.all()
    page = client.get(done["Location"]).content.decode()
    assert page.count("data-dossier") == 2
