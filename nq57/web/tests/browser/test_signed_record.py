"""The signed record through the pages, as the demo's secretariat and a leader: a leader's
written commitment is recorded, its PDF downloaded, signed on the leader's side and uploaded,
and the public sees it signed on the organisation's page; the progress report is written as
of today and downloaded, signed on the leader's side (`sign_pdf`, a key that never reaches
the server), filed, downloaded again exactly as signed, and verified by someone not signed
in. (Elements are found by id: the page's language is whatever the
server's translations give.)"""

from __future__ import annotations

import os
import re
import subprocess  # nosec B404  # the signing command, run as the leader would run it
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from nq57.reports.demo_key import write_demo_key

from .helpers import payload

SECRETARIAT = "thuky"
LEADER = "Hoàng Văn Em"
PASSPHRASE = "mat-khau-lanh-dao"  # nosec B105  # the journey's own throw-away key


@pytest.fixture
def leader_key(tmp_path: Path) -> list[str]:
    """The signing options on the leader's machine."""
    key = write_demo_key(tmp_path / "lanh-dao.p12", PASSPHRASE.encode(), name=LEADER)
    return ["--sign-with", str(key), "--passphrase-env", "NQ57_JOURNEY_PASSPHRASE"]


def signed_on_the_leaders_side(unsigned: Path, options: list[str]) -> Path:
    """`manage.py sign_pdf` in a process of its own, as on the leader's machine: it reaches
    neither the server nor its database."""
    out = unsigned.with_name(unsigned.stem + "-da-ky.pdf")
    subprocess.run(  # nosec B603  # this interpreter, the project's own command
        [sys.executable, "manage.py", "sign_pdf", str(unsigned), "--output", str(out), *options],
        cwd=settings.BASE_DIR,
        env=dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="config.settings.local",
            DEBUG="1",
            NQ57_JOURNEY_PASSPHRASE=PASSPHRASE,
        ),
        check=True,
        capture_output=True,
    )
    return out


def test_a_report_is_written_signed_filed_and_verified(
    page_as: Callable[..., Page], anonymous_page: Page, tmp_path: Path, leader_key: list[str]
) -> None:
    page = page_as(SECRETARIAT)
    page.goto("/reports/")
    page.select_option("#id_format", "pdf")
    with page.expect_download() as download_info:
        page.click("#report-form button[type=submit]")
    unsigned = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(unsigned)
    assert unsigned.read_bytes().startswith(b"%PDF")

    signed = signed_on_the_leaders_side(unsigned, leader_key)
    page.fill("#id_number", "Số: 99/BC-BCĐ")
    page.set_input_files("#id_file", files=[payload(signed.name, signed.read_bytes())])
    page.click("#file-form button[type=submit]")
    page.wait_for_url("**/reports/")
    row = page.locator("#issued tbody tr", has_text="Số: 99/BC-BCĐ")
    expect(row).to_contain_text(LEADER)
    with page.expect_download() as again:
        row.locator("a").click()
    filed = tmp_path / "filed.pdf"
    again.value.save_as(filed)
    assert filed.read_bytes() == signed.read_bytes()

    # Filing the same file again is refused beside the file, and nothing is added.
    page.set_input_files("#id_file", files=[payload(signed.name, signed.read_bytes())])
    page.click("#file-form button[type=submit]")
    expect(page.locator("#id_file-errors")).to_be_visible()
    page.goto("/reports/")
    expect(page.locator("#issued tbody tr", has_text="Số: 99/BC-BCĐ")).to_have_count(1)

    anonymous_page.goto("/reports/verify/")
    anonymous_page.set_input_files("#id_file", files=[payload("bao-cao.pdf", filed.read_bytes())])
    anonymous_page.click("#verify-form button[type=submit]")
    result = anonymous_page.locator("#verify-result")
    expect(result).to_have_attribute("data-holds", "yes")
    expect(result.locator("#signatures li")).to_contain_text(LEADER)


def test_a_commitment_is_recorded_signed_and_shown_to_the_public(
    page_as: Callable[..., Page], anonymous_page: Page, tmp_path: Path, leader_key: list[str]
) -> None:
    page = page_as(SECRETARIAT)
    page.goto("/commitments/new/")
    page.fill("#id_organization", "BKHCN")
    page.fill("#id_leader_name", LEADER)
    page.fill("#id_position", "Bộ trưởng")
    what = "Hoàn thành Cơ sở dữ liệu quốc gia về khoa học và công nghệ trong năm nay"
    page.fill("#id_what", what)
    page.fill("#id_committed_on", "01/12/2026")
    page.fill("#id_due_on", "31/12/2026")
    page.fill("#id_databases", "CSDLQG-KHCN; formed")
    page.click("#commitment-form button[type=submit]")
    page.wait_for_url(re.compile(r"/commitments/\d+/$"))
    expect(page.locator("#signature")).to_have_attribute("data-signed", "no")

    with page.expect_download() as download_info:
        page.click("#download-pdf")
    unsigned = tmp_path / "cam-ket.pdf"
    download_info.value.save_as(unsigned)
    signed = signed_on_the_leaders_side(unsigned, leader_key)
    page.set_input_files("#id_file", files=[payload(signed.name, signed.read_bytes())])
    page.click("#sign-form button[type=submit]")
    page.wait_for_load_state()
    signature = page.locator("#signature")
    expect(signature).to_have_attribute("data-signed", "yes")
    expect(signature).to_contain_text(LEADER)

    anonymous_page.goto("/commitments/org/BKHCN/")
    row = anonymous_page.locator("#commitment-table tbody tr", has_text=what)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(LEADER)
