"""Writing an exchange file in a layout: CSV (streamed in pieces) or an XLSX workbook."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import IO, Any

from openpyxl import Workbook

from .cells import cell_text
from .layout import Layout

CSV_PIECE_ROWS = 1000


def write_csv(rows: Iterable[dict[str, Any]], out: IO[str], layout: Layout) -> None:
    """CSV with a BOM, so spreadsheet programs read the Vietnamese text as UTF-8."""
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    keys = layout.keys
    writer.writerow(keys)
    for row in rows:
        writer.writerow([cell_text(row.get(key)) for key in keys])


def write_xlsx(rows: Iterable[dict[str, Any]], out: IO[bytes], layout: Layout) -> None:
    """An XLSX workbook written in streaming mode; dates and numbers are typed cells."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(layout.sheet)
    keys, typed = layout.keys, layout.typed
    sheet.append(list(keys))
    for row in rows:
        sheet.append([row.get(key) if key in typed else cell_text(row.get(key)) for key in keys])
    workbook.save(out)


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
