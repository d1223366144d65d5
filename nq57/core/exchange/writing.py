"""Writing an exchange file in a layout: CSV (streamed in pieces) or an XLSX workbook."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from .cells import cell_text
from .formulas import neutralise
from .layout import Layout

CSV_PIECE_ROWS = 1000


def export_text(value: Any) -> str:
    """A value as an export writes it in a text cell: formula-looking text neutralised."""
    text = cell_text(value)
    return neutralise(text) if isinstance(value, str) else text


def _text_cell(sheet: WriteOnlyWorksheet, value: Any) -> Cell:
    # A string cell whatever it holds: openpyxl would otherwise store text starting with
    # '=' as a formula.
    cell = WriteOnlyCell(sheet, value=export_text(value))
    cell.data_type = "s"
    return cell


def write_csv(rows: Iterable[dict[str, Any]], out: IO[str], layout: Layout) -> None:
    """CSV with a BOM, so spreadsheet programs read the Vietnamese text as UTF-8; text that
    looks like a formula is neutralised (see `formulas`)."""
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    keys = layout.keys
    writer.writerow(keys)
    for row in rows:
        writer.writerow([export_text(row.get(key)) for key in keys])


def write_xlsx(rows: Iterable[dict[str, Any]], out: IO[bytes], layout: Layout) -> None:
    """An XLSX workbook written in streaming mode; dates and numbers are typed cells, every
    other value a string cell (never a formula), neutralised as in CSV."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(layout.sheet)
    keys, typed = layout.keys, layout.typed
    sheet.append(list(keys))
    for row in rows:
        sheet.append([_cell(sheet, row.get(key), key in typed) for key in keys])
    workbook.save(out)


def _cell(sheet: WriteOnlyWorksheet, value: Any, typed: bool) -> Any:
    if typed and not isinstance(value, str):
        return value
    return _text_cell(sheet, value)


def csv_chunks(rows: Iterable[dict[str, Any]], layout: Layout) -> Iterator[str]:
    """Streams the CSV in pieces of about a thousand rows."""
    buffer = io.StringIO()
    batch: list[dict[str, Any]] = []

    def flush(first: bool) -> str:
        buffer.seek(0)
        buffer.truncate()
        write_csv(batch, buffer, layout)
        text = buffer.getvalue()
        if not first:
            text = text.split("\n", 1)[1]  # the header only once
        return text

    first = True
    for row in rows:
        batch.append(row)
        if len(batch) >= CSV_PIECE_ROWS:
            yield flush(first)
            first = False
            batch = []
    if batch or first:
        yield flush(first)
