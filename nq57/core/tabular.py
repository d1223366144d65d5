"""Reading and writing exchange files (a header line, then rows) as CSV or XLSX, streamed."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook


@dataclass(frozen=True)
class Layout:
    """The columns of an exchange file: all of them in order, those a file may leave out,
    and those written as typed cells (dates, numbers) in XLSX."""

    columns: tuple[str, ...]
    sheet: str
    optional: frozenset[str] = frozenset()
    typed: frozenset[str] = frozenset()

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(name for name in self.columns if name not in self.optional)


XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class SourceRow:
    """One data row: its line in the file (header = line 1) and its cells by column name."""

    line: int
    cells: dict[str, Any]


class HeaderError(ValueError):
    """The first line is not the exchange header."""


def at_line(line: int, column: str, message: str) -> str:
    """A problem as the import reports it everywhere: 'line N: column: message'."""
    return _("line %(line)s: %(column)s: %(message)s") % {
        "line": line,
        "column": column,
        "message": message,
    }


def _check_header(found: Sequence[Any], layout: Layout) -> list[str]:
    names = [str(name or "").strip().lstrip("\ufeff").lower() for name in found]
    missing = [name for name in layout.required if name not in names]
    if missing:
        raise HeaderError(
            at_line(
                1,
                "header",
                _("missing column(s) %(missing)s (expected: %(expected)s)")
                % {"missing": ", ".join(missing), "expected": ",".join(layout.columns)},
            )
        )
    return names


def _is_blank(values: Iterable[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def read_rows(stream: IO[bytes], layout: Layout) -> Iterator[SourceRow]:
    """Rows of a CSV (UTF-8, BOM or not) or XLSX (first sheet) file, streamed."""
    head = stream.read(4)
    stream.seek(0)
    if head == XLSX_MAGIC:
        yield from _read_xlsx(stream, layout)
    else:
        yield from _read_csv(stream, layout)


def _read_csv(stream: IO[bytes], layout: Layout) -> Iterator[SourceRow]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    try:
        header = next(reader)
    except StopIteration:
        raise HeaderError(at_line(1, "header", _("the file is empty"))) from None
    except UnicodeDecodeError:
        raise HeaderError(
            at_line(1, "file", _("the file is neither UTF-8 text nor an XLSX workbook"))
        ) from None
    names = _check_header(header, layout)
    line = reader.line_num
    try:
        for record in reader:
            start, line = line + 1, reader.line_num
            if _is_blank(record):
                continue
            yield SourceRow(start, dict(zip(names, record, strict=False)))
    except UnicodeDecodeError:
        raise HeaderError(at_line(line + 1, "file", _("the file is not valid UTF-8"))) from None
    finally:
        text.detach()


def _read_xlsx(stream: IO[bytes], layout: Layout) -> Iterator[SourceRow]:
    workbook = load_workbook(stream, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        try:
            header = next(rows)
        except StopIteration:
            raise HeaderError(at_line(1, "header", _("the sheet is empty"))) from None
        names = _check_header(list(header), layout)
        for number, values in enumerate(rows, start=2):
            if _is_blank(values):
                continue
            yield SourceRow(number, dict(zip(names, values, strict=False)))
    finally:
        workbook.close()


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_csv(rows: Iterable[dict[str, Any]], out: IO[str], layout: Layout) -> None:
    """CSV with a BOM, so spreadsheet programs read the Vietnamese text as UTF-8."""
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(layout.columns)
    for row in rows:
        writer.writerow([cell_text(row.get(name)) for name in layout.columns])


def write_xlsx(rows: Iterable[dict[str, Any]], out: IO[bytes], layout: Layout) -> None:
    """An XLSX workbook written in streaming mode; dates and numbers are typed cells."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(layout.sheet)
    sheet.append(list(layout.columns))
    for row in rows:
        sheet.append(
            [
                row.get(name) if name in layout.typed else cell_text(row.get(name))
                for name in layout.columns
            ]
        )
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
        if len(batch) >= 1000:
            yield flush(first)
            first = False
            batch = []
    if batch or first:
        yield flush(first)
