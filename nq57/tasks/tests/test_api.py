"""The REST API: scoping by role and organisation, errors, concurrency, query counts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from nq57.accounts.models import User
from nq57.accounts.services import api_token_issue
from nq57.core.actors import SYSTEM
from nq57.orgs.models import Organization
from nq57.orgs.services import org_create
from nq57.tasks import services
from nq57.tasks.models import Task

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def world(make_task: Callable[..., Task], make_user: Callable[..., User]) -> dict[str, Any]:
    """Tasks of a ministry, of Hà Nội and of a Hà Nội commune, and users around them."""
    commune = Organization.objects.get(code="00070")  # Phường Hoàn Kiếm, Hà Nội
    return {
        "bkhcn_task": make_task(lead="BKHCN", assigned_by="BCDTW", coordinating=("BYT",)),
        "hanoi_task": make_task(lead="01", assigned_by="BCDCP"),
        "commune_task": make_task(lead=commune.code, assigned_by="01"),
        "hcm_task": make_task(lead="79", assigned_by="BCDCP"),
        "secretariat": make_user("BCDTW", "secretariat"),
        "bcdtw_viewer": make_user("BCDTW", "viewer"),
        "bkhcn_reporter": make_user("BKHCN", "reporter"),
        "byt_viewer": make_user("BYT", "viewer"),
        "hanoi_reporter": make_user("01", "reporter"),
        "hanoi_approver": make_user("01", "approver"),
        "commune_reporter": make_user(commune.code, "reporter"),
        "hcm_reporter": make_user("79", "reporter"),
    }


# Who sees which task: lead or coordinate in their subtree, or assigned by them.
VISIBILITY = {
    "secretariat": {"bkhcn_task", "hanoi_task", "commune_task", "hcm_task"},
    "bcdtw_viewer": {"bkhcn_task"},
    "bkhcn_reporter": {"bkhcn_task"},
    "byt_viewer": {"bkhcn_task"},
    "hanoi_reporter": {"hanoi_task", "commune_task"},
    "hanoi_approver": {"hanoi_task", "commune_task"},
    "commune_reporter": {"commune_task"},
    "hcm_reporter": {"hcm_task"},
}
TASKS = ("bkhcn_task", "hanoi_task", "commune_task", "hcm_task")


@pytest.mark.parametrize("who", sorted(VISIBILITY))
def test_the_scoping_matrix_over_list_detail_history_and_export(
    who: str, world: dict[str, Any], api: Callable[[User], APIClient]
) -> None:
    client = api(world[who])
    listed = {row["id"] for row in client.get("/api/v1/tasks/").json()["results"]}
    expected_ids = {world[name].pk for name in VISIBILITY[who]}
    assert listed == expected_ids
    for name in TASKS:
        task = world[name]
        visible = name in VISIBILITY[who]
        for suffix in ("", "history/", "progress-reports/", "extension-requests/"):
            response = client.get(f"/api/v1/tasks/{task.pk}/{suffix}")
            assert response.status_code == (200 if visible else 404), (name, suffix)
        response = client.post(
            f"/api/v1/tasks/{task.pk}/progress-reports/",
            {"reported_on": date.today().isoformat(), "percent": 5},
        )
        assert response.status_code != 404 or not visible
        if not visible:
            assert response.status_code == 404
            for action in ("completion-confirm/", "completion-request/", "extension-requests/"):
                assert client.post(f"/api/v1/tasks/{task.pk}/{action}").status_code == 404
            assert (
                client.patch(
                    f"/api/v1/tasks/{task.pk}/", {"version": 1, "title": "x"}, format="json"
                ).status_code
                == 404
            )
    streamed = client.get("/api/v1/tasks/export/")
    export = b"".join(streamed.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    exported_codes = {line.split(",")[0] for line in export.splitlines()[1:]}
    assert exported_codes == {world[name].code for name in VISIBILITY[who]}
    total = client.get("/api/v1/tasks/summary/", {"as_of": "2025-12-31"}).json()["total"]
    assert total == len(VISIBILITY[who])


def test_anonymous_callers_are_refused(world: dict[str, Any]) -> None:
    assert APIClient().get("/api/v1/tasks/").status_code in (401, 403)


def test_a_machine_token_authenticates(world: dict[str, Any]) -> None:
    _token, secret = api_token_issue(SYSTEM, user=world["hanoi_reporter"], name="tich-hop")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get("/api/v1/tasks/").json()["count"] == 2
    client.credentials(HTTP_AUTHORIZATION="Bearer nq57_wrong")
    assert client.get("/api/v1/tasks/").status_code == 401


def test_reporting_on_a_visible_task_you_do_not_lead_is_forbidden(
    world: dict[str, Any], api: Callable[[User], APIClient]
) -> None:
    task = world["bkhcn_task"]
    response = api(world["byt_viewer"]).post(
        f"/api/v1/tasks/{task.pk}/progress-reports/",
        {"reported_on": date.today().isoformat(), "percent": 5},
    )
    assert response.status_code == 403


def test_the_full_workflow_over_the_api(
    world: dict[str, Any], api: Callable[[User], APIClient]
) -> None:
    task = world["commune_task"]  # assigned by Hà Nội to Phường Hoàn Kiếm
    reporter, approver = api(world["commune_reporter"]), api(world["hanoi_approver"])
    today = date.today().isoformat()
    response = reporter.post(
        f"/api/v1/tasks/{task.pk}/progress-reports/",
        {
            "reported_on": today,
            "percent": 60,
            "narrative": "Đã số hóa 60% hồ sơ",
            "files": [SimpleUploadedFile("minh-chung.pdf", PDF)],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["evidence"][0]["content_type"] == "application/pdf"
    refused = reporter.post(f"/api/v1/tasks/{task.pk}/completion-request/", {})
    assert refused.status_code == 400
    assert "evidence" in refused.json()["errors"]
    assert (
        reporter.post(
            f"/api/v1/tasks/{task.pk}/completion-request/",
            {"links": ["https://hoankiem.hanoi.gov.vn/bao-cao"]},
        ).status_code
        == 201
    )
    assert reporter.post(f"/api/v1/tasks/{task.pk}/completion-confirm/").status_code == 403
    unchecked = approver.post(f"/api/v1/tasks/{task.pk}/completion-confirm/")
    assert unchecked.status_code == 400
    assert "evidence_checked" in unchecked.json()["errors"]
    confirmed = approver.post(
        f"/api/v1/tasks/{task.pk}/completion-confirm/", {"evidence_checked": True}
    )
    assert confirmed.status_code == 200
    assert confirmed.json()["completed_on"] == today
    events = [e["event"] for e in reporter.get(f"/api/v1/tasks/{task.pk}/history/").json()]
    assert events == [
        "task.assigned",
        "progress.reported",
        "completion.requested",
        "completion.confirmed",
    ]


def test_extension_over_the_api(world: dict[str, Any], api: Callable[[User], APIClient]) -> None:
    task = world["hanoi_task"]  # assigned by BCDCP; the secretariat decides
    response = api(world["hanoi_reporter"]).post(
        f"/api/v1/tasks/{task.pk}/extension-requests/",
        {"requested_deadline": "2026-06-30", "reason": "Chờ kinh phí"},
        format="json",
    )
    assert response.status_code == 201
    request_id = response.json()["id"]
    assert (
        api(world["hcm_reporter"])
        .post(f"/api/v1/extension-requests/{request_id}/approve/")
        .status_code
        == 404
    )
    assert (
        api(world["hanoi_approver"])
        .post(f"/api/v1/extension-requests/{request_id}/approve/")
        .status_code
        == 403
    )
    approved = api(world["secretariat"]).post(f"/api/v1/extension-requests/{request_id}/approve/")
    assert approved.json()["status"] == "approved"
    detail = api(world["secretariat"]).get(f"/api/v1/tasks/{task.pk}/").json()
    assert detail["deadline"] == "2026-06-30"
    assert [d["source"] for d in detail["deadlines"]] == ["original", "extension"]


def test_stale_update_answers_409_and_changes_nothing(
    world: dict[str, Any], api: Callable[[User], APIClient]
) -> None:
    client = api(world["secretariat"])
    url = f"/api/v1/tasks/{world['hcm_task'].pk}/"
    assert client.patch(url, {"version": 1, "title": "Tên mới"}, format="json").status_code == 200
    stale = client.patch(url, {"version": 1, "title": "Ghi đè"}, format="json")
    assert stale.status_code == 409
    assert client.get(url).json()["title"] == "Tên mới"


def test_create_task_errors_are_json_per_field(
    world: dict[str, Any], api: Callable[[User], APIClient]
) -> None:
    client = api(world["secretariat"])
    task = {
        "program": "57-NQ/TW",
        "code": "API-1",
        "title": "Tạo qua API",
        "lead_org": "Bộ Y tế",
        "assigned_by": "BCDTW",
        "assigned_on": "2025-03-01",
        "deadline": "2025-12-01",
        "history_reason": "Kế hoạch 2025 nhập lại",
    }

    def create(**changes: Any) -> Any:
        return client.post("/api/v1/tasks/", {**task, **changes}, format="json")

    unknown_lead = create(lead_org="Không có")
    assert unknown_lead.status_code == 400
    assert "lead_org" in unknown_lead.json()["errors"]
    early_deadline = create(deadline="2025-02-01")
    assert early_deadline.status_code == 400
    assert "deadline" in early_deadline.json()["errors"]
    created = create(coordinating_orgs=["Thành phố Hà Nội"])
    assert created.status_code == 201
    assert created.json()["coordinating_orgs"] == ["01"]


def test_a_province_cannot_assign_in_a_ministrys_name(
    world: dict[str, Any], api: Callable[[User], APIClient]
) -> None:
    response = api(world["hanoi_approver"]).post(
        "/api/v1/tasks/",
        {
            "program": "57-NQ/TW",
            "code": "X-1",
            "title": "Không được",
            "lead_org": "00070",
            "assigned_by": "BKHCN",
            "assigned_on": "2025-03-01",
            "deadline": "2025-12-01",
        },
        format="json",
    )
    assert response.status_code == 403


def test_summary_endpoint_matches_the_command_shape(
    world: dict[str, Any], api: Callable[[User], APIClient]
) -> None:
    client = api(world["secretariat"])
    body = client.get(
        "/api/v1/tasks/summary/",
        {"as_of": "2025-12-04", "due_by": "2025-12-31", "org": "01", "by": "org"},
    ).json()
    assert set(body) == {
        "as_of",
        "total",
        "completed",
        "completed_on_time",
        "completed_late",
        "in_progress",
        "overdue",
        "regular",
        "due_by",
        "shares",
        "rows",
    }
    assert body["total"] == 2  # Hà Nội's own task and its commune's
    rows = {row["org"]: row["total"] for row in body["rows"]}
    assert rows["01"] == 1
    assert rows["00070"] == 1
    bad = client.get("/api/v1/tasks/summary/", {"as_of": "31/02/2025", "role": "boss"})
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"as_of", "role"}


def test_import_endpoint_lists_problems_by_line(
    world: dict[str, Any], api: Callable[[User], APIClient]
) -> None:
    from nq57.tasks.exchange import HEADER

    content = ",".join(HEADER) + "\nN-1,Tên,57-NQ/TW,BYT,,BCDTW,31/02/2025,2025-12-01,,,,,\n"
    response = api(world["secretariat"]).post(
        "/api/v1/tasks/import/",
        {"file": SimpleUploadedFile("t.csv", content.encode())},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["problems"] == ["line 2: assigned_on: invalid date '31/02/2025'"]
    denied = api(world["hanoi_approver"]).post(
        "/api/v1/tasks/import/",
        {"file": SimpleUploadedFile("t.csv", content.replace("31/02", "01/02").encode())},
        format="multipart",
    )
    assert denied.json()["problems"] == [
        "line 2: assigned_by: you may not assign tasks for BCDTW",
        # An approver brings no history in: a past assignment date is refused too.
        "line 2: assigned_on: only the secretariat bringing history in may set an assignment "
        "date in the past",
    ]


def test_list_query_count_is_bounded(
    world: dict[str, Any],
    api: Callable[[User], APIClient],
    make_task: Callable[..., Task],
    django_assert_max_num_queries: Any,
) -> None:
    for _ in range(30):
        make_task(lead="01", assigned_by="BCDCP", coordinating=("BYT", "BCA"))
    client = api(world["hanoi_reporter"])
    with django_assert_max_num_queries(6):
        response = client.get(
            "/api/v1/tasks/", {"status": "overdue", "q": "co so du lieu", "as_of": "2026-01-15"}
        )
    assert response.json()["count"] == 32  # Hà Nội's, its commune's and the 30 new ones
    earlier = {"status": "in_progress", "as_of": "2025-06-01"}
    assert client.get("/api/v1/tasks/", earlier).json()["count"] == 32
    assert client.get("/api/v1/tasks/", {**earlier, "status": "overdue"}).json()["count"] == 0


def test_accent_free_search_finds_vietnamese_titles(
    world: dict[str, Any], api: Callable[[User], APIClient], make_task: Callable[..., Task]
) -> None:
    make_task(lead="01", assigned_by="BCDCP", title="Thúc đẩy chuyển đổi số cấp xã")
    client = api(world["secretariat"])
    assert client.get("/api/v1/tasks/", {"q": "chuyen doi so"}).json()["count"] == 1
    assert client.get("/api/v1/tasks/", {"q": "Chuyển Đổi"}).json()["count"] == 1


@time_machine.travel(date(2025, 12, 4), tick=False)
def test_status_filter_counts_equal_the_summary(
    world: dict[str, Any], api: Callable[[User], APIClient], make_task: Callable[..., Task]
) -> None:
    make_task(lead="01", assigned_by="BCDCP", deadline=date(2025, 11, 1))
    done = make_task(lead="01", assigned_by="BCDCP", deadline=date(2025, 12, 31))
    services.completion_request(SYSTEM, task=done, links=["https://hanoi.gov.vn/bb"])
    services.completion_confirm(SYSTEM, task=done, evidence_checked=True)
    client = api(world["secretariat"])
    summary = client.get("/api/v1/tasks/summary/").json()
    assert summary["completed"] == 1
    assert summary["overdue"] >= 1
    for status in ("in_progress", "overdue", "regular", "completed"):
        listed = client.get("/api/v1/tasks/", {"status": status}).json()["count"]
        assert listed == summary[status], status


def test_organisations_are_listed_by_code_and_found_by_name(
    world: dict[str, Any], api: Callable[[User], APIClient]
) -> None:
    client = api(world["byt_viewer"])
    assert client.get("/api/v1/orgs/", {"kind": "province"}).json()["count"] == 34
    found = client.get("/api/v1/orgs/", {"name": "thành phố hà nội"}).json()["results"]
    assert [o["code"] for o in found] == ["01"]
    assert client.get("/api/v1/orgs/BKHCN/").json()["name_vi"] == "Bộ Khoa học và Công nghệ"
    org_create(
        SYSTEM,
        code="BKHCN-VP",
        name_vi="Văn phòng Bộ",
        kind="unit",
        parent=Organization.objects.get(code="BKHCN"),
    )
    assert client.get("/api/v1/orgs/BKHCN-VP/").json()["parent"] == "BKHCN"


def test_schema_and_docs_are_served(
    world: dict[str, Any], api: Callable[[User], APIClient]
) -> None:
    client = api(world["secretariat"])
    schema = client.get("/api/v1/schema/", {"format": "json"})
    assert schema.status_code == 200
    paths = set(schema.json()["paths"])
    assert {
        "/api/v1/orgs/",
        "/api/v1/programs/",
        "/api/v1/tasks/",
        "/api/v1/tasks/{id}/",
        "/api/v1/tasks/{id}/progress-reports/",
        "/api/v1/tasks/{id}/completion-request/",
        "/api/v1/tasks/{id}/completion-confirm/",
        "/api/v1/tasks/{id}/extension-requests/",
        "/api/v1/extension-requests/{id}/approve/",
        "/api/v1/tasks/summary/",
        "/api/v1/tasks/import/",
        "/api/v1/tasks/export/",
        "/api/v1/tasks/{id}/history/",
        "/api/v1/tasks/{id}/comments/",
    } <= paths, sorted(paths)
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    # Served locally: a closed government network has no CDN.
    assert "cdn" not in docs.content.decode().lower()
    assert "/static/drf_spectacular_sidecar/" in docs.content.decode()


def test_organisation_and_programme_lists_run_a_fixed_number_of_queries(
    world: dict[str, Any], api: Callable[[User], APIClient], django_assert_max_num_queries: Any
) -> None:
    client = api(world["hanoi_reporter"])
    with django_assert_max_num_queries(3):
        assert client.get("/api/v1/orgs/", {"page_size": 500}).json()["count"] == 3390
    with django_assert_max_num_queries(3):
        assert client.get("/api/v1/programs/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(f"/api/v1/tasks/{world['hanoi_task'].pk}/").status_code == 200
