"""The report's key indicators: the national figure of each indicator with a national target,
over the report's year, beside that target, read as the dashboards read it; a report with no
catalogue says it has no data, and a figure that moves after the report is named."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from nq57.core.actors import SYSTEM
from nq57.indicators.sample import online_records_rows, reporters
from nq57.indicators.services import catalogue_load
from nq57.reports.documents.text import NO_DATA, report_text
from nq57.reports.sections import report_figures
from nq57.reports.stated import differences, stated

pytestmark = pytest.mark.django_db
AS_OF = date(2025, 12, 4)


def indicators_section(as_of: date) -> tuple[str, list[str], list[tuple[str, str]]]:
    [section] = [s for s in report_text(report_figures(as_of)).sections if "CHỈ TIÊU" in s.heading]
    return section.heading, section.paragraphs, section.rows


def test_without_a_catalogue_the_section_says_there_is_no_data() -> None:
    heading, paragraphs, rows = indicators_section(AS_OF)
    assert heading == "IV. CÁC CHỈ TIÊU CHỦ YẾU"
    assert paragraphs == [NO_DATA]
    assert rows == []
    assert not [name for name in stated(report_figures(AS_OF)) if name.startswith("indicators.")]


def test_the_national_figure_stands_beside_the_national_target(tmp_path: Path) -> None:
    catalogue_load(SYSTEM)
    rows = online_records_rows(reporters(commune_limit=6))
    path = tmp_path / "ho-so-truc-tuyen-2025.csv"
    with path.open("w", encoding="utf-8", newline="") as written:
        writer = csv.DictWriter(written, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    call_command("import_values", str(path), stdout=io.StringIO())
    answer = io.StringIO()
    call_command(
        "indicator_value", "online_records_rate", "--period", "2025", "--format", "json",
        stdout=answer,
    )  # fmt: skip
    expected = json.loads(answer.getvalue())["value"]
    record = stated(report_figures(AS_OF))
    assert record["indicators.online_records_rate.target"] == "80.00"
    assert float(str(record["indicators.online_records_rate.value"])) == expected
    _, paragraphs, rows_written = indicators_section(AS_OF)
    assert paragraphs == ["Số liệu toàn quốc năm 2025 so với mục tiêu quốc gia:"]
    [value] = [value for label, value in rows_written if label == "Tỷ lệ hồ sơ trực tuyến"]
    expected_text = f"{expected:.2f}".replace(".", ",").rstrip("0").rstrip(",")
    assert value.startswith(f"{expected_text} %; mục tiêu 80 %"), value
    # Indicators with a target but no values yet are stated as such, not left out.
    assert any("chưa có số liệu; mục tiêu" in value for _, value in rows_written)
    assert differences(record) == []
