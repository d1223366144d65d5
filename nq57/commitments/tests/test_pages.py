"""The commitment pages: an official of the organisation records one (each problem by field
and line, nothing written), another organisation's officials find nothing (404), the signed
file is uploaded through the page (a hostile file said, never a 500), and the public pages
list every commitment with its judgement in a bounded number of queries."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from nq57.budget.models import Programme
from nq57.commitments.documents import commitment_pdf
from nq57.commitments.models import Commitment
from nq57.commitments.record import RECORD_NAME, record_of, with_links
from nq57.registry.models import Database
from nq57.reports.demo_key import write_demo_key
from nq57.reports.documents.pdf import sign_pdf
from nq57.reports.verify import read_signed

pytestmark = pytest.mark.django_db
FORM = {
    "organization": "BKHCN",
    "leader_name": "Nguyễn Văn An",
    "position": "Bộ trưởng",
    "what": "Hoàn thành cơ sở dữ liệu quốc gia về khoa học và công nghệ.",
    "committed_on": "20/01/2025",
    "due_on": "31/12/2025",
    "databases": "CSDL-KHCN; formed",
}


@pytest.fixture
def reporter(client: Client, make_user: Callable[..., Any]) -> Client:
    client.force_login(make_user("BKHCN", "reporter"))
    return client


@pytest.fixture
def outsider(make_user: Callable[..., Any]) -> Client:
    other = Client()
    other.force_login(make_user("BTC", "reporter"))
    return other


def test_recorded_through_the_page(reporter: Client, database: Database) -> None:
    response = reporter.post("/commitments/new/", FORM)
    commitment = Commitment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/commitments/{commitment.pk}/"
    page = reporter.get(response["Location"]).content.decode()
    assert "Nguyễn Văn An" in page
    assert "CSDL-KHCN" in page
    assert commitment.leader.position == "Bộ trưởng"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("databases", "CSDL-KHCN\nKHONG-CO", "line 2"),
        ("databases", "CSDL-KHCN; live", "formed"),
        ("tasks", "NV-404", "line 1"),
        ("indicators", "X; 2025", "line 1"),
        ("budget", "2025; NQ57; 180", "at most 100"),
        ("budget", "năm; NQ57; 10", "not a year"),
        ("due_on", "01/01/2024", "before"),
        ("organization", "Không có cơ quan này", "Không có cơ quan này"),
        ("what", "x\x00y", "Null"),
        ("databases", "", "at least one"),
    ],
)
def test_hostile_input_is_said_by_field_and_line(
    reporter: Client,
    database: Database,
    programme: Programme,
    field: str,
    value: str,
    message: str,
) -> None:
    response = reporter.post("/commitments/new/", {**FORM, field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Commitment.objects.exists()


def test_another_organisations_official_may_not_record_for_it(
    outsider: Client, database: Database
) -> None:
    response = outsider.post("/commitments/new/", FORM)
    assert response.status_code == 400
    assert not Commitment.objects.exists()


def test_another_organisations_commitment_is_404(
    reporter: Client, outsider: Client, database: Database
) -> None:
    reporter.post("/commitments/new/", FORM)
    pk = Commitment.objects.get().pk
    for path in ("", "edit/", "pdf/", "sign/"):
        assert outsider.get(f"/commitments/{pk}/{path}").status_code == 404, path
    assert outsider.get("/commitments/org/BKHCN/").status_code == 200  # public
    assert outsider.get("/commitments/999999/").status_code == 404


def test_downloaded_signed_uploaded_and_shown_signed(
    reporter: Client, database: Database, tmp_path: Path
) -> None:
    reporter.post("/commitments/new/", FORM)
    pk = Commitment.objects.get().pk
    downloaded = reporter.get(f"/commitments/{pk}/pdf/")
    assert downloaded["Content-Type"] == "application/pdf"
    key = write_demo_key(tmp_path / "k.p12", b"x", name="Nguyễn Văn An")
    signed = sign_pdf(downloaded.content, key, b"x", reason="Cam kết")
    hostile = reporter.post(
        f"/commitments/{pk}/sign/", {"file": SimpleUploadedFile("a.pdf", downloaded.content)}
    )
    assert hostile.status_code == 400
    assert "not signed" in hostile.content.decode()
    response = reporter.post(
        f"/commitments/{pk}/sign/", {"file": SimpleUploadedFile("a.pdf", signed)}
    )
    assert response.status_code == 302
    page = reporter.get(f"/commitments/{pk}/").content.decode()
    assert 'data-signed="yes"' in page
    assert "Nguyễn Văn An" in page
    # Anyone downloads the signed file from the organisation's public page.
    public = Client()
    assert f"/commitments/{pk}/signed.pdf" in public.get("/commitments/org/BKHCN/").content.decode()
    download = public.get(f"/commitments/{pk}/signed.pdf")
    assert b"".join(download.streaming_content) == signed  # type: ignore[attr-defined]


def test_the_public_pages_bounded_whatever_the_number_of_commitments(
    make_commitment: Callable[..., Commitment],
    database: Database,
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(6):
        make_commitment(databases="CSDL-KHCN", due_on=date(2025, 6 + n, 1))
    call_command("commitments_judge", "--on", "2025-09-15", stdout=None)
    leader = Commitment.objects.first().leader_id  # type: ignore[union-attr]
    public = Client()
    with django_assert_max_num_queries(4):
        page = public.get("/commitments/org/BKHCN/")
    assert page.content.decode().count('data-outcome="broken"') == 4
    with django_assert_max_num_queries(4):
        assert public.get(f"/commitments/leaders/{leader}/").status_code == 200
    assert public.get("/commitments/org/KHONG-CO/").status_code == 404


def test_the_commitment_page_bounded(
    reporter: Client,
    make_commitment: Callable[..., Commitment],
    database: Database,
    django_assert_max_num_queries: Any,
) -> None:
    commitment = make_commitment(databases="CSDL-KHCN")
    with django_assert_max_num_queries(16):
        assert reporter.get(f"/commitments/{commitment.pk}/").status_code == 200


def test_the_pdf_carries_the_record(
    make_commitment: Callable[..., Commitment], database: Database
) -> None:
    commitment = make_commitment(databases="CSDL-KHCN")
    pdf = commitment_pdf(with_links(Commitment.objects.filter(pk=commitment.pk)).get())
    attached = read_signed(pdf, RECORD_NAME)
    assert attached.signatures == []
    assert json.loads(attached.record or b"") == record_of(commitment)


def test_the_judgement_reads_in_words_not_codes(
    reporter: Client, make_commitment: Callable[..., Commitment], database: Database
) -> None:
    commitment = make_commitment(databases="CSDL-KHCN; formed", due_on=date(2025, 6, 30))
    call_command("commitments_judge", "--on", "2025-07-01", stdout=None)
    page = reporter.get(f"/commitments/{commitment.pk}/").content.decode()
    assert 'data-outcome="broken"' in page
    assert 'data-met="no"' in page
    assert "deploying<" not in page
    assert "formed<" not in page
