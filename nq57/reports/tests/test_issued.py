"""Issued reports: the secretariat files a report its leader signed, and only one that holds
(signed whole, every figure still true as of its day, never twice); officials list and
download them as signed; no one else files, and the page's queries are bounded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from nq57.core.actors import SYSTEM
from nq57.core.audit import history_of
from nq57.core.errors import NotPermitted, ValidationFailed
from nq57.reports.demo import DEMO_NUMBER, load_report_demo
from nq57.reports.demo_key import write_demo_key
from nq57.reports.documents.pdf import report_pdf, sign_pdf
from nq57.reports.documents.text import report_text
from nq57.reports.models import IssuedReport
from nq57.reports.sections import report_figures
from nq57.reports.services import report_file
from nq57.reports.stated import stated
from nq57.tasks.models import Task

pytestmark = pytest.mark.django_db
AS_OF = date(2025, 12, 4)


def written(as_of: date = AS_OF) -> bytes:
    figures = report_figures(as_of)
    return report_pdf(report_text(figures), stated(figures))


@pytest.fixture
def signed(tmp_path: Path) -> Callable[[bytes], bytes]:
    key = write_demo_key(tmp_path / "k.p12", b"pw", name="Phạm Minh Đức")
    return lambda pdf: sign_pdf(pdf, key, b"pw", reason="test")


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("bao-cao.pdf", content, content_type="application/pdf")


def test_the_secretariat_files_a_signed_report_and_officials_download_it(
    client: Client,
    make_user: Callable[..., Any],
    make_task: Callable[..., Task],
    signed: Callable[[bytes], bytes],
) -> None:
    make_task(lead="BTC", deadline=date(2025, 11, 1))
    content = signed(written())
    client.force_login(make_user("BCDTW", "secretariat"))
    answer = client.post("/reports/issued/", {"file": upload(content), "number": "Số: 7/BC-BCĐ"})
    assert answer.status_code == 302
    issued = IssuedReport.objects.get()
    assert (issued.as_of, issued.number, issued.size) == (AS_OF, "Số: 7/BC-BCĐ", len(content))
    assert "Phạm Minh Đức" in issued.signer
    assert [event.event for event in history_of(issued)] == ["issued_report.filed"]

    client.force_login(make_user("79", "reporter"))
    page = client.get("/reports/").content.decode()
    assert "Số: 7/BC-BCĐ" in page
    assert "04/12/2025" in page
    assert 'id="file-form"' not in page  # only the secretariat files
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Số: 7/BC-BCĐ" not in title  # the list is the page's, not its title's
    download = client.get(f"/reports/issued/{issued.pk}/")
    assert b"".join(download.streaming_content) == content  # type: ignore[attr-defined]
    assert client.post("/reports/issued/", {"file": upload(content)}).status_code == 404


def test_only_a_report_that_holds_is_filed(
    make_task: Callable[..., Task], signed: Callable[[bytes], bytes]
) -> None:
    make_task(lead="BTC", deadline=date(2025, 11, 1))
    unsigned = written()
    with pytest.raises(ValidationFailed, match="not signed"):
        report_file(SYSTEM, content=unsigned)
    with pytest.raises(ValidationFailed, match=r"readable PDF|no report figures"):
        report_file(SYSTEM, content=b"%PDF-1.7\nnot a report")
    content = signed(unsigned)
    tampered = content.replace(b"/Reason (test)", b"/Reason (tesT)")
    assert tampered != content
    with pytest.raises(ValidationFailed, match=r"broken|cover"):
        report_file(SYSTEM, content=tampered)
    # A task entered later, assigned before the report's day: the report no longer holds.
    make_task(lead="BYT", assigned_on=date(2025, 6, 1), deadline=date(2025, 11, 15))
    with pytest.raises(ValidationFailed, match=r"tasks\.total"):
        report_file(SYSTEM, content=content)
    assert not IssuedReport.objects.exists()


def test_a_file_is_filed_once_and_only_by_the_secretariat(
    make_user: Callable[..., Any], signed: Callable[[bytes], bytes]
) -> None:
    content = signed(written())
    with pytest.raises(NotPermitted):
        report_file(make_user("BTC", "approver"), content=content)
    report_file(make_user("BCDTW", "secretariat"), content=content)
    with pytest.raises(ValidationFailed, match="already been filed"):
        report_file(SYSTEM, content=content)
    assert IssuedReport.objects.count() == 1


def test_a_refusal_is_shown_beside_the_file(client: Client, make_user: Callable[..., Any]) -> None:
    client.force_login(make_user("BCDTW", "secretariat"))
    answer = client.post("/reports/issued/", {"file": upload(written())})
    assert answer.status_code == 400
    assert 'id="id_file-errors"' in answer.content.decode()
    assert not IssuedReport.objects.exists()


def test_the_demo_files_a_signed_report_that_verifies(
    client: Client, make_user: Callable[..., Any]
) -> None:
    issued = load_report_demo(AS_OF)
    assert issued.number == DEMO_NUMBER
    client.force_login(make_user("BCDTW", "secretariat"))
    content = b"".join(client.get(f"/reports/issued/{issued.pk}/").streaming_content)  # type: ignore[attr-defined]
    verified = client.post("/reports/verify/", {"file": upload(content)})
    assert 'data-holds="yes"' in verified.content.decode()


def test_the_page_runs_a_bounded_number_of_queries(
    client: Client,
    make_user: Callable[..., Any],
    django_assert_max_num_queries: Any,
) -> None:
    for day in (1, 2, 3):
        load_report_demo(date(2025, 12, day))
        IssuedReport.objects.filter(number=DEMO_NUMBER).update(number=f"demo {day}")
    client.force_login(make_user("BCDTW", "secretariat"))
    with django_assert_max_num_queries(9):  # the same for 3 reports as for 50
        page = client.get("/reports/")
    assert page.content.decode().count("/reports/issued/") >= 4  # three rows and the form
