"""The officials' task pages: same services as the API, errors by field, scope enforced."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from nq57.core.models import AuditEvent
from nq57.tasks.exchange import read_rows
from nq57.tasks.models import CompletionRequest, Evidence, ProgressReport, Task
from nq57.tasks.views import listing as list_views
from nq57.web.tests.pages import RESULT_COUNT

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = date(2025, 12, 4)
pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def streamed(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def count_on(response: Any) -> int:
    found = RESULT_COUNT.search(response.content.decode())
    assert found
    return int(found[1])


def test_pages_ask_for_sign_in(client: Client, make_task: Callable[..., Task]) -> None:
    task = make_task()
    for url in ["/", "/tasks/", f"/tasks/{task.pk}/", "/tasks/import/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_sign_in_and_a_session_that_ends_after_30_idle_minutes(
    client: Client, make_user: Callable[..., Any]
) -> None:
    user = make_user("BKHCN", "reporter")
    with time_machine.travel("2025-12-04 08:00 +07:00", tick=False) as clock:
        response = client.post(
            "/login/", {"username": user.username, "password": "correct horse battery staple"}
        )
        assert response.status_code == 302
        assert client.get("/").status_code == 200
        clock.shift(29 * 60)
        assert client.get("/").status_code == 200  # activity renews the session
        clock.shift(31 * 60)
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_a_wrong_password_is_refused(client: Client, make_user: Callable[..., Any]) -> None:
    user = make_user("BKHCN", "reporter")
    response = client.post("/login/", {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert client.get("/").status_code == 302


def test_vietnamese_is_the_default_whatever_the_browser_asks(
    client: Client, make_user: Callable[..., Any], settings: Any
) -> None:
    settings.LANGUAGE_CODE = "vi"  # as in production; the tests run in English
    client.force_login(make_user("BKHCN", "reporter"))
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"
    assert '<html lang="vi">' in response.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert client.get("/")["Content-Language"] == "en"


def test_the_frame_shows_the_users_organisation_and_role(
    client: Client, make_user: Callable[..., Any]
) -> None:
    client.force_login(make_user("01", "approver"))
    page = client.get("/tasks/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Hà Nội" in page
    assert "Approver" in page or "Người phê duyệt" in page or "Phê duyệt" in page


def test_a_reporter_of_one_province_cannot_reach_another_provinces_task(
    make_user: Callable[..., Any], make_task: Callable[..., Task]
) -> None:
    task = make_task("79")
    with time_machine.travel(date(2025, 2, 3), tick=False):
        owner = make_user("79", "reporter")
        signed_in(owner).post(
            f"/tasks/{task.pk}/report/",
            {
                "reported_on": "2025-02-03",
                "percent": 10,
                "evidence_files": [SimpleUploadedFile("a.pdf", PDF)],
            },
        )
    evidence = Evidence.objects.get(task=task)
    hanoi = signed_in(make_user("01", "reporter"))
    for url in [
        f"/tasks/{task.pk}/",
        f"/tasks/{task.pk}/report/",
        f"/tasks/{task.pk}/complete/",
        f"/tasks/{task.pk}/extend/",
        f"/tasks/{task.pk}/edit/",
        f"/tasks/evidence/{evidence.pk}/",
    ]:
        assert hanoi.get(url).status_code == 404, url
    assert hanoi.post(f"/tasks/{task.pk}/confirm/").status_code == 404
    download = signed_in(owner).get(f"/tasks/evidence/{evidence.pk}/")
    assert download.status_code == 200
    download.close()


@time_machine.travel(TODAY, tick=False)
def test_the_list_filters_searches_without_accents_and_counts(
    make_user: Callable[..., Any], make_task: Callable[..., Task]
) -> None:
    make_task("BKHCN", title="Chuyển đổi số trong quản lý khoa học")
    make_task("01", title="Xây dựng cơ sở dữ liệu đất đai", deadline=date(2025, 6, 30))
    make_task("01", title="Chuyển đổi số cấp xã", kind="regular")
    make_task(
        "79", title="Rà soát, sửa đổi mạng truyền số liệu chuyên dùng", deadline=date(2026, 3, 31)
    )
    client = signed_in(make_user("BCDTW", "secretariat"))
    # The words in a row: "chuyên dùng … đổi … số" and "soát" are not "chuyển đổi số".
    assert count_on(client.get("/tasks/?q=chuyen+doi+so")) == 2
    assert count_on(client.get("/tasks/?q=CHUYỂN+đổi")) == 2
    assert count_on(client.get("/tasks/?org=01&role=lead")) == 2
    assert count_on(client.get("/tasks/?q=ra+soat")) == 1
    assert count_on(client.get("/tasks/?status=overdue")) == 1
    assert count_on(client.get("/tasks/?status=regular&status=overdue")) == 2
    assert count_on(client.get("/tasks/?kind=regular")) == 1
    assert count_on(client.get("/tasks/?deadline_from=2025-12-01&deadline_to=2025-12-31")) == 1
    partial = client.get("/tasks/?q=dat+dai", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial
    assert "Xây dựng cơ sở dữ liệu đất đai" in partial


@time_machine.travel(TODAY, tick=False)
def test_a_broad_search_shows_its_rows_first_and_its_exact_count_after(
    make_user: Callable[..., Any], make_task: Callable[..., Task], monkeypatch: Any, settings: Any
) -> None:
    settings.NQ57_SEARCH_COUNT_LIMIT = 2
    monkeypatch.setattr(list_views, "PAGE_SIZE", 2)
    found = [make_task("01", title=f"Chuyển đổi số, bước {n}") for n in range(3)]
    make_task("79", title="Xây dựng cơ sở dữ liệu đất đai")
    client = signed_in(make_user("BCDTW", "secretariat"))

    first = client.get("/tasks/?q=chuyen+doi+so").content.decode()
    assert RESULT_COUNT.search(first) is None  # past the limit: not counted in the page
    assert 'rel="next"' in first
    assert 'rel="prev"' not in first
    assert '/tasks/count/?q=chuyen+doi+so"' in first
    assert 'hx-trigger="load"' in first
    second = client.get("/tasks/?q=chuyen+doi+so&page=2").content.decode()
    assert 'rel="prev"' in second
    assert 'rel="next"' not in second
    shown = {int(pk) for pk in TASK_LINK.findall(first + second)}
    assert shown == {task.pk for task in found}

    assert count_on(client.get("/tasks/count/?q=chuyen+doi+so")) == 3
    assert count_on(client.get("/tasks/?q=chuyen+doi+so&count=1")) == 3  # without JavaScript
    assert count_on(client.get("/tasks/?q=dat+dai")) == 1  # within the limit: inline
    other = signed_in(make_user("79", "reporter"))
    assert count_on(other.get("/tasks/count/?q=chuyen+doi+so")) == 0  # scope applies
    assert client.get("/tasks/count/?org=NOWHERE").status_code == 404


TASK_LINK = re.compile(r'<td><a href="/tasks/(\d+)/">')


@time_machine.travel(TODAY, tick=False)
def test_the_list_pages_and_runs_a_fixed_number_of_queries(
    make_user: Callable[..., Any],
    make_task: Callable[..., Task],
    django_assert_max_num_queries: Any,
) -> None:
    client = signed_in(make_user("BCDTW", "secretariat"))
    make_task()
    with django_assert_max_num_queries(LIST_QUERIES) as few:
        client.get("/tasks/")
    for _ in range(60):
        make_task("01", coordinating=("79",))
    with django_assert_max_num_queries(LIST_QUERIES) as many:
        first = client.get("/tasks/?status=in_progress")
    assert len(many.captured_queries) == len(few.captured_queries) + 0
    assert count_on(first) == 61
    second = client.get("/tasks/?status=in_progress&page=2").content.decode()
    assert "page=1" in second or 'rel="prev"' in second


# Session and user (3), count and page of ids (2), rows (1), programmes and organisations for
# the filters (2), the frame (1), the session's renewal (3): never a query per row.
LIST_QUERIES = 14


@time_machine.travel(TODAY, tick=False)
def test_the_export_holds_exactly_the_filtered_list(
    make_user: Callable[..., Any], make_task: Callable[..., Task]
) -> None:
    for lead in ["01", "01", "79", "BKHCN"]:
        make_task(lead)
    client = signed_in(make_user("BCDTW", "secretariat"))
    response = client.get("/tasks/export/?org=01&role=lead&format=csv")
    rows = list(read_rows(io.BytesIO(streamed(response))))
    assert [row.cells["lead_org"] for row in rows] == ["01", "01"]
    xlsx = client.get("/tasks/export/?org=79&format=xlsx")
    assert xlsx.status_code == 200
    assert streamed(xlsx)[:4] == b"PK\x03\x04"


@time_machine.travel(date(2025, 3, 3), tick=False)
def test_a_progress_report_with_evidence_is_saved_through_the_service(
    make_user: Callable[..., Any], make_task: Callable[..., Task]
) -> None:
    task = make_task("BKHCN")
    client = signed_in(make_user("BKHCN", "reporter"))
    response = client.post(
        f"/tasks/{task.pk}/report/",
        {
            "reported_on": "2025-03-03",
            "percent": 40,
            "narrative": "Đã hoàn thành khảo sát",
            "evidence_files": [SimpleUploadedFile("bien-ban.pdf", PDF)],
            "links": "https://most.gov.vn/bao-cao",
        },
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(task=task)
    assert report.percent == 40
    assert report.evidence.count() == 2
    page = client.get(f"/tasks/{task.pk}/").content.decode()
    assert "Đã hoàn thành khảo sát" in page
    assert "bien-ban.pdf" in page
    download = client.get(f"/tasks/evidence/{report.evidence.exclude(file='').get().pk}/")
    assert streamed(download) == PDF
    assert AuditEvent.objects.filter(event="progress.reported", subject_id=task.pk).exists()


def test_bad_input_is_shown_next_to_the_field_and_nothing_is_saved(
    make_user: Callable[..., Any], make_task: Callable[..., Task]
) -> None:
    task = make_task("BKHCN")
    client = signed_in(make_user("BKHCN", "reporter"))
    with time_machine.travel(date(2025, 3, 3), tick=False):
        too_much = client.post(
            f"/tasks/{task.pk}/report/", {"reported_on": "2025-03-03", "percent": 150}
        )
        disguised = client.post(
            f"/tasks/{task.pk}/report/",
            {
                "reported_on": "2025-03-03",
                "percent": 50,
                "evidence_files": [SimpleUploadedFile("bao-cao.pdf", b"<script>x</script>")],
            },
        )
    assert too_much.status_code == 200
    assert 'id="id_percent-errors"' in too_much.content.decode()
    assert disguised.status_code == 200
    body = disguised.content.decode()
    assert 'id="id_evidence_files-errors"' in body
    assert not ProgressReport.objects.filter(task=task).exists()
    assert not Evidence.objects.filter(task=task).exists()


@time_machine.travel(date(2025, 6, 2), tick=False)
def test_completion_is_requested_confirmed_from_the_inbox_and_counted(
    make_user: Callable[..., Any], make_task: Callable[..., Task]
) -> None:
    task = make_task("BKHCN")
    reporter = signed_in(make_user("BKHCN", "reporter"))
    approver = signed_in(make_user("BCDTW", "approver"))
    no_evidence = reporter.post(f"/tasks/{task.pk}/complete/", {"note": "Xong"})
    assert no_evidence.status_code == 200  # evidence is required: shown, nothing saved
    assert not CompletionRequest.objects.filter(task=task).exists()
    reporter.post(
        f"/tasks/{task.pk}/complete/",
        {"note": "Xong", "evidence_files": [SimpleUploadedFile("kq.pdf", PDF)]},
    )
    inbox = approver.get("/tasks/inbox/").content.decode()
    assert f'data-request="completion-{task.pk}"' in inbox
    assert (
        signed_in(make_user("BKHCN", "viewer")).post(f"/tasks/{task.pk}/confirm/").status_code
        == 404
    )
    confirmed = {"next": "inbox", "confirmed": "1"}
    approver.post(f"/tasks/{task.pk}/confirm/", confirmed)  # the box not ticked
    task.refresh_from_db()
    assert task.completed_on is None
    approver.post(f"/tasks/{task.pk}/confirm/", {**confirmed, "evidence_checked": "on"})
    task.refresh_from_db()
    assert task.completed_on == date(2025, 6, 2)
    assert count_on(approver.get("/tasks/?status=completed_on_time&as_of=2025-06-02")) == 1


def test_a_returned_completion_needs_a_reason(
    make_user: Callable[..., Any], make_task: Callable[..., Task]
) -> None:
    task = make_task("BKHCN")
    signed_in(make_user("BKHCN", "reporter")).post(
        f"/tasks/{task.pk}/complete/", {"links": "https://most.gov.vn/kq"}
    )
    approver = signed_in(make_user("BCDTW", "approver"))
    approver.post(f"/tasks/{task.pk}/return/", {"reason": "", "confirmed": "1"})
    assert CompletionRequest.objects.get(task=task).status == "pending"
    approver.post(
        f"/tasks/{task.pk}/return/", {"reason": "Thiếu biên bản nghiệm thu", "confirmed": "1"}
    )
    assert CompletionRequest.objects.get(task=task).status == "returned"


def test_an_extension_is_requested_and_approved(
    make_user: Callable[..., Any], make_task: Callable[..., Task]
) -> None:
    task = make_task("01", deadline=date(2025, 12, 31))
    signed_in(make_user("01", "reporter")).post(
        f"/tasks/{task.pk}/extend/",
        {"requested_deadline": "2026-03-31", "reason": "Chờ phân bổ kinh phí"},
    )
    approver = signed_in(make_user("BCDTW", "approver"))
    pending = task.extension_requests.get()
    approver.post(f"/tasks/extensions/{pending.pk}/approve/", {"confirmed": "1"})
    task.refresh_from_db()
    assert task.deadline == date(2026, 3, 31)
    assert task.original_deadline == date(2025, 12, 31)


@time_machine.travel(date(2025, 12, 1), tick=False)  # assigned today: no history brought in
def test_the_assigning_side_creates_edits_and_splits_tasks(
    make_user: Callable[..., Any], program: Any
) -> None:
    approver = signed_in(make_user("BCDTW", "approver"))
    form = {
        "program": program.code,
        "code": "NV-WEB-1",
        "title": "Số hóa hồ sơ hành chính",
        "kind": "deadline",
        "deadline": "2026-06-30",
        "lead_org": "Thành phố Hà Nội",
        "coordinating_orgs": "BKHCN; 79",
        "responsible_person": "Nguyễn Văn B",
        "expected_product": "Kho dữ liệu số",
        "assigned_by": approver_org_id("BCDTW"),
        "assigned_on": "2025-12-01",
        "weight": 1,
    }
    response = approver.post("/tasks/new/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    task = Task.objects.get(code="NV-WEB-1")
    assert task.lead_org.code == "01"
    assert sorted(task.coordinating_orgs.values_list("code", flat=True)) == ["79", "BKHCN"]
    bad = approver.post("/tasks/new/", {**form, "code": "NV-WEB-2", "lead_org": "Không có"})
    assert 'id="id_lead_org-errors"' in bad.content.decode()
    assert not Task.objects.filter(code="NV-WEB-2").exists()
    # The lead (Hà Nội) splits its task; the steering committee's approver may not.
    split = {**form, "code": "NV-WEB-1.1", "parent": task.pk, "coordinating_orgs": ""}
    assert approver.get(f"/tasks/new/?parent={task.pk}").status_code == 404
    hanoi = signed_in(make_user("01", "approver"))
    sub = hanoi.post(f"/tasks/new/?parent={task.pk}", {**split, "assigned_by": task.lead_org_id})
    assert sub.status_code == 302
    assert Task.objects.get(code="NV-WEB-1.1").parent_id == task.pk
    edit = approver.post(
        f"/tasks/{task.pk}/edit/",
        {"title": "Số hóa hồ sơ", "lead_org": "01", "version": task.version, "weight": 1},
    )
    assert edit.status_code == 302
    stale = approver.post(
        f"/tasks/{task.pk}/edit/",
        {"title": "Khác", "lead_org": "01", "version": task.version, "weight": 1},
    )
    assert stale.status_code == 200  # the version read is old: shown, nothing changed
    task.refresh_from_db()
    assert task.title == "Số hóa hồ sơ"
    reporter = signed_in(make_user("01", "reporter"))
    assert reporter.get(f"/tasks/{task.pk}/edit/").status_code == 404


def approver_org_id(code: str) -> int:
    from nq57.orgs.models import Organization

    return Organization.objects.get(code=code).pk


HEADER = (
    "program,code,title,lead_org,coordinating_orgs,assigned_by,assigned_on,deadline,kind,"
    "expected_product,responsible_person,completed_on,progress\n"
)


def test_import_previews_with_the_problems_by_line_then_writes_on_confirm(
    make_user: Callable[..., Any], program: Any
) -> None:
    client = signed_in(make_user("BCDTW", "secretariat"))
    bad = (
        HEADER + f"{program.code},I-1,Nhiệm vụ,Không có,,BCDTW,2025-01-10,2025-12-31,deadline,,,,\n"
    )
    response = client.post("/tasks/import/", {"file": SimpleUploadedFile("x.csv", bad.encode())})
    assert "line 2: lead_org" in response.content.decode()
    good = HEADER + (
        f"{program.code},I-1,Nhiệm vụ một,BKHCN,,BCDTW,2025-01-10,2025-12-31,deadline,SP,A,,\n"
        f"{program.code},I-2,Nhiệm vụ hai,01,,BCDTW,10/01/2025,31/12/2025,deadline,SP,B,,\n"
    )
    preview = client.post("/tasks/import/", {"file": SimpleUploadedFile("y.csv", good.encode())})
    body = preview.content.decode()
    assert 'id="import-preview"' in body
    assert not Task.objects.filter(code__startswith="I-").exists()  # a preview writes nothing
    token = body.split('name="token" value="')[1].split('"')[0]
    confirmed = client.post("/tasks/import/confirm/", {"token": token})
    assert confirmed.status_code == 302
    assert Task.objects.filter(code__startswith="I-").count() == 2
    again = client.post("/tasks/import/confirm/", {"token": token})
    assert again.status_code == 302
    assert again["Location"] == "/tasks/import/"


def test_only_those_who_may_assign_reach_the_import(make_user: Callable[..., Any]) -> None:
    assert signed_in(make_user("01", "reporter")).get("/tasks/import/").status_code == 404
    assert signed_in(make_user("01", "approver")).get("/tasks/import/").status_code == 200


def test_the_ranking_states_its_formula(make_user: Callable[..., Any]) -> None:
    client = signed_in(make_user("BCDTW", "secretariat"))
    page = client.get("/ranking/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="formula"' in page
    assert 'id="ranking-central"' in page
    assert 'id="ranking-local"' in page


def test_a_progress_report_sent_twice_from_one_page_is_saved_once(
    make_user: Callable[..., Any], make_task: Callable[..., Task]
) -> None:
    task = make_task("79")
    with time_machine.travel(date(2025, 2, 3), tick=False):
        client = signed_in(make_user("79", "reporter"))
        page = client.get(f"/tasks/{task.pk}/report/").content.decode()
        key = re.search(r'name="submission_key" value="([0-9a-f-]{36})"', page)
        assert key is not None
        assert "data-submit-once" in page
        form = {"reported_on": "2025-02-03", "percent": 20, "submission_key": key[1]}
        first = client.post(f"/tasks/{task.pk}/report/", form)
        again = client.post(f"/tasks/{task.pk}/report/", form)
        assert first.status_code == again.status_code == 302
        assert first["Location"] == again["Location"] == f"/tasks/{task.pk}/"
        assert ProgressReport.objects.filter(task=task).count() == 1
        assert "saved once" in client.get(f"/tasks/{task.pk}/").content.decode()
        # A new page carries a new key: a second report of the day is the user's choice.
        fresh = client.get(f"/tasks/{task.pk}/report/").content.decode()
        assert key[1] not in fresh
