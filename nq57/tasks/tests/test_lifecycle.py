"""Issue 11 item 4: the assigning side withdraws, suspends, resumes and corrects a task, through
the API and the pages; each move is audited with its reason and old value, shown on the
timeline, and the figures follow it as of every date (the rollups equal a rebuild)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.db.models import Sum
from django.test import Client
from rest_framework.test import APIClient

from nq57.accounts.models import User
from nq57.core import audit
from nq57.core.actors import SYSTEM
from nq57.orgs.models import Organization
from nq57.tasks import rollups, services
from nq57.tasks.models import StatusDelta, Task
from nq57.tasks.selectors.detail import task_status
from nq57.tasks.selectors.summaries import SummaryQuery, task_summary

pytestmark = pytest.mark.django_db
ASSIGNED = date(2026, 3, 2)
DEADLINE = date(2026, 6, 30)
TODAY = date(2026, 9, 15)  # the task is overdue today


def client_of(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def national(as_of: date) -> dict[str, int]:
    counts, _rows = task_summary(SYSTEM, SummaryQuery(as_of=as_of))
    return {"total": counts.total, "overdue": counts.overdue, "in_progress": counts.in_progress}


def stored() -> dict[tuple[Any, ...], int]:
    rows = StatusDelta.objects.values_list("scope", "org_id", "program_id", "status", "on_date")
    return {key[:5]: key[5] for key in rows.annotate(total=Sum("delta")) if key[5]}


def assert_rollups_equal_a_rebuild() -> None:
    kept = stored()
    rollups.rebuild()
    assert stored() == kept


@pytest.fixture
def overdue_task(make_task: Callable[..., Task]) -> Task:
    return make_task("BKHCN", "BCDTW", assigned_on=ASSIGNED, deadline=DEADLINE)


@pytest.fixture
def decider(make_user: Callable[..., User]) -> User:
    return make_user("BCDTW", "approver", "bcd-approver")


@pytest.fixture
def lead_reporter(make_user: Callable[..., User]) -> User:
    return make_user("BKHCN", "reporter", "bkhcn-reporter")


@time_machine.travel(TODAY, tick=False)
def test_a_withdrawn_task_leaves_the_figures_from_that_day_and_stays_before(
    overdue_task: Task, decider: User, lead_reporter: User
) -> None:
    yesterday = TODAY - timedelta(days=1)
    before = {day: national(day) for day in (ASSIGNED, DEADLINE, yesterday, TODAY)}
    assert before[TODAY]["overdue"] == 1
    lead = client_of(lead_reporter)
    refused = lead.post(f"/api/v1/tasks/{overdue_task.pk}/withdraw/", {"reason": "x"})
    assert refused.status_code == 403  # the lead may see the task, not withdraw it
    api = client_of(decider)
    no_reason = api.post(f"/api/v1/tasks/{overdue_task.pk}/withdraw", {"reason": " "})
    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()["errors"]
    response = api.post(
        f"/api/v1/tasks/{overdue_task.pk}/withdraw/",
        {"reason": "Trùng với nhiệm vụ NV-0002"},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["withdrawn_on"] == TODAY.isoformat()
    assert body["status"] is None
    # History unchanged up to yesterday; gone from today.
    for day in (ASSIGNED, DEADLINE, yesterday):
        assert national(day) == before[day]
    assert national(TODAY) == {"total": 0, "overdue": 0, "in_progress": 0}
    assert task_status(overdue_task.pk, yesterday) == "overdue"
    assert task_status(overdue_task.pk, TODAY) is None
    assert_rollups_equal_a_rebuild()
    event = audit.history_of(overdue_task).filter(event="task.withdrawn").get()
    assert event.actor_id == decider.pk
    assert event.data["reason"] == "Trùng với nhiệm vụ NV-0002"
    # Nothing changes a withdrawn task any more, not even the lead's report.
    report = lead.post(
        f"/api/v1/tasks/{overdue_task.pk}/progress-reports/",
        {"reported_on": TODAY.isoformat(), "percent": 50, "narrative": "x"},
    )
    assert report.status_code == 400
    again = api.post(f"/api/v1/tasks/{overdue_task.pk}/suspend/", {"reason": "x"})
    assert again.status_code == 400


@time_machine.travel(TODAY, tick=False)
def test_withdrawal_closes_the_pending_requests_with_its_reason(
    overdue_task: Task, decider: User, lead_reporter: User
) -> None:
    services.extension_request(
        lead_reporter, task=overdue_task, requested_deadline=date(2026, 12, 31), reason="Chậm"
    )
    services.task_withdraw(decider, task=overdue_task, reason="Không còn phù hợp")
    extension = overdue_task.extension_requests.get()
    assert extension.status == "refused"
    assert "Không còn phù hợp" in extension.decision_reason
    assert extension.decided_by_id == decider.pk


def test_another_organisation_gets_404_for_every_move(
    overdue_task: Task, make_user: Callable[..., User]
) -> None:
    stranger = client_of(make_user("79", "approver", "hcm-approver"))
    for move in ("withdraw", "suspend", "resume", "correct"):
        response = stranger.post(f"/api/v1/tasks/{overdue_task.pk}/{move}/", {"reason": "x"})
        assert response.status_code == 404, move


def test_a_suspended_task_is_never_overdue_and_resuming_moves_the_deadline_on(
    overdue_task: Task, decider: User, lead_reporter: User
) -> None:
    api = client_of(decider)
    held_from = DEADLINE - timedelta(days=10)  # ten days before the deadline
    resumed_on = held_from + timedelta(days=40)
    with time_machine.travel(held_from, tick=False):
        response = api.post(
            f"/api/v1/tasks/{overdue_task.pk}/suspend/", {"reason": "Chờ Luật sửa đổi"}
        )
        assert response.status_code == 200, response.content
        assert response.json()["suspended_since"] == held_from.isoformat()
        # The lead cannot ask to complete or extend a task on hold.
        blocked = client_of(lead_reporter).post(
            f"/api/v1/tasks/{overdue_task.pk}/extension-requests/",
            {"requested_deadline": "2026-12-31", "reason": "x"},
        )
        assert blocked.status_code == 400
    # Past the deadline while on hold: in progress, not overdue.
    assert task_status(overdue_task.pk, DEADLINE + timedelta(days=5)) == "in_progress"
    with time_machine.travel(resumed_on, tick=False):
        response = api.post(f"/api/v1/tasks/{overdue_task.pk}/resume/", {})
        assert response.status_code == 200, response.content
    task = Task.objects.get(pk=overdue_task.pk)
    assert task.deadline == DEADLINE + timedelta(days=40)
    assert task.suspended_since is None
    assert task_status(overdue_task.pk, task.deadline) == "in_progress"
    assert task_status(overdue_task.pk, task.deadline + timedelta(days=1)) == "overdue"
    # Before the hold, the figures are as they were.
    assert task_status(overdue_task.pk, held_from - timedelta(days=1)) == "in_progress"
    resumed = audit.history_of(task).filter(event="task.resumed").get()
    assert resumed.changes["deadline"] == [DEADLINE.isoformat(), task.deadline.isoformat()]
    assert resumed.data["days_on_hold"] == 40
    assert_rollups_equal_a_rebuild()


@time_machine.travel(TODAY, tick=False)
def test_a_correction_applies_from_the_start_and_keeps_the_old_value(
    overdue_task: Task, decider: User
) -> None:
    api = client_of(decider)
    url = f"/api/v1/tasks/{overdue_task.pk}/correct/"
    assert national(DEADLINE + timedelta(days=1))["overdue"] == 1
    missing = api.post(url, {"deadline": "2026-12-31", "reason": ""}, format="json")
    assert missing.status_code == 400
    assert "reason" in missing.json()["errors"]
    future = api.post(url, {"assigned_on": "2026-09-16", "reason": "x"}, format="json")
    assert "assigned_on" in future.json()["errors"]
    before_assignment = api.post(url, {"deadline": "2026-03-01", "reason": "x"}, format="json")
    assert "deadline" in before_assignment.json()["errors"]
    response = api.post(
        url,
        {"deadline": "2026-12-31", "assigned_on": "2026-03-01", "reason": "Nhập nhầm năm"},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["deadline"] == "2026-12-31"
    assert body["assigned_on"] == "2026-03-01"
    sources = [(d["source"], d["deadline"], d["effective_on"]) for d in body["deadlines"]]
    assert sources == [
        ("original", DEADLINE.isoformat(), "2026-03-01"),
        ("correction", "2026-12-31", "2026-03-01"),
    ]
    # From the start: never overdue, even as of a past date.
    assert national(DEADLINE + timedelta(days=1))["overdue"] == 0
    assert national(date(2026, 3, 1))["total"] == 1
    event = audit.history_of(overdue_task).filter(event="task.corrected").get()
    assert event.changes == {
        "assigned_on": [ASSIGNED.isoformat(), "2026-03-01"],
        "deadline": [DEADLINE.isoformat(), "2026-12-31"],
    }
    assert event.data["reason"] == "Nhập nhầm năm"
    assert_rollups_equal_a_rebuild()


@time_machine.travel(TODAY, tick=False)
def test_an_extended_deadline_is_not_corrected_from_the_start(
    overdue_task: Task, decider: User, lead_reporter: User
) -> None:
    request = services.extension_request(
        lead_reporter, task=overdue_task, requested_deadline=date(2026, 12, 31), reason="Chậm"
    )
    services.extension_approve(decider, request=request)
    response = client_of(decider).post(
        f"/api/v1/tasks/{overdue_task.pk}/correct/",
        {"deadline": "2026-07-31", "reason": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert "deadline" in response.json()["errors"]


@time_machine.travel(TODAY, tick=False)
def test_a_parent_withdraws_only_after_its_subtasks_and_rolls_up_without_them(
    make_task: Callable[..., Task], decider: User, make_user: Callable[..., User]
) -> None:
    parent = make_task("01", "BCDTW", assigned_on=ASSIGNED, deadline=DEADLINE)
    commune = Organization.objects.filter(parent__code="01").order_by("code").first()
    assert commune is not None
    province = make_user("01", "approver", "hanoi-approver")
    done = make_task(commune.code, "01", assigned_on=ASSIGNED, deadline=DEADLINE, parent=parent)
    dropped = make_task(commune.code, "01", assigned_on=ASSIGNED, deadline=DEADLINE, parent=parent)
    Task.objects.filter(pk=done.pk).update(progress=100)
    with pytest.raises(Exception, match=dropped.code):
        services.task_withdraw(decider, task=parent, reason="x")
    services.task_withdraw(province, task=dropped, reason="Gộp vào nhiệm vụ khác")
    # The parent's progress is its remaining subtasks' only: 100 %, not (100 + 0) / 2.
    assert Task.objects.get(pk=parent.pk).progress == 100
    services.task_withdraw(province, task=done, reason="Gộp")
    services.task_withdraw(decider, task=parent, reason="Gộp")
    assert Task.objects.get(pk=parent.pk).withdrawn_on == TODAY


@time_machine.travel(TODAY, tick=False)
def test_the_task_page_withdraws_suspends_and_shows_every_move_on_its_timeline(
    overdue_task: Task, decider: User, lead_reporter: User
) -> None:
    page = Client()
    page.force_login(decider)
    detail = f"/tasks/{overdue_task.pk}/"
    assert 'id="lifecycle"' in page.get(detail).content.decode()
    page.post(f"/tasks/{overdue_task.pk}/suspend/", {"reason": "Chờ nguồn vốn"})
    shown = page.get(detail).content.decode()
    assert 'id="task-suspended"' in shown
    assert "Chờ nguồn vốn" in shown
    page.post(f"/tasks/{overdue_task.pk}/resume/")
    correction = page.get(f"/tasks/{overdue_task.pk}/correct/")
    assert correction.status_code == 200
    page.post(
        f"/tasks/{overdue_task.pk}/correct/",
        {"assigned_on": "2026-03-01", "deadline": DEADLINE.isoformat(), "reason": "Sai ngày"},
    )
    assert Task.objects.get(pk=overdue_task.pk).assigned_on == date(2026, 3, 1)
    empty = page.post(f"/tasks/{overdue_task.pk}/withdraw/", {"reason": ""}, follow=True)
    assert Task.objects.get(pk=overdue_task.pk).withdrawn_on is None
    assert "reason" in empty.content.decode().lower()
    page.post(f"/tasks/{overdue_task.pk}/withdraw/", {"reason": "Trùng lặp"})
    shown = page.get(detail).content.decode()
    assert 'id="task-withdrawn"' in shown
    assert 'id="lifecycle"' not in shown
    for sentence in ("suspended task", "resumed task", "corrected the dates", "withdrew task"):
        assert sentence in shown, sentence
    assert "Sai ngày" in shown
    assert "Trùng lặp" in shown
    # The lead side sees the task and its history, but not the moves.
    lead = Client()
    lead.force_login(lead_reporter)
    assert lead.get(f"/tasks/{overdue_task.pk}/correct/").status_code == 404
    assert lead.post(f"/tasks/{overdue_task.pk}/suspend/", {"reason": "x"}).status_code == 404
    assert_rollups_equal_a_rebuild()


@time_machine.travel(TODAY, tick=False)
def test_an_import_may_not_change_a_withdrawn_task_and_names_the_line(
    make_user: Callable[..., User], program: Any
) -> None:
    import io

    from nq57.core.exchange import ImportRejected
    from nq57.tasks.exchange import tasks_import, write_csv

    row = {
        "code": "NV-R",
        "title": "Số hóa hồ sơ",
        "program": program.code,
        "lead_org": "BKHCN",
        "coordinating_orgs": "",
        "assigned_by": "BCDTW",
        "assigned_on": ASSIGNED.isoformat(),
        "deadline": DEADLINE.isoformat(),
        "kind": "",
        "expected_product": "Báo cáo",
        "responsible_person": "A",
        "completed_on": "",
        "progress": "0",
    }

    def file_of(**changes: str) -> io.BytesIO:
        out = io.StringIO()
        write_csv([{**row, **changes}], out)
        return io.BytesIO(out.getvalue().encode())

    tasks_import(SYSTEM, file_of())
    task = Task.objects.get(code="NV-R")
    services.task_withdraw(make_user("BCDTW", "approver"), task=task, reason="Trùng")
    tasks_import(SYSTEM, file_of())  # the same line changes nothing: accepted
    with pytest.raises(ImportRejected) as refused:
        tasks_import(SYSTEM, file_of(deadline="2026-12-31"))
    assert refused.value.report.problems[0].startswith("line 2: code: the task was withdrawn")
    assert Task.objects.get(pk=task.pk).deadline == DEADLINE


def test_the_timeline_shows_dates_as_people_write_them() -> None:
    from nq57.web.templatetags.nq57 import change_value

    assert change_value("2026-11-30") == "30/11/2026"
    assert change_value(None) == "—"
    assert change_value("2026-13-40") == "2026-13-40"  # not a date: as it is
    assert change_value("BKHCN") == "BKHCN"


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("org", "role", "answer"),
    [
        ("BKHCN", "viewer", 403),  # the lead side sees the task but does not decide on it
        ("BKHCN", "reporter", 403),
        ("BKHCN", "approver", 403),
        ("BKHCN", "org_admin", 403),
        ("UBKTTW", "inspector", 403),  # sees everything, changes nothing
        ("79", "approver", 404),  # another organisation does not even see it
        ("BCDTW", "viewer", 403),
        ("BCDTW", "approver", 200),
        ("BCDTW", "org_admin", 200),
        ("BCDTW", "secretariat", 200),
    ],
)
def test_only_the_assigning_side_moves_a_task_through_its_life(
    overdue_task: Task, make_user: Callable[..., User], org: str, role: str, answer: int
) -> None:
    api = client_of(make_user(org, role, f"{org}-{role}"))
    suspended = api.post(f"/api/v1/tasks/{overdue_task.pk}/suspend/", {"reason": "Chờ"})
    assert suspended.status_code == answer
    withdrawn = api.post(f"/api/v1/tasks/{overdue_task.pk}/withdraw/", {"reason": "Trùng"})
    assert withdrawn.status_code == answer
    assert (Task.objects.get(pk=overdue_task.pk).withdrawn_on is not None) == (answer == 200)
    page = Client()
    page.force_login(make_user(org, role, f"{org}-{role}-page"))
    correction = page.get(f"/tasks/{overdue_task.pk}/correct/")
    assert correction.status_code == (404 if answer != 200 else 200)
