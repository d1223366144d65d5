"""Quality evidence as of a date, the assessing body's verification and adjustment, the
import, the API push, the methods' loading and the pages."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, cast

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from nq57.core.actors import SYSTEM
from nq57.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from nq57.core.exchange import ImportRejected
from nq57.orgs.models import Organization
from nq57.registry.exchange.quality import quality_checks_import
from nq57.registry.models import CheckResult, Database, QualityMethod
from nq57.registry.quality import services
from nq57.registry.quality.methods import load_quality_methods_file, quality_methods_load
from nq57.registry.quality.rules import CRITERIA
from nq57.registry.quality.selectors.database import database_quality
from nq57.registry.quality.selectors.scores import database_scores
from nq57.registry.views import quality as quality_views

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"  # nosec B105  # test value


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


@pytest.fixture
def methods() -> None:
    load_quality_methods_file(SYSTEM)


@pytest.fixture
def databases(methods: None) -> dict[str, Database]:
    def make(code: str, owner: str) -> Database:
        return Database.objects.create(
            code=code,
            name=f"CSDL {code}",
            kind="national",
            owner=Organization.objects.get(code=owner),
        )

    return {"btp": make("CSDL-HOTICH", "BTP"), "byt": make("CSDL-YTE", "BYT")}


@pytest.fixture
def assessor(make_user: Callable[..., Any]) -> Any:
    return make_user("TTDLQG", "reporter")


def record_all(database: Database, period: str, share: int, day: date) -> list[CheckResult]:
    return [
        services.check_result_record(
            SYSTEM,
            database=database,
            period=period,
            criterion=criterion,
            records_checked=100,
            records_passing=share,
            at=at(day),
        )[0]
        for criterion in CRITERIA
    ]


def test_methods_load_once_and_a_changed_method_needs_a_new_code(methods: None) -> None:
    assert load_quality_methods_file(SYSTEM) == []
    assert QualityMethod.objects.count() == 2
    changed = {
        "code": "2026",
        "name": "x",
        "valid_from": "2026-01-01",
        "definition": QualityMethod.objects.get(code="2026").definition,
    }
    with pytest.raises(ValidationFailed, match="new code"):
        quality_methods_load(SYSTEM, [changed])
    out = io.StringIO()
    call_command("load_quality_methods", stdout=out)
    assert "none new" in out.getvalue()


def test_scores_are_reproducible_as_of_any_day_and_say_their_method(
    databases: dict[str, Database], assessor: Any
) -> None:
    hotich = databases["btp"]
    results = record_all(hotich, "2025Q4", 80, date(2026, 1, 5))
    for result in results:
        services.check_result_verify(assessor, result=result, at=at(date(2026, 1, 10)))
    before = database_scores(date(2026, 1, 20))[hotich.pk]
    assert (before.score, before.grade, before.method, before.verified) == (
        Decimal("80.00"), "B", "2025-pilot", True,
    )  # fmt: skip
    services.check_result_adjust(
        assessor,
        result=results[0],
        records_checked=100,
        records_passing=20,
        reason="Kiểm tra lại tại chỗ",
        at=at(date(2026, 2, 1)),
    )
    # The adjustment does not change the score as of an earlier day.
    assert database_scores(date(2026, 1, 20))[hotich.pk] == before
    after = database_scores(date(2026, 2, 1))[hotich.pk]
    assert after.criteria["correct"] == Decimal("20.00")
    assert after.score == Decimal("68.00")  # 80 less 20 % of 60 points
    # Before the evidence was verified: a provisional score only.
    early = database_scores(date(2026, 1, 6))[hotich.pk]
    assert (early.verified, early.score) == (False, Decimal("80.00"))
    # Before the quarter ended, nothing.
    assert hotich.pk not in database_scores(date(2025, 12, 31))


def test_the_2026_method_scores_2026_quarters(
    databases: dict[str, Database], assessor: Any
) -> None:
    for result in record_all(databases["byt"], "2026Q1", 90, date(2026, 4, 2)):
        services.check_result_verify(assessor, result=result, at=at(date(2026, 4, 3)))
    found = database_scores(date(2026, 4, 3), [databases["byt"].pk])[databases["byt"].pk]
    assert (found.method, found.grade, found.period) == ("2026", "A", "2026Q1")


def test_unverified_evidence_gives_a_provisional_score_beside_the_official_one(
    databases: dict[str, Database], assessor: Any
) -> None:
    hotich = databases["btp"]
    for result in record_all(hotich, "2025Q3", 60, date(2025, 10, 5)):
        services.check_result_verify(assessor, result=result, at=at(date(2025, 10, 6)))
    record_all(hotich, "2025Q4", 95, date(2026, 1, 5))
    found = database_scores(date(2026, 1, 10))[hotich.pk]
    assert (found.period, found.score, found.verified) == ("2025Q3", Decimal("60.00"), True)
    assert found.provisional is not None
    assert (found.provisional.period, found.provisional.score) == ("2025Q4", Decimal("95.00"))
    page = database_quality(hotich, date(2026, 1, 10))
    assert page.period == "2025Q4"
    assert page.official is None
    assert [point.period for point in page.trend] == ["2025Q3", "2025Q4"]


def test_only_the_assessing_body_verifies_and_adjusts_with_a_reason(
    databases: dict[str, Database], assessor: Any, make_user: Callable[..., Any]
) -> None:
    owner = make_user("BTP", "reporter")
    secretariat = make_user("BCDTW", "secretariat")
    result, created = services.check_result_record(
        owner, database=databases["btp"], period="2025Q4", criterion="correct",
        records_checked=10, records_passing=9,
    )  # fmt: skip
    assert created
    assert result.source == "owner"
    for who in (owner, secretariat):
        with pytest.raises(NotPermitted):
            services.check_result_verify(who, result=result)
        with pytest.raises(NotPermitted):
            services.check_result_adjust(
                who, result=result, records_checked=10, records_passing=5, reason="x"
            )
    with pytest.raises(ValidationFailed):
        services.check_result_adjust(
            assessor, result=result, records_checked=10, records_passing=5, reason="  "
        )
    adjusted = services.check_result_adjust(
        assessor, result=result, records_checked=10, records_passing=5, reason="Trùng lặp"
    )
    assert adjusted.supersedes == result
    assert adjusted.verified_by == assessor
    assert adjusted.source == "assessor"
    result.refresh_from_db()
    assert (result.records_passing, result.verified_at) == (9, None)  # never rewritten
    with pytest.raises(InvalidTransition, match="adjusted already"):
        services.check_result_verify(assessor, result=result)
    # Another organisation's officials may not record for the database.
    with pytest.raises(NotPermitted):
        services.check_result_record(
            make_user("BYT", "reporter"), database=databases["btp"], period="2025Q4",
            criterion="clean", records_checked=1, records_passing=1,
        )  # fmt: skip


def test_passing_more_than_checked_is_refused_by_the_service_and_the_database(
    databases: dict[str, Database],
) -> None:
    with pytest.raises(ValidationFailed):
        services.check_result_record(
            SYSTEM, database=databases["btp"], period="2025Q4", criterion="correct",
            records_checked=1, records_passing=2,
        )  # fmt: skip
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        CheckResult.objects.create(
            database=databases["btp"], period="2025Q4", period_end=date(2025, 12, 31),
            criterion="correct", records_checked=1, records_passing=2, source="owner",
        )  # fmt: skip


def csv(text: str) -> io.BytesIO:
    stream = io.BytesIO(text.encode("utf-8"))
    stream.name = "checks.csv"
    return stream


HEADER = "database,period,criterion,records_checked,records_passing\n"


def test_import_all_or_nothing_with_line_and_field_and_again_changes_nothing(
    databases: dict[str, Database], make_user: Callable[..., Any]
) -> None:
    owner = make_user("BTP", "reporter")
    bad = csv(
        HEADER
        + "CSDL-HOTICH,2025Q4,correct,100,90\n"
        + "CSDL-YTE,2025Q4,correct,100,90\n"  # another organisation's
        + "CSDL-HOTICH,2025-12,clean,100,90\n"  # not a quarter
        + "CSDL-HOTICH,2025Q4,tidy,100,90\n"
        + "CSDL-HOTICH,2025Q4,live,100,190\n"
        + "CSDL-HOTICH,2025Q4,unified,abc,1\n"
        + "CSDL-HOTICH,2025Q4,correct,100,80\n"  # the same check again, other figures
    )
    with pytest.raises(ImportRejected) as failure:
        quality_checks_import(owner, bad)
    problems = failure.value.report.problems
    assert [problem.split(":")[0] for problem in problems] == [
        "line 3", "line 4", "line 5", "line 6", "line 7", "line 8",
    ]  # fmt: skip
    assert "database" in problems[0]
    assert "period" in problems[1]
    assert "criterion" in problems[2]
    assert not CheckResult.objects.exists()
    good = HEADER + "CSDL-HOTICH,2025Q4,correct,100,90\nCSDL-HOTICH,2025Q4,clean,1.000,990\n"
    report = quality_checks_import(owner, csv(good))
    assert (report.created, report.unchanged) == (2, 0)
    again = quality_checks_import(owner, csv(good))
    assert (again.created, again.unchanged) == (0, 2)
    assert CheckResult.objects.count() == 2


def test_the_import_command_refuses_a_bad_file(
    databases: dict[str, Database], tmp_path: Any
) -> None:
    path = tmp_path / "checks.csv"
    path.write_text(HEADER + "CSDL-NONE,2025Q4,correct,1,1\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_quality_checks", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    path.write_text(HEADER + "CSDL-HOTICH,2025Q4,correct,1,1\n", encoding="utf-8")
    call_command("import_quality_checks", str(path), stdout=io.StringIO())
    assert CheckResult.objects.get().source == "owner"


URL = "/api/v1/registry/quality-checks"


def test_an_owners_system_pushes_results_for_its_own_databases_only(
    databases: dict[str, Database], make_user: Callable[..., Any], api: Callable[..., Any]
) -> None:
    client = api(make_user("BTP", "reporter"))
    body = {
        "database": "CSDL-HOTICH", "period": "2025Q4", "criterion": "shared",
        "records_checked": 50, "records_passing": 45,
    }  # fmt: skip
    answer = client.post(URL, body, format="json")
    assert answer.status_code == 201
    assert answer.json()["created"] is True
    assert CheckResult.objects.get().source == "system"
    assert client.post(URL, body, format="json").status_code == 200  # unchanged
    assert client.post(URL, {**body, "database": "CSDL-YTE"}, format="json").status_code == 404
    assert client.post(URL, {**body, "records_passing": 51}, format="json").status_code == 400
    assert api(None).post(URL, body, format="json").status_code == 401
    assert CheckResult.objects.count() == 1


# The session and the user (3); the methods, the databases and their owners (3); the
# official scores summed in SQL: the latest quarter, its sums, the older periods of the
# databases it doesn't cover (3); the full scoring of the databases shown and of those without
# an official score: official (the latest period, its rows, the older periods of the rest)
# and provisional (the latest period, its rows) (5); the page's frame (5). However many
# databases there are.
RANKING_QUERIES = 19


@pytest.fixture
def signed_in(make_user: Callable[..., Any]) -> Callable[..., Client]:
    def sign_in(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return sign_in


def test_the_pages_render_with_the_method_and_pinned_queries(
    databases: dict[str, Database],
    assessor: Any,
    make_user: Callable[..., Any],
    signed_in: Callable[..., Client],
    django_assert_num_queries: Any,
) -> None:
    for result in record_all(databases["btp"], "2025Q3", 70, date(2025, 10, 5)):
        services.check_result_verify(assessor, result=result, at=at(date(2025, 10, 6)))
    record_all(databases["byt"], "2025Q3", 50, date(2025, 10, 5))
    client = signed_in(make_user("BYT", "reporter"))
    client.get("/registry/quality/")  # the session's first-use queries
    with django_assert_num_queries(RANKING_QUERIES):
        page = client.get("/registry/quality/?as_of=2025-11-01")
    text = page.content.decode()
    assert page.status_code == 200
    assert "2025-pilot" in text
    assert "provisional" in text
    assert "mean of the official scores" in text
    assert 'data-database="CSDL-HOTICH"><td>1</td>' in text
    export = client.get("/registry/quality/export.xlsx?as_of=2025-11-01")
    assert export.status_code == 200
    detail = client.get("/registry/databases/CSDL-HOTICH/quality/?as_of=2025-11-01")
    assert detail.status_code == 200
    assert "70" in detail.content.decode()
    assert client.get("/registry/databases/NONE/quality/").status_code == 404


def row_of(text: str, marker: str) -> str:
    """The table row of the page that carries `marker`."""
    start = text.index(marker)
    return text[start : text.index("</tr>", start)]


def test_the_ranking_is_paged_its_queries_bounded_and_the_export_holds_every_page(
    databases: dict[str, Database],
    assessor: Any,
    make_user: Callable[..., Any],
    signed_in: Callable[..., Client],
    django_assert_num_queries: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    owner = Organization.objects.get(code="BTP")
    ranked = [databases["btp"]] + [
        Database.objects.create(code=f"CSDL-X{n}", name=f"CSDL X{n}", kind="national", owner=owner)
        for n in range(4)
    ]
    # Official scores 70, 90, 80, 60, 50: ranks 3, 1, 2, 4, 5; CSDL-YTE unverified, unranked.
    for database, share in zip(ranked, (70, 90, 80, 60, 50), strict=True):
        for result in record_all(database, "2025Q3", share, date(2025, 10, 5)):
            services.check_result_verify(assessor, result=result, at=at(date(2025, 10, 6)))
    record_all(databases["byt"], "2025Q3", 40, date(2025, 10, 5))
    monkeypatch.setattr(quality_views, "PAGE_SIZE", 2)
    client = signed_in(make_user("BYT", "reporter"))
    client.get("/registry/quality/")  # the session's first-use queries
    shown: list[tuple[str, str]] = []
    for number in (1, 2, 3):
        with django_assert_num_queries(RANKING_QUERIES):  # as with two databases
            page = client.get(f"/registry/quality/?as_of=2025-11-01&page={number}")
        text = page.content.decode()
        assert ('rel="next"' in text) is (number < 3)
        assert ('rel="prev"' in text) is (number > 1)
        shown += re.findall(r'data-database="([^"]+)"><td>([^<]+)</td>', text)
    assert shown == [
        ("CSDL-X0", "1"), ("CSDL-X1", "2"), ("CSDL-HOTICH", "3"),
        ("CSDL-X2", "4"), ("CSDL-X3", "5"), ("CSDL-YTE", "—"),
    ]  # fmt: skip
    unranked = row_of(text, 'data-database="CSDL-YTE"')
    assert "40" in unranked  # its provisional score, labelled
    assert "provisional" in unranked
    assert "2025-pilot" in text
    # The owners: BTP by the mean of its five official scores; BYT without one, unranked.
    assert "<td>1</td>" in row_of(text, 'data-org="BTP"')
    assert "70" in row_of(text, 'data-org="BTP"')
    assert "<td>—</td>" in row_of(text, 'data-org="BYT"')
    export = client.get("/registry/quality/export.xlsx?as_of=2025-11-01")
    sheet = load_workbook(io.BytesIO(b"".join(cast(Any, export).streaming_content))).active
    assert sheet is not None
    body = list(sheet.iter_rows(values_only=True))[1:]
    assert [(row[1], str(row[0] or "—")) for row in body] == shown
    assert [row[6] for row in body] == [90, 80, 70, 60, 50, None]
    assert body[-1][8] == 40  # the provisional score, as the page shows it


def test_entry_is_the_owners_and_the_queue_the_assessors(
    databases: dict[str, Database],
    assessor: Any,
    make_user: Callable[..., Any],
    signed_in: Callable[..., Client],
) -> None:
    owner = signed_in(make_user("BTP", "reporter"))
    assert owner.get("/registry/quality/entry/").status_code == 200
    assert owner.get("/registry/quality/entry/?database=CSDL-YTE").status_code == 404
    body = {
        "database": "CSDL-HOTICH", "period": "2025Q4", "criterion": "live",
        "records_checked": "100", "records_passing": "40",
    }  # fmt: skip
    assert owner.post("/registry/quality/entry/", body).status_code == 302
    assert (
        owner.post("/registry/quality/entry/", {**body, "database": "CSDL-YTE"}).status_code == 404
    )
    upload = csv(HEADER + "CSDL-HOTICH,2025Q4,correct,10,9\n")
    assert owner.post("/registry/quality/entry/", {"file": upload}).status_code == 302
    assert CheckResult.objects.count() == 2
    assert owner.get("/registry/quality/verify/").status_code == 404
    result = CheckResult.objects.get(criterion="live")
    assert owner.post(f"/registry/quality/results/{result.pk}/verify/").status_code == 404
    checker = signed_in(assessor)
    queue = checker.get("/registry/quality/verify/")
    assert queue.status_code == 200
    assert f'data-result="{result.pk}"' in queue.content.decode()
    checker.post(
        f"/registry/quality/results/{result.pk}/adjust/",
        {"records_checked": "100", "records_passing": "30", "reason": ""},
    )
    assert CheckResult.objects.count() == 2  # a blank reason is refused
    checker.post(
        f"/registry/quality/results/{result.pk}/adjust/",
        {"records_checked": "100", "records_passing": "30", "reason": "Số liệu cũ"},
    )
    assert CheckResult.objects.filter(supersedes=result, reason="Số liệu cũ").exists()
    other = CheckResult.objects.get(criterion="correct")
    checker.post(f"/registry/quality/results/{other.pk}/verify/")
    other.refresh_from_db()
    assert other.verified_at is not None
