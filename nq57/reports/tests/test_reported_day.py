"""The report the committee wrote by hand, now written by the system: from the task-core
figures of 4 December 2025 (1,287 tasks imported as a file, as an organisation sends them)
the signed PDF states 1.287 / 601 / 404 / 104 / 178 / 368 / 472 in Vietnamese format, with
its date, and poppler's pdfsig finds its signature valid."""

from __future__ import annotations

import io
import subprocess  # nosec B404  # poppler's tools, run on files the test wrote
from pathlib import Path

import pytest
from django.core.management import call_command

from nq57.reports.demo_key import write_demo_key
from nq57.tasks.exchange import write_csv
from nq57.tasks.sample import reported_figures_rows

pytestmark = pytest.mark.django_db


def test_the_reported_day_is_stated_and_signed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = reported_figures_rows()
    source = tmp_path / "nhiem-vu.csv"
    with source.open("w", encoding="utf-8", newline="") as out:
        write_csv(rows, out)
    call_command("import_tasks", str(source), stdout=io.StringIO())
    key = write_demo_key(tmp_path / "k.p12", b"pw")
    monkeypatch.setenv("NQ57_REPORT_PASSPHRASE", "pw")
    signed = tmp_path / "bao-cao.pdf"
    call_command(
        "progress_report", "--as-of", "2025-12-04", "--format", "pdf", "--output", str(signed),
        "--sign-with", str(key), "--passphrase-env", "NQ57_REPORT_PASSPHRASE",
        stdout=io.StringIO(),
    )  # fmt: skip
    text = " ".join(
        subprocess.run(  # nosec B603 B607  # a fixed command on the test's own file
            ["pdftotext", "-layout", str(signed), "-"], capture_output=True, check=True, text=True
        ).stdout.split()
    )
    assert "Hà Nội, ngày 04 tháng 12 năm 2025" in text
    assert (
        "Tính đến ngày 04/12/2025, Ban Chỉ đạo đã giao 1.287 nhiệm vụ: 601 nhiệm vụ đã hoàn "
        "thành (46,7%), 404 nhiệm vụ đang thực hiện trong hạn (31,4%), 104 nhiệm vụ quá hạn "
        "(8,1%) và 178 nhiệm vụ thường xuyên (13,8%)."
    ) in text
    assert (
        "Trong 404 nhiệm vụ đang thực hiện, 368 nhiệm vụ đến hạn trước ngày 31/12/2025; cùng "
        "104 nhiệm vụ quá hạn, còn 472 nhiệm vụ phải hoàn thành đến ngày 31/12/2025."
    ) in text
    checked = subprocess.run(  # nosec B603 B607  # a fixed command on the test's own file
        ["pdfsig", str(signed)], capture_output=True, text=True, check=False
    )
    assert "Signature Validation: Signature is Valid." in checked.stdout
