"""The exchange kit: cells as people type them, problems by line, repeated rows, layouts
read and written alike."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nq57.core.exchange import (
    CellError,
    Column,
    FirstLines,
    HeaderError,
    ImportRejected,
    ImportReport,
    Layout,
    Problems,
    parse_date,
    parse_number,
    parse_text,
    read_rows,
    write_csv,
    write_xlsx,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-06-30", date(2025, 6, 30)),
        ("2025-6-3", date(2025, 6, 3)),
        ("30/06/2025", date(2025, 6, 30)),
        ("3/6/2025", date(2025, 6, 3)),
        ("  ", None),
        (None, None),
    ],
)
def test_dates_as_people_type_them(text: str | None, expected: date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2025", "2025-13-01", "tomorrow", "30.06.2025"])
def test_a_date_that_is_not_one_names_the_value(text: str) -> None:
    with pytest.raises(CellError, match="invalid date"):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "whole", "expected"),
    [
        ("1234", False, "1234"),
        ("12,5", False, "12.5"),
        ("12.5", False, "12.5"),
        ("1.234.567", False, "1234567"),
        ("1,234,567", False, "1234567"),
        ("1.234.567,5", False, "1234567.5"),
        ("1,234,567.5", False, "1234567.5"),
        ("1 234 567", True, "1234567"),
        ("1.234", True, "1234"),  # a count has no decimals: the dot groups thousands
        ("1,234", True, "1234"),
        ("1,234", False, "1.234"),  # an amount: the Vietnamese decimal comma
        ("-7", False, "-7"),
    ],
)
def test_numbers_as_people_type_them(text: str, whole: bool, expected: str) -> None:
    assert parse_number(text, whole=whole) == Decimal(expected)


@pytest.mark.parametrize("text", ["abc", "1..2", "", "1,2,3", "NaN", "Infinity"])
def test_text_that_is_not_a_number(text: str) -> None:
    with pytest.raises(ValueError, match="is not a number"):
        parse_number(text)


def test_text_cells_lose_their_surrounding_spaces() -> None:
    assert parse_text("  Bộ Y tế ") == "Bộ Y tế"
    assert parse_text(12.0) == "12"
    assert parse_text(None) == ""


def test_problems_keep_the_first_ones_and_count_them_all() -> None:
    problems = Problems(2, by_field=True)
    problems.add(2, "code", "the code is empty", "A")
    problems.add(3, "org", "unknown organisation 'X'", "B")
    problems.add(0, "value", "too large")
    assert problems.messages == [
        "line 2: code: the code is empty",
        "line 3: org: unknown organisation 'X'",
    ]
    assert len(problems) == 3
    assert problems.fields == {
        "code": ["the code is empty"],
        "org": ["unknown organisation 'X'"],
        "value": ["too large"],
    }
    assert problems.by_key[:2] == [("A", "the code is empty"), ("B", "unknown organisation 'X'")]


@given(st.lists(st.text(max_size=6), max_size=300))
def test_first_lines_agree_with_a_dict(keys: list[str]) -> None:
    index, expected = FirstLines(capacity=4), dict[str, int]()
    for line, key in enumerate(keys, start=2):
        assert index.first_line(key, line) == expected.setdefault(key, line)


LAYOUT = Layout(
    "things",
    (
        Column("code", parse_text),
        Column("on", parse_date, typed=True),
        Column("note", parse_text, optional=True),
    ),
)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_layout_reads_what_it_writes(fmt: str) -> None:
    rows: list[dict[str, Any]] = [
        {"code": "A", "on": date(2025, 1, 2), "note": "x"},
        {"code": "B", "on": None},
    ]
    if fmt == "csv":
        text = io.StringIO()
        write_csv(rows, text, LAYOUT)
        data = io.BytesIO(text.getvalue().encode())
    else:
        data = io.BytesIO()
        write_xlsx(rows, data, LAYOUT)
        data.seek(0)
    read = [(row.line, LAYOUT.parse_cells(row.cells)) for row in read_rows(data, LAYOUT)]
    assert read == [
        (2, {"code": "A", "on": date(2025, 1, 2), "note": "x"}),
        (3, {"code": "B", "on": None, "note": ""}),
    ]


def test_an_optional_column_may_be_left_out_and_a_required_one_not() -> None:
    rows = list(read_rows(io.BytesIO(b"code,on\nA,2025-01-02\n"), LAYOUT))
    assert rows[0].cells == {"code": "A", "on": "2025-01-02"}
    with pytest.raises(HeaderError, match="line 1: header: missing column"):
        list(read_rows(io.BytesIO(b"code,note\nA,x\n"), LAYOUT))


def test_the_report_and_the_rejection_answer_the_api_alike() -> None:
    report = ImportReport(rows=3, created=2, unchanged=1, details={"programs_created": ["P"]})
    assert report.answer() == {
        "rows": 3,
        "created": 2,
        "updated": 0,
        "unchanged": 1,
        "programs_created": ["P"],
        "dry_run": False,
    }
    refused = ImportRejected(ImportReport(problems=["line 2: code: the code is empty"]))
    assert refused.answer() == {
        "detail": "line 2: code: the code is empty",
        "problems": ["line 2: code: the code is empty"],
    }
