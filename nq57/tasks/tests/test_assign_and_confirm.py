"""Issue 11 items 2-3: tasks are assigned only downward and dated today (history only by the
secretariat, with a reason); a completion needs evidence and a second person who checked it;
an import brings completions in only as the secretariat's history."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from nq57.accounts.models import User
from nq57.core import audit
from nq57.core.actors import SYSTEM
from nq57.core.exchange import ImportRejected
from nq57.tasks import services
from nq57.tasks.exchange import HEADER, tasks_import
from nq57.tasks.models import CompletionRequest, Task
from nq57.tasks.rules import AssignmentDateProblem, assignment_date_problem, may_assign_to

pytestmark = pytest.mark.django_db
TODAY = date(2025, 12, 4)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

codes = st.lists(st.sampled_from("ABCD"), min_size=1, max_size=4)


def path(parts: list[str]) -> str:
    return "/" + "/".join(parts) + "/"


@pytest.mark.django_db(transaction=False)
@given(assigner=codes, lead=codes, committee=st.booleans())
def test_assignment_goes_only_strictly_downward_but_a_committee_reaches_anyone(
    assigner: list[str], lead: list[str], committee: bool
) -> None:
    allowed = may_assign_to(
        assigner_path=path(assigner), assigner_is_committee=committee, lead_path=path(lead)
    )
    below = len(lead) > len(assigner) and lead[: len(assigner)] == assigner
    if lead == assigner:
        assert not allowed  # never to itself
    elif committee:
        assert allowed
    else:
        assert allowed == below


@pytest.mark.django_db(transaction=False)
@given(
    offset=st.integers(-4000, 4000),
    brings_history=st.booleans(),
    reason=st.sampled_from(["", "  ", "Kế hoạch 2024"]),
)
def test_an_assignment_date_is_today_or_history_with_a_reason(
    offset: int, brings_history: bool, reason: str
) -> None:
    problem = assignment_date_problem(
        assigned_on=TODAY + timedelta(days=offset),
        today=TODAY,
        brings_history=brings_history,
        history_reason=reason,
    )
    if offset > 0:
        assert problem is AssignmentDateProblem.FUTURE
    elif offset == 0:
        assert problem is None
    elif not brings_history:
        assert problem is AssignmentDateProblem.BACK_DATED
    else:
        assert (problem is None) == bool(reason.strip())


def task_json(**changes: Any) -> dict[str, Any]:
    return {
        "program": "57-NQ/TW",
        "code": "NV-API",
        "title": "Số hóa hồ sơ",
        "lead_org": "00070",  # Phường Hoàn Kiếm, a commune of Hà Nội
        "assigned_by": "01",
        "assigned_on": TODAY.isoformat(),
        "deadline": "2026-06-30",
        **changes,
    }


def client_of(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@time_machine.travel(TODAY, tick=False)
def test_the_api_lets_a_province_assign_only_its_communes_and_only_today(
    make_user: Callable[..., User], program: Any
) -> None:
    hanoi = client_of(make_user("01", "approver"))

    def errors(**changes: Any) -> dict[str, Any]:
        response = hanoi.post("/api/v1/tasks/", task_json(**changes), format="json")
        assert response.status_code == 400
        return response.json()["errors"]

    assert "lead_org" in errors(lead_org="BKHCN")  # a province assigning a ministry
    assert "lead_org" in errors(lead_org="01")  # Hà Nội assigning itself
    assert "lead_org" in errors(lead_org="79")  # sideways, another province
    assert "assigned_on" in errors(assigned_on="2025-12-05")  # tomorrow
    assert "assigned_on" in errors(assigned_on="2025-06-01")  # back-dated, no history
    created = hanoi.post("/api/v1/tasks/", task_json(), format="json")
    assert created.status_code == 201
    assert Task.objects.get(code="NV-API").lead_org.code == "00070"


@time_machine.travel(TODAY, tick=False)
def test_a_steering_committee_assigns_anyone_and_the_secretariat_brings_history_in(
    make_user: Callable[..., User], program: Any
) -> None:
    committee = client_of(make_user("BCDTW", "approver"))
    ministry = task_json(code="NV-1", lead_org="BKHCN", assigned_by="BCDTW")
    assert committee.post("/api/v1/tasks/", ministry, format="json").status_code == 201
    own = committee.post(
        "/api/v1/tasks/", {**ministry, "code": "NV-2", "lead_org": "BCDTW"}, format="json"
    )
    assert own.status_code == 400
    assert "lead_org" in own.json()["errors"]
    secretariat = client_of(make_user("BCDTW", "secretariat"))
    past = {**ministry, "code": "NV-3", "assigned_on": "2024-03-01"}
    missing = secretariat.post("/api/v1/tasks/", past, format="json")
    assert missing.status_code == 400
    assert "history_reason" in missing.json()["errors"]
    reason = "Kế hoạch 2024 nhập lại từ văn bản giấy"
    brought = secretariat.post("/api/v1/tasks/", {**past, "history_reason": reason}, format="json")
    assert brought.status_code == 201
    assigned = audit.history_of(Task.objects.get(code="NV-3")).first()
    assert assigned is not None
    assert assigned.data["history_reason"] == reason


@time_machine.travel(TODAY, tick=False)
def test_the_page_shows_a_back_dated_assignment_refused_beside_its_field(
    make_user: Callable[..., User], program: Any
) -> None:
    from nq57.orgs.models import Organization

    client = Client()
    client.force_login(make_user("01", "approver"))
    form = {
        "program": program.code,
        "code": "NV-WEB",
        "title": "Số hóa",
        "kind": "deadline",
        "deadline": "2026-06-30",
        "lead_org": "00070",
        "assigned_by": Organization.objects.get(code="01").pk,
        "assigned_on": "2025-01-02",
        "weight": 1,
    }
    page = client.post("/tasks/new/", form).content.decode()
    assert 'id="id_assigned_on-errors"' in page
    upward = client.post("/tasks/new/", {**form, "assigned_on": "2025-12-04", "lead_org": "BKHCN"})
    assert 'id="id_lead_org-errors"' in upward.content.decode()
    assert not Task.objects.filter(code="NV-WEB").exists()
    assert client.post("/tasks/new/", {**form, "assigned_on": "2025-12-04"}).status_code == 302


@time_machine.travel(TODAY, tick=False)
def test_the_requester_never_confirms_even_holding_both_sides(
    make_user: Callable[..., User], make_task: Callable[..., Task]
) -> None:
    task = make_task(lead="BKHCN", assigned_by="BCDTW")
    both_sides = make_user("BCDTW", "secretariat")  # reports and decides on every task
    requester = client_of(both_sides)
    evidence = {"links": ["https://bkhcn.gov.vn/nghiem-thu"], "note": "Xong"}
    assert (
        requester.post(f"/api/v1/tasks/{task.pk}/completion-request/", evidence).status_code == 201
    )
    own = requester.post(f"/api/v1/tasks/{task.pk}/completion-confirm/", {"evidence_checked": True})
    assert own.status_code == 403
    returned = requester.post(f"/api/v1/tasks/{task.pk}/completion-return/", {"reason": "x"})
    assert returned.status_code == 403
    page = Client()
    page.force_login(both_sides)
    inbox = page.get("/tasks/inbox/").content.decode()
    assert "https://bkhcn.gov.vn/nghiem-thu" in inbox
    assert f'action="/tasks/{task.pk}/confirm/"' not in inbox
    assert page.post(f"/tasks/{task.pk}/confirm/", {"evidence_checked": "on"}).status_code == 404
    task.refresh_from_db()
    assert task.completed_on is None
    other = client_of(make_user("BCDTW", "approver"))
    confirmed = other.post(
        f"/api/v1/tasks/{task.pk}/completion-confirm/", {"evidence_checked": True}
    )
    assert confirmed.status_code == 200
    assert confirmed.json()["completed_on"] == TODAY.isoformat()


@time_machine.travel(TODAY, tick=False)
def test_the_decider_sees_the_evidence_and_must_tick_that_it_was_checked(
    make_user: Callable[..., User], make_task: Callable[..., Task]
) -> None:
    task = make_task(lead="BKHCN", assigned_by="BCDTW")
    services.completion_request(
        make_user("BKHCN", "reporter"),
        task=task,
        files=[SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")],
    )
    approver = Client()
    approver.force_login(make_user("BCDTW", "approver"))
    for url in ("/tasks/inbox/", f"/tasks/{task.pk}/"):
        page = approver.get(url).content.decode()
        evidence_at = page.index("bien-ban.pdf")
        assert evidence_at < page.index(f'action="/tasks/{task.pk}/confirm/"')
        assert 'name="evidence_checked"' in page
    approver.post(f"/tasks/{task.pk}/confirm/", {"confirmed": "1"})
    task.refresh_from_db()
    assert task.completed_on is None
    approver.post(f"/tasks/{task.pk}/confirm/", {"evidence_checked": "on", "confirmed": "1"})
    task.refresh_from_db()
    assert task.completed_on == TODAY


def test_only_a_completion_asks_for_the_evidence_checkbox_not_an_extension(
    make_user: Callable[..., User], make_task: Callable[..., Task]
) -> None:
    task = make_task(lead="BKHCN", assigned_by="BCDTW", deadline=TODAY + timedelta(days=10))
    reporter = make_user("BKHCN", "reporter")
    services.completion_request(
        reporter,
        task=task,
        files=[SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")],
    )
    extension = services.extension_request(
        reporter, task=task, requested_deadline=TODAY + timedelta(days=40), reason="Chờ thẩm định"
    )
    approver = Client()
    approver.force_login(make_user("BCDTW", "approver"))
    for url in ("/tasks/inbox/", f"/tasks/{task.pk}/"):
        page = approver.get(url).content.decode()
        approve = page.index(f'action="/tasks/extensions/{extension.pk}/approve/"')
        form = page[approve : page.index("</form>", approve)]
        assert 'name="evidence_checked"' not in form, url
        assert page.count('name="evidence_checked"') == 1, url


def task_file(*rows: str, evidence: bool = True) -> io.BytesIO:
    header = HEADER if evidence else tuple(h for h in HEADER if h != "evidence")
    return io.BytesIO((",".join(header) + "\n" + "".join(rows)).encode())


DONE_ROW = "H-1,Lịch sử,57-NQ/TW,BKHCN,,BCDTW,2024-02-01,2024-06-30,,,,2024-06-20,100{extra}\n"


@time_machine.travel(TODAY, tick=False)
def test_only_the_secretariat_imports_completions_marked_as_history(
    make_user: Callable[..., User], program: Any
) -> None:
    committee_approver = make_user("BCDTW", "approver")
    with pytest.raises(ImportRejected) as refused:
        tasks_import(committee_approver, task_file(DONE_ROW.format(extra=",")))
    assert "line 2: completed_on: only the secretariat bringing history in may import a " in (
        " ".join(refused.value.report.problems)
    )
    secretariat = make_user("BCDTW", "secretariat")
    links = "https://bkhcn.gov.vn/a; https://bkhcn.gov.vn/b"
    tasks_import(secretariat, task_file(DONE_ROW.format(extra=f",{links}")), source_name="ls.csv")
    task = Task.objects.get(code="H-1")
    assert task.completed_on == date(2024, 6, 20)
    request = CompletionRequest.objects.get(task=task)
    assert request.from_history
    assert (request.requested_by, request.decided_on) == (secretariat, date(2024, 6, 20))
    assert request.decision_reason == "ls.csv"
    assert sorted(request.evidence.values_list("link", flat=True)) == [
        "https://bkhcn.gov.vn/a",
        "https://bkhcn.gov.vn/b",
    ]
    page = Client()
    page.force_login(secretariat)
    assert 'data-history="completion"' in page.get(f"/tasks/{task.pk}/").content.decode()


@time_machine.travel(TODAY, tick=False)
def test_a_file_without_the_evidence_column_imports_as_before(program: Any) -> None:
    report = tasks_import(SYSTEM, task_file(DONE_ROW.format(extra=""), evidence=False))
    assert report.created == 1
    request = CompletionRequest.objects.get(task__code="H-1")
    assert request.from_history
    assert request.requested_by is None
    assert not request.evidence.exists()


@time_machine.travel(TODAY, tick=False)
def test_an_import_refuses_upward_and_future_assignments_by_line(
    make_user: Callable[..., User], program: Any
) -> None:
    rows = (
        "U-1,Lên trên,57-NQ/TW,BKHCN,,01,2025-12-04,2026-06-30,,,,,\n"
        "U-2,Ngày mai,57-NQ/TW,00070,,01,2025-12-05,2026-06-30,,,,,\n"
        "U-3,Đúng,57-NQ/TW,00070,,01,2025-12-04,2026-06-30,,,,,\n"
    )
    with pytest.raises(ImportRejected) as refused:
        tasks_import(make_user("01", "approver"), task_file(rows, evidence=False))
    problems = refused.value.report.problems
    assert [p.split(":")[0:2] for p in problems] == [
        ["line 2", " lead_org"],
        ["line 3", " assigned_on"],
    ]


@time_machine.travel(TODAY, tick=False)
def test_an_edit_cannot_move_a_task_upward(
    make_user: Callable[..., User], make_task: Callable[..., Task]
) -> None:
    task = make_task(lead="00070", assigned_by="01")
    hanoi = client_of(make_user("01", "approver"))
    url = f"/api/v1/tasks/{task.pk}/"
    upward = hanoi.patch(url, {"version": task.version, "lead_org": "01"}, format="json")
    assert upward.status_code == 400
    assert "lead_org" in upward.json()["errors"]
    task.refresh_from_db()
    assert task.lead_org.code == "00070"
