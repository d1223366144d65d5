"""Issue 11 item 6, the API's contracts: both URL forms answer every method, a malformed id
is a 404, the detail carries the list's status as of the date asked; never a 500."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import time_machine
from rest_framework.test import APIClient

from nq57.accounts.models import User
from nq57.tasks.models import Task
from nq57.tasks.rollups import rebuild

pytestmark = pytest.mark.django_db

TODAY = date(2025, 12, 4)


@pytest.fixture
def secretariat(make_user: Callable[..., User], api: Callable[..., APIClient]) -> APIClient:
    return api(make_user("BCDTW", "secretariat"))


def new_task(program: str, code: str) -> dict[str, Any]:
    return {
        "program": program,
        "code": code,
        "title": "Số hoá hồ sơ",
        "lead_org": "BKHCN",
        "assigned_by": "BCDTW",
        # Assigned on the day it is entered: a past date is history the secretariat brings
        # in with a reason, which is not what this contract is about.
        "assigned_on": TODAY.isoformat(),
        "deadline": "2025-12-31",
        "responsible_person": "Nguyễn Văn A",
        "expected_product": "Báo cáo",
    }


@time_machine.travel(TODAY, tick=False)
def test_every_endpoint_answers_with_and_without_the_trailing_slash(
    secretariat: APIClient, make_task: Callable[..., Task]
) -> None:
    task = make_task("BKHCN")
    program = task.program.code
    for slash in ("/", ""):
        listed = secretariat.get(f"/api/v1/tasks{slash}")
        assert listed.status_code == 200, slash
        assert listed.json()["count"] >= 1
        created = secretariat.post(
            f"/api/v1/tasks{slash}", new_task(program, f"NV-SLASH{len(slash)}"), format="json"
        )
        assert created.status_code == 201, (slash, created.content[:300])
        detail = secretariat.get(f"/api/v1/tasks/{task.pk}{slash}")
        assert detail.status_code == 200, slash
        changed = secretariat.patch(
            f"/api/v1/tasks/{task.pk}{slash}",
            {"version": detail.json()["version"], "title": f"Tên mới {len(slash)}"},
            format="json",
        )
        assert changed.status_code == 200, (slash, changed.content[:300])
        assert secretariat.get(f"/api/v1/tasks/{task.pk}/history{slash}").status_code == 200
        assert secretariat.get(f"/api/v1/tasks/summary{slash}").status_code == 200
        assert secretariat.get(f"/api/v1/orgs/BKHCN{slash}").json()["code"] == "BKHCN"
        programme = secretariat.get(f"/api/v1/programs/{program}{slash}")
        assert programme.status_code == 200, (slash, program)
        assert programme.json()["code"] == program  # the slash is not taken into the code
    assert Task.objects.filter(code__startswith="NV-SLASH").count() == 2


@pytest.mark.parametrize("path", ["/api/v1/feedback/stats", "/api/v1/schema", "/api/v1/docs"])
@pytest.mark.parametrize("slash", ["/", ""])
def test_the_paths_outside_the_router_answer_with_and_without_the_slash(
    secretariat: APIClient, path: str, slash: str
) -> None:
    assert secretariat.get(f"{path}{slash}").status_code == 200
    # A method a path does not take is refused as such, not redirected and not a 500.
    assert secretariat.post(f"{path}{slash}", {}, format="json").status_code == 405


@pytest.mark.parametrize("slash", ["/", ""])
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/tasks/import",
        "/api/v1/indicator-values",
        "/api/v1/indicator-values/import",
        "/api/v1/indicator-forms",
        "/api/v1/programs",
    ],
)
def test_a_post_without_the_slash_is_answered_like_one_with_it(
    secretariat: APIClient, path: str, slash: str
) -> None:
    """An empty POST is refused as invalid (400) by the endpoint itself, with or without the
    slash: never redirected, never a 500."""
    assert secretariat.post(f"{path}{slash}", {}, format="multipart").status_code == 400


def test_the_schema_states_each_path_once_and_stays_valid(secretariat: APIClient) -> None:
    schema = secretariat.get("/api/v1/schema/", {"format": "json"})
    assert schema.status_code == 200
    paths = set(schema.json()["paths"])
    assert "/api/v1/tasks/" in paths
    assert "/api/v1/tasks/{id}/" in paths
    assert "/api/v1/programs/{code}/" in paths
    assert not [path for path in paths if "?" in path or not path.endswith("/")], sorted(paths)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/tasks/abc/"),
        ("get", "/api/v1/tasks/abc"),
        ("patch", "/api/v1/tasks/abc/"),
        ("get", "/api/v1/tasks/1.5/"),
        ("get", "/api/v1/tasks/-1/"),
        ("get", "/api/v1/tasks/99999999999999999999999/"),
        ("get", "/api/v1/tasks/abc/history/"),
        ("get", "/api/v1/tasks/abc/progress-reports/"),
        ("post", "/api/v1/tasks/abc/completion-request/"),
        ("post", "/api/v1/tasks/abc/completion-confirm/"),
        ("post", "/api/v1/tasks/abc/completion-return/"),
        ("get", "/api/v1/tasks/abc/extension-requests/"),
        ("post", "/api/v1/extension-requests/abc/approve/"),
        ("post", "/api/v1/extension-requests/abc/refuse/"),
        ("post", "/api/v1/extension-requests/99999999999999999999999/approve/"),
        ("get", "/api/v1/indicator-forms/abc/"),
        ("post", "/api/v1/indicator-forms/abc/approve/"),
        ("get", "/api/v1/programs/NO-SUCH/"),
        ("get", "/api/v1/orgs/NO-SUCH/"),
    ],
)
def test_a_malformed_or_unknown_id_answers_404(
    secretariat: APIClient, method: str, path: str
) -> None:
    assert getattr(secretariat, method)(path, {}, format="json").status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_the_detail_carries_the_lists_status_as_of_the_date_asked(
    secretariat: APIClient, make_task: Callable[..., Task]
) -> None:
    late = make_task("BKHCN", assigned_on=date(2025, 2, 1), deadline=date(2025, 6, 30))
    done = make_task("01", assigned_on=date(2025, 2, 1), deadline=date(2025, 9, 30))
    regular = make_task("79", assigned_on=date(2025, 2, 1), kind="regular")
    Task.objects.filter(pk=done.pk).update(completed_on=date(2025, 8, 1), progress=100)
    rebuild()
    expected: dict[str | None, dict[int, str | None]] = {
        None: {late.pk: "overdue", done.pk: "completed_on_time", regular.pk: "regular"},
        "2025-05-01": {late.pk: "in_progress", done.pk: "in_progress", regular.pk: "regular"},
        "2025-01-01": {late.pk: None, done.pk: None, regular.pk: None},
    }
    for as_of, statuses in expected.items():
        query = {"as_of": as_of} if as_of else {}
        listed = secretariat.get("/api/v1/tasks/", query).json()["results"]
        from_list = {row["id"]: row["status"] for row in listed}
        for pk, status in statuses.items():
            shown = secretariat.get(f"/api/v1/tasks/{pk}/", query).json()
            assert shown["status"] == status, (as_of, pk)
            if pk in from_list:  # the list holds the tasks that exist as of the date
                assert from_list[pk] == status, (as_of, pk)
    assert secretariat.get(f"/api/v1/tasks/{late.pk}/", {"as_of": "soon"}).status_code == 400
