"""The evaluation pages and exports: the secretariat and the inspection see every sheet, an
organisation's officials their own (others 404); each task figure equals the public list it
links to; the pages run a bounded number of queries; the export command writes XLSX and a
signed PDF; the band scheme loads from its file, audited, a bad file refused whole."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import load_workbook

from nq57.accounts.models import User
from nq57.commitments.selectors import CommitmentTally
from nq57.core.models import AuditEvent
from nq57.evaluation.models import BandScheme
from nq57.evaluation.rules import SchemeError
from nq57.evaluation.selectors import year_evaluation
from nq57.evaluation.services import band_scheme_save
from nq57.reports.demo_key import write_demo_key
from nq57.tasks.models import Task

pytestmark = pytest.mark.django_db
YEAR = 2025
TODAY = date(2026, 3, 1)


@pytest.fixture
def bands() -> None:
    call_command("load_bands", stdout=io.StringIO())


@pytest.fixture
def tasks(bands: None, make_task: Callable[..., Task]) -> None:
    # BKHCN: two on time, one late; Hà Nội (01): three overdue at 31/12/2025.
    for _ in range(2):
        done = make_task("BKHCN", deadline=date(2025, 6, 30))
        Task.objects.filter(pk=done.pk).update(completed_on=date(2025, 6, 1), progress=100)
    late = make_task("BKHCN", deadline=date(2025, 6, 30))
    Task.objects.filter(pk=late.pk).update(completed_on=date(2025, 8, 1), progress=100)
    for _ in range(3):
        make_task("01", deadline=date(2025, 9, 30))


@pytest.fixture
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def signed_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def test_the_past_year_is_judged_as_of_31_12_and_bands_follow_the_scores(tasks: None) -> None:
    evaluation = year_evaluation(YEAR, TODAY)
    assert evaluation.as_of == date(2025, 12, 31)
    sheets = {sheet.org.code: sheet for sheet in evaluation.sheets}
    science = sheets["BKHCN"]
    assert science.components["tasks"] is not None
    assert round(science.components["tasks"], 2) == Decimal("66.67")
    assert science.band is not None
    assert science.scheme_version == "2025.1"
    hanoi = sheets["01"]
    assert hanoi.components["tasks"] == 0
    assert hanoi.band is not None
    assert hanoi.band.value == "not_done"
    assert [reason.code for reason in hanoi.criticism] == ["band"]
    # Every organisation with a score is in exactly one band; without any data, none.
    for sheet in evaluation.sheets:
        assert (sheet.band is None) == (sheet.score.value is None)
    assert sum(evaluation.band_counts().values()) == sum(
        1 for sheet in evaluation.sheets if sheet.band is not None
    )


def test_a_year_to_come_has_no_sheet(client: Client, make_user: Callable[..., User]) -> None:
    secretariat = signed_in(client, make_user("BCDTW", "secretariat"))
    assert secretariat.get("/evaluation/2099/").status_code == 404


def test_the_secretariat_sees_the_year_with_a_bounded_number_of_queries(
    tasks: None,
    frozen_today: None,
    client: Client,
    make_user: Callable[..., User],
    django_assert_max_num_queries: Any,
) -> None:
    signed_in(client, make_user("BCDTW", "secretariat"))
    with django_assert_max_num_queries(40):
        page = client.get(f"/evaluation/{YEAR}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert f"/evaluation/{YEAR}/BKHCN/" in text
    assert "2025.1" in text
    with django_assert_max_num_queries(40):
        assert client.get(f"/evaluation/{YEAR}/proposals/").status_code == 200


def test_each_task_figure_equals_the_list_it_links_to(
    tasks: None, frozen_today: None, client: Client, make_user: Callable[..., User]
) -> None:
    signed_in(client, make_user("BCDTW", "secretariat"))
    page = client.get(f"/evaluation/{YEAR}/BKHCN/")
    assert page.status_code == 200
    links = re.findall(r'<a href="(/ranking/[^"]+)" data-count="(\d+)"', page.content.decode())
    assert links
    for url, shown in links:
        listed = client.get(url.replace("&amp;", "&"))
        assert listed.status_code == 200
        count = re.search(r'data-count="(\d+)"', listed.content.decode())
        assert count is not None
        assert count.group(1) == shown, url


def test_an_official_sees_only_their_own_sheet(
    tasks: None, frozen_today: None, client: Client, make_user: Callable[..., User]
) -> None:
    signed_in(client, make_user("BKHCN", "reporter"))
    assert client.get(f"/evaluation/{YEAR}/BKHCN/").status_code == 200
    assert client.get(f"/evaluation/{YEAR}/01/").status_code == 404
    assert client.get(f"/evaluation/{YEAR}/").status_code == 404
    assert client.get(f"/evaluation/{YEAR}/proposals/").status_code == 404
    assert client.get(f"/evaluation/{YEAR}/export.xlsx").status_code == 404
    assert client.get(f"/evaluation/{YEAR}/NOPE/").status_code == 404


def test_the_inspection_sees_every_sheet_and_downloads_the_year(
    tasks: None, frozen_today: None, client: Client, make_user: Callable[..., User]
) -> None:
    signed_in(client, make_user("UBKTTW", "inspector"))
    assert client.get(f"/evaluation/{YEAR}/01/").status_code == 200
    workbook = client.get(f"/evaluation/{YEAR}/export.xlsx")
    assert workbook.status_code == 200
    rows = list(load_workbook(io.BytesIO(workbook.content)).worksheets[0].values)
    assert any(row[0] == "BKHCN" for row in rows)
    assert client.get(f"/evaluation/{YEAR}/export.doc").status_code == 404


def test_the_command_writes_a_signed_pdf(tasks: None, tmp_path: Path) -> None:
    key = write_demo_key(tmp_path / "key.p12", b"secret")
    out = tmp_path / "evaluation.pdf"
    import os

    os.environ["EVAL_TEST_PASS"] = "secret"
    try:
        call_command(
            "evaluation_export",
            "--year",
            str(YEAR),
            "--format",
            "pdf",
            "--output",
            str(out),
            "--sign-with",
            str(key),
            "--passphrase-env",
            "EVAL_TEST_PASS",
            stdout=io.StringIO(),
        )
    finally:
        del os.environ["EVAL_TEST_PASS"]
    content = out.read_bytes()
    assert content.startswith(b"%PDF")
    assert b"/ByteRange" in content
    with pytest.raises(CommandError, match="use --format pdf"):
        call_command(
            "evaluation_export",
            "--year",
            str(YEAR),
            "--format",
            "xlsx",
            "--output",
            str(tmp_path / "x.xlsx"),
            "--sign-with",
            str(key),
        )


def test_a_bad_bands_file_is_refused_whole_naming_version_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "bands.json"
    scheme = {
        "version": "X.9",
        "valid_from": "2026-01-01",
        "source": "test",
        "weights": {"tasks": 100},
        "thresholds": {"excellent": 50, "good": 75, "done": 10},
    }
    bad.write_text(json.dumps({"schemes": [scheme]}), encoding="utf-8")
    with pytest.raises(CommandError, match=r"scheme X\.9, field 'thresholds'"):
        call_command("load_bands", "--file", str(bad), stdout=io.StringIO())
    assert not BandScheme.objects.filter(version="X.9").exists()


def test_loading_is_audited_and_idempotent(bands: None) -> None:
    assert AuditEvent.objects.filter(event="band_scheme.loaded").count() == 1
    call_command("load_bands", stdout=io.StringIO())
    assert AuditEvent.objects.filter(event__startswith="band_scheme.").count() == 1


def test_commitments_kept_count_for_the_top_level_organisation(
    tasks: None, monkeypatch: pytest.MonkeyPatch, org: Callable[[str], Any]
) -> None:
    # A commitment partly kept counts half; more broken than the scheme tolerates (1) is
    # criticised, with the count and the limit.
    committing = org("BKHCN").children.first() or org("BKHCN")  # a body under it counts
    tallies = {committing.pk: CommitmentTally(judged=4, kept=1, partly=1, broken=2)}
    monkeypatch.setattr("nq57.evaluation.selectors.commitment_tally", lambda year: tallies)
    sheet = next(s for s in year_evaluation(YEAR, TODAY).sheets if s.org.code == "BKHCN")
    assert sheet.components["commitments"] == Decimal("37.5")
    assert sheet.figures["commitments_broken"].value == 2
    assert ("broken_commitments", {"count": 2, "limit": 1}) in [
        (r.code, r.figures) for r in sheet.criticism
    ]


def test_the_sheet_runs_a_bounded_number_of_queries_and_states_its_scheme(
    tasks: None,
    frozen_today: None,
    client: Client,
    make_user: Callable[..., User],
    django_assert_max_num_queries: Any,
) -> None:
    signed_in(client, make_user("BKHCN", "approver"))
    with django_assert_max_num_queries(40):
        page = client.get(f"/evaluation/{YEAR}/BKHCN/")
    text = page.content.decode()
    assert "2025.1" in text
    assert 'id="not-applicable"' in text  # no budget, indicators… this year: said so


def test_the_year_page_gives_the_unsigned_pdf(
    tasks: None, frozen_today: None, client: Client, make_user: Callable[..., User]
) -> None:
    signed_in(client, make_user("BCDTW", "secretariat"))
    document = client.get(f"/evaluation/{YEAR}/export.pdf")
    assert document.status_code == 200
    assert document.content.startswith(b"%PDF")
    assert b"/ByteRange" not in document.content


def test_the_secretariat_edits_a_scheme_through_the_service_audited(
    bands: None, make_user: Callable[..., User]
) -> None:
    secretariat = make_user("BCDTW", "secretariat")
    scheme = BandScheme.objects.get(version="2025.1")
    data = scheme.as_data() | {"thresholds": {"excellent": 95, "good": 80, "done": 50}}
    band_scheme_save(secretariat, scheme=scheme, data=data)
    scheme.refresh_from_db()
    assert scheme.thresholds["excellent"] == 95
    assert AuditEvent.objects.filter(event="band_scheme.changed").count() == 1
    with pytest.raises(SchemeError, match="field 'thresholds'"):
        band_scheme_save(
            secretariat,
            scheme=scheme,
            data=data | {"thresholds": {"excellent": 50, "good": 80, "done": 10}},
        )
    with pytest.raises(PermissionDenied):
        band_scheme_save(make_user("BKHCN", "approver"), scheme=scheme, data=data)
