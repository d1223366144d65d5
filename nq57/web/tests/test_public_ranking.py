"""One public ranking, the same for everyone (issue 11, items 1 and 8): computed over every
task an organisation answers for (assigned by an organisation outside it), whoever looks;
public pages and API; each figure's public list holds exactly the tasks it counts; a
confidential task is counted but not described."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from nq57.core.actors import SYSTEM
from nq57.orgs.models import Organization
from nq57.orgs.services import org_create
from nq57.tasks.models import Program, Task

pytestmark = pytest.mark.django_db
TODAY = date(2025, 12, 4)
FIGURE_LINK = re.compile(r'<a href="(/ranking/[^"]+/tasks/\?[^"]+)">([0-9]+)</a>')
LIST_COUNT = re.compile(r'data-count="([0-9]+)"')
TABLES = re.compile(r'<table class="table[^"]*" id="(?:ranking|composite-table)-.*?</table>', re.S)
RANKING_URLS = (
    "/ranking/",
    "/indicators/ranking/",
    "/api/v1/ranking/",
    "/api/v1/ranking",
    "/api/v1/ranking/composite/",
)


def anonymous() -> Client:
    return Client()


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ranking_json(client: Client, url: str = "/api/v1/ranking/", **params: str) -> Any:
    response = client.get(url, {"as_of": TODAY.isoformat(), **params})
    assert response.status_code == 200
    return response.json()


def row_of(answer: dict[str, Any], code: str) -> dict[str, Any]:
    return next(row for rows in answer["groups"].values() for row in rows if row["org"] == code)


@pytest.fixture
def viewers(make_user: Callable[..., Any]) -> dict[str, Client]:
    """Every kind of viewer, signed in or not."""
    return {
        "anonymous": anonymous(),
        "secretariat": signed_in(make_user("BCDTW", "secretariat")),
        "ministry reporter": signed_in(make_user("BKHCN", "reporter")),
        "province approver": signed_in(make_user("01", "approver")),
        "inspector": signed_in(make_user("UBKTTW", "inspector")),
    }


def add_task(
    program: Program,
    lead: str,
    assigned_by: str,
    *,
    deadline: date,
    completed_on: date | None = None,
    kind: str = "deadline",
    confidential: bool = False,
    title: str = "Nhiệm vụ công khai",
) -> Task:
    """A task stored as it stands (the ranking reads tasks, not the rollups): fast enough to
    make hundreds in a property test."""
    code = f"T-{Task.objects.count() + 1:05d}"
    assigned_on = date(2025, 1, 15)
    return Task.objects.create(
        program=program,
        code=code,
        title=title,
        lead_org=Organization.objects.get(code=lead),
        assigned_by=Organization.objects.get(code=assigned_by),
        assigned_on=assigned_on,
        kind=kind,
        deadline=deadline if kind == "deadline" else None,
        deadline_since=assigned_on if kind == "deadline" else None,
        completed_on=completed_on,
        is_confidential=confidential,
    )


@pytest.fixture
def unit(db: Any) -> Organization:
    ministry = Organization.objects.get(code="BKHCN")
    return org_create(SYSTEM, code="BKHCN-X", name_vi="Cục X", kind="unit", parent=ministry)


# --- the rule: which tasks count -------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_a_province_ranks_the_same_whether_it_assigns_itself_ten_tasks_or_none(
    program: Program,
) -> None:
    add_task(program, "01", "BCDCP", deadline=date(2025, 3, 31))  # overdue
    add_task(program, "01", "BCDCP", deadline=date(2025, 6, 30), completed_on=date(2025, 6, 1))
    add_task(program, "79", "BCDCP", deadline=date(2025, 3, 31))  # HCMC at 0%
    before = ranking_json(anonymous())
    assert row_of(before, "01")["on_time_rate"] == 50.0
    assert row_of(before, "01")["total"] == 2
    for number in range(10):  # all completed on time: they would lift its rate to 91.7%
        add_task(
            program,
            "00070" if number % 2 else "01",
            "01",
            deadline=date(2025, 6, 30),
            completed_on=date(2025, 6, 1),
        )
    add_task(program, "00070", "00070", deadline=date(2025, 6, 30), completed_on=date(2025, 6, 1))
    assert ranking_json(anonymous()) == before


@time_machine.travel(TODAY, tick=False)
def test_tasks_from_a_higher_authority_count_for_the_body_under_it_too(
    program: Program, unit: Organization
) -> None:
    add_task(program, "BKHCN-X", "BCDTW", deadline=date(2025, 3, 31))  # overdue, counts
    add_task(program, "BKHCN-X", "BKHCN", deadline=date(2025, 3, 31))  # internal
    add_task(program, "BKHCN", "BKHCN-X", deadline=date(2025, 3, 31))  # internal
    # A ministry assigning a province a task: counts for the province, not the ministry.
    add_task(program, "01", "BKHCN", deadline=date(2025, 3, 31))
    answer = ranking_json(anonymous())
    assert row_of(answer, "BKHCN")["overdue"] == 1
    assert row_of(answer, "BKHCN")["total"] == 1
    assert row_of(answer, "01")["overdue"] == 1
    assert answer["formula"] == (
        "completed_on_time / (completed_on_time + completed_late + overdue) * 100"
    )
    assert answer["as_of"] == TODAY.isoformat()


# --- the same for everyone -------------------------------------------------------------------

LEADS = ("BKHCN", "BKHCN-X", "BTC", "01", "00070", "79")
ASSIGNERS = ("BCDTW", "BCDCP", "BKHCN", "BKHCN-X", "01", "00070", "79", "BTC")
a_task = st.tuples(
    st.sampled_from(LEADS),
    st.sampled_from(ASSIGNERS),
    st.integers(min_value=0, max_value=600),  # days after assignment to the deadline
    st.one_of(st.none(), st.integers(min_value=0, max_value=600)),  # to the completion
    st.booleans(),  # regular
    st.booleans(),  # confidential
)


def _tables(html: str) -> list[str]:
    return TABLES.findall(html)


@time_machine.travel(TODAY, tick=False)
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(tasks=st.lists(a_task, max_size=25))
def test_the_rankings_are_identical_for_any_two_viewers(
    tasks: list[tuple[Any, ...]],
    viewers: dict[str, Client],
    program: Program,
    unit: Organization,
) -> None:
    with transaction.atomic():
        start = date(2025, 1, 15)
        for lead, assigner, due_in, done_in, regular, confidential in tasks:
            done = None if done_in is None else start + timedelta(days=done_in)
            add_task(
                program,
                lead,
                assigner,
                deadline=start + timedelta(days=due_in),
                completed_on=done if done is None or done <= TODAY else None,
                kind="regular" if regular else "deadline",
                confidential=confidential,
            )
        seen: dict[str, list[Any]] = {}
        for name, client in viewers.items():
            answers: list[Any] = [ranking_json(client, url) for url in RANKING_URLS[2:]]
            for url in RANKING_URLS[:2]:
                response = client.get(url, {"as_of": TODAY.isoformat()})
                assert response.status_code == 200
                answers.append(_tables(response.content.decode()))
            seen[name] = answers
        first = seen.pop("anonymous")
        assert first[0]["groups"]["central"]  # the tables were found and compared
        assert all(len(tables) == 2 for tables in first[3:])
        for name, answers in seen.items():
            assert answers == first, name
        transaction.set_rollback(True)


# --- public: pages and API answer without sign-in --------------------------------------------


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("url", RANKING_URLS)
def test_anonymous_users_get_the_rankings(url: str, program: Program) -> None:
    add_task(program, "BKHCN", "BCDTW", deadline=date(2025, 3, 31))
    response = anonymous().get(url)
    assert response.status_code == 200
    if not url.startswith("/api/"):
        html = response.content.decode()
        assert 'href="/tasks/"' not in html  # no officials' menu
        assert "Sign out" not in html
        assert "Đăng xuất" not in html
        assert 'id="formula"' in html


@time_machine.travel(TODAY, tick=False)
def test_the_public_list_answers_without_sign_in_and_the_officials_list_does_not(
    program: Program,
) -> None:
    add_task(program, "BKHCN", "BCDTW", deadline=date(2025, 3, 31))
    client = anonymous()
    assert client.get("/ranking/BKHCN/tasks/?status=overdue").status_code == 200
    officials = client.get("/tasks/")
    assert officials.status_code == 302
    assert officials["Location"].startswith("/login/")
    assert client.get("/api/v1/tasks/").status_code in (401, 403)
    # Setting the composite's weights still needs sign-in (and the secretariat).
    posted = client.post("/indicators/ranking/", {"on_time": "50"})
    assert posted.status_code == 302
    assert posted["Location"].startswith("/login/")


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    "url",
    [
        "/ranking/NOPE/tasks/",
        "/ranking/00070/tasks/",  # a commune: not a ranked organisation
        "/ranking/BKHCN/tasks/?status=everything",
    ],
)
def test_a_list_of_no_ranked_figure_is_not_found(url: str) -> None:
    assert anonymous().get(url).status_code == 404


def test_a_malformed_date_is_a_field_error_not_a_500() -> None:
    assert anonymous().get("/api/v1/ranking/?as_of=2025-13-45").status_code == 400
    assert anonymous().get("/api/v1/ranking/composite/?as_of=nope").status_code == 400
    assert anonymous().get("/ranking/?as_of=nope").status_code == 200
    assert anonymous().get("/api/v1/ranking/?program=NOPE").status_code == 400


# --- every figure links to a list of exactly the tasks it counts -----------------------------


@time_machine.travel(TODAY, tick=False)
def test_every_figure_equals_the_count_of_its_public_list(
    program: Program, unit: Organization
) -> None:
    start = date(2025, 1, 15)
    for number in range(40):
        lead = LEADS[number % len(LEADS)]
        assigner = ASSIGNERS[(number * 7) % len(ASSIGNERS)]
        done = start + timedelta(days=number * 13) if number % 3 else None
        add_task(
            program,
            lead,
            assigner,
            deadline=start + timedelta(days=number * 11),
            completed_on=done if done is not None and done <= TODAY else None,
            kind="regular" if number % 9 == 0 else "deadline",
            confidential=number % 5 == 0,
        )
    client = anonymous()
    html = client.get("/ranking/", {"as_of": TODAY.isoformat()}).content.decode()
    links = FIGURE_LINK.findall(html)
    statuses = {re.search(r"status=(\w+)", url)[1] for url, _ in links}  # type: ignore[index]
    assert statuses == {"completed_on_time", "completed_late", "overdue", "in_progress", "total"}
    assert any(int(value) for _, value in links)
    for url, value in links:
        listed = client.get(url.replace("&amp;", "&")).content.decode()
        assert LIST_COUNT.search(listed)[1] == value, url  # type: ignore[index]
    # The composite's task components: fallen due, and open today.
    answer = ranking_json(client)
    composite = client.get("/indicators/ranking/", {"as_of": TODAY.isoformat()}).content.decode()
    for code in ("BKHCN", "01"):
        row = row_of(answer, code)
        fallen_due = row["completed_on_time"] + row["completed_late"] + row["overdue"]
        on_time_list = re.search(
            rf'data-org="{code}".*?data-component="on_time"><a href="([^"]+)"', composite, re.S
        )
        assert on_time_list is not None
        listed = client.get(on_time_list[1].replace("&amp;", "&")).content.decode()
        assert int(LIST_COUNT.search(listed)[1]) == fallen_due  # type: ignore[index]
        open_list = client.get(f"/ranking/{code}/tasks/?status=open&as_of={TODAY}").content
        assert int(LIST_COUNT.search(open_list.decode())[1]) == row["in_progress"] + row["overdue"]  # type: ignore[index]


@time_machine.travel(TODAY, tick=False)
def test_the_public_list_pages_in_a_bounded_number_of_queries(
    program: Program, django_assert_max_num_queries: Any
) -> None:
    for _ in range(60):
        add_task(program, "BKHCN", "BCDTW", deadline=date(2025, 3, 31))
    client = anonymous()
    client.get("/ranking/BKHCN/tasks/?status=overdue")  # warm the session-less caches
    with django_assert_max_num_queries(8):
        first = client.get("/ranking/BKHCN/tasks/?status=overdue").content.decode()
    with django_assert_max_num_queries(8):
        second = client.get("/ranking/BKHCN/tasks/?status=overdue&page=2").content.decode()
    assert LIST_COUNT.search(first)[1] == "60"  # type: ignore[index]
    assert first.count("<tr>") + first.count("<tr ") == 51  # the header and 50 rows
    assert second.count("<tr>") + second.count("<tr ") == 11
    assert 'rel="next"' in first
    assert 'rel="prev"' in second


# --- confidential tasks ----------------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_a_confidential_task_is_counted_but_listed_without_its_title(
    program: Program, make_user: Callable[..., Any]
) -> None:
    secret = add_task(
        program,
        "BQP",
        "BCDTW",
        deadline=date(2025, 3, 31),
        confidential=True,
        title="Kế hoạch phòng thủ bí mật",
    )
    add_task(program, "BQP", "BCDTW", deadline=date(2025, 3, 31), title="Số hoá hồ sơ")
    client = anonymous()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "vi"  # the portal's language
    assert row_of(ranking_json(client), "BQP")["overdue"] == 2
    listed = client.get(f"/ranking/BQP/tasks/?status=overdue&as_of={TODAY}").content.decode()
    assert LIST_COUNT.search(listed)[1] == "2"  # type: ignore[index]
    assert "Nhiệm vụ mật" in listed
    assert "Kế hoạch phòng thủ bí mật" not in listed
    assert secret.code not in listed
    assert "Số hoá hồ sơ" in listed
    for url in RANKING_URLS:
        assert "Kế hoạch phòng thủ bí mật" not in client.get(url).content.decode()
    # Officials in scope see it as before, marked confidential on its page.
    page = signed_in(make_user("BCDTW", "secretariat")).get(f"/tasks/{secret.pk}/").content
    assert "Kế hoạch phòng thủ bí mật" in page.decode()
    assert 'id="confidential"' in page.decode()


@time_machine.travel(TODAY, tick=False)
def test_confidential_is_set_where_tasks_are_created(
    program: Program, make_user: Callable[..., Any]
) -> None:
    secretariat = make_user("BCDTW", "secretariat")
    api = APIClient()
    api.force_authenticate(secretariat)
    payload = {
        "program": program.code,
        "code": "API-1",
        "title": "Nhiệm vụ quốc phòng",
        "lead_org": "BQP",
        "assigned_by": "BCDTW",
        "assigned_on": TODAY.isoformat(),
        "deadline": "2026-06-30",
        "responsible_person": "A",
        "expected_product": "B",
    }
    created = api.post("/api/v1/tasks/", {**payload, "is_confidential": True}, format="json")
    assert created.status_code == 201, created.json()
    assert Task.objects.get(code="API-1").is_confidential
    plain = api.post("/api/v1/tasks/", {**payload, "code": "API-2"}, format="json")
    assert plain.status_code == 201
    assert not Task.objects.get(code="API-2").is_confidential
    assert api.get(f"/api/v1/tasks/{created.json()['id']}/").json()["is_confidential"] is True
    page = signed_in(secretariat).post(
        "/tasks/new/",
        {
            **payload,
            "code": "PAGE-1",
            "kind": "deadline",
            "assigned_by": Organization.objects.get(code="BCDTW").pk,
            "weight": 1,
            "is_confidential": "on",
        },
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    assert Task.objects.get(code="PAGE-1").is_confidential


@time_machine.travel(TODAY, tick=False)
def test_the_import_reads_an_optional_confidential_column(
    program: Program, make_user: Callable[..., Any]
) -> None:
    from nq57.tasks.exchange import HEADER

    api = APIClient()
    api.force_authenticate(make_user("BCDTW", "secretariat"))
    base = [c for c in HEADER if c != "confidential"]

    def line(code: str) -> str:
        cells = {
            "code": code,
            "title": "Tên",
            "program": program.code,
            "lead_org": "BQP",
            "assigned_by": "BCDTW",
            "assigned_on": TODAY.isoformat(),
            "deadline": "2026-06-30",
        }
        return ",".join(cells.get(column, "") for column in base)

    def post(content: str) -> Any:
        upload = SimpleUploadedFile("t.csv", content.encode())
        return api.post("/api/v1/tasks/import/", {"file": upload}, format="multipart")

    without = ",".join(base) + "\n" + line("IMP-0") + "\n"
    assert post(without).status_code == 200
    assert not Task.objects.get(code="IMP-0").is_confidential
    header = ",".join(base) + ",confidential\n"
    rows = [line("IMP-1") + ",có", line("IMP-2") + ",0", line("IMP-3") + ",x", line("IMP-4") + ","]
    assert post(header + "\n".join(rows) + "\n").status_code == 200
    imported = Task.objects.filter(code__startswith="IMP-")
    flags = dict(imported.values_list("code", "is_confidential"))
    assert flags == {"IMP-0": False, "IMP-1": True, "IMP-2": False, "IMP-3": True, "IMP-4": False}
    refused = post(header + line("IMP-5") + ",maybe\n")
    assert refused.status_code == 400
    assert refused.json()["problems"][0].startswith("line 2: confidential:")


def test_the_ranking_endpoints_are_in_the_schema(make_user: Callable[..., Any]) -> None:
    schema = signed_in(make_user("BCDTW", "secretariat")).get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    ranking = next(
        path for path in paths if path.startswith("/api/v1/ranking") and "composite" not in path
    )
    composite = next(path for path in paths if path.startswith("/api/v1/ranking/composite"))
    assert {p["name"] for p in paths[ranking]["get"]["parameters"]} == {"as_of", "program"}
    assert paths[composite]["get"]["security"] == [{}]  # anonymous allowed


@time_machine.travel(TODAY, tick=False)
def test_a_withdrawn_task_leaves_the_ranking_from_its_day_and_one_on_hold_owes_no_report(
    program: Program,
) -> None:
    from nq57.tasks.models import TaskSuspension

    add_task(program, "01", "BCDCP", deadline=date(2025, 3, 31))  # overdue all along
    withdrawn = add_task(program, "01", "BCDCP", deadline=date(2025, 6, 30))
    Task.objects.filter(pk=withdrawn.pk).update(withdrawn_on=date(2025, 5, 1))
    on_hold = add_task(program, "01", "BCDCP", deadline=date(2025, 6, 30))
    Task.objects.filter(pk=on_hold.pk).update(
        suspended_since=date(2025, 6, 1), first_suspended_on=date(2025, 6, 1)
    )
    TaskSuspension.objects.create(task=on_hold, starts_on=date(2025, 6, 1), reason="Chờ vốn")

    before = row_of(ranking_json(anonymous(), as_of="2025-04-30"), "01")
    assert (before["total"], before["in_progress"], before["overdue"]) == (3, 2, 1)
    today = row_of(ranking_json(anonymous()), "01")
    # Withdrawn on 1/5: in no figure from that day. On hold since 1/6, before its deadline:
    # in progress, never overdue, and out of the freshness component's open tasks.
    assert (today["total"], today["in_progress"], today["overdue"]) == (2, 1, 1)
    for status, expected in (("total", 2), ("in_progress", 1), ("open", 1)):
        listed = anonymous().get(f"/ranking/01/tasks/?status={status}&as_of={TODAY}")
        assert int(LIST_COUNT.search(listed.content.decode())[1]) == expected, status  # type: ignore[index]


def test_a_nul_character_in_a_parameter_is_a_field_error_not_a_500() -> None:
    response = anonymous().get("/api/v1/ranking/", {"program": "P\x00", "as_of": "2025-12-04"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["program"]
