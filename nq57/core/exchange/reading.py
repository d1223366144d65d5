"""Reading an exchange file (a header line, then rows) from CSV or XLSX, one row at a time."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from ..archives import UnsafeArchive, inspect_zip
from ..uploads import TooLargeUpload
from .formulas import restore
from .layout import Layout
from .problems import at_line

XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class SourceRow:
    """One data row: its line in the file (header = line 1) and its cells by column name."""

    line: int
    cells: dict[str, Any]


class HeaderError(ValueError):
    """The first line is not the exchange header, or the file cannot be read at all."""


def read_rows(stream: IO[bytes], layout: Layout) -> Iterator[SourceRow]:
    """Rows of a CSV (UTF-8, BOM or not) or XLSX (first sheet, read-only mode) file,
    streamed: blank rows are skipped, and nothing holds more than the row being read."""
    if isinstance(stream, TooLargeUpload):  # refused while it streamed in: nothing to read
        raise HeaderError(
            at_line(1, "file", _("the file is larger than %(mb)s MB") % {"mb": stream.limit_mb})
        )
    head = stream.read(4)
    stream.seek(0)
    if head == XLSX_MAGIC:
        yield from _read_xlsx(stream, layout)
    else:
        yield from _read_csv(stream, layout)


def _check_header(found: Sequence[Any], layout: Layout) -> list[str]:
    names = [str(name or "").strip().lstrip("\ufeff").lower() for name in found]
    missing = [name for name in layout.required if name not in names]
    if missing:
        raise HeaderError(
            at_line(
                1,
                "header",
                _("missing column(s) %(missing)s (expected: %(expected)s)")
                % {"missing": ", ".join(missing), "expected": ",".join(layout.keys)},
            )
        )
    return names


def _is_blank(values: Iterable[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _cells(names: list[str], values: Sequence[Any]) -> dict[str, Any]:
    # Every cell without the prefix an export puts before formula-looking text.
    return {name: restore(value) for name, value in zip(names, values, strict=False)}


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
            yield SourceRow(start, _cells(names, record))
    except UnicodeDecodeError:
        raise HeaderError(at_line(line + 1, "file", _("the file is not valid UTF-8"))) from None
    finally:
        text.detach()


def _read_xlsx(stream: IO[bytes], layout: Layout) -> Iterator[SourceRow]:
    try:
        inspect_zip(stream)
    except UnsafeArchive as exc:
        raise HeaderError(at_line(1, "file", str(exc))) from None
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # openpyxl raises a dozen kinds on a damaged workbook, all alike here
        raise HeaderError(at_line(1, "file", _("the workbook is damaged"))) from None
    try:
        yield from _xlsx_rows(workbook, layout)
    except HeaderError:
        raise
    except Exception:  # a damaged sheet, found while it streams; XML bombs (defusedxml)
        raise HeaderError(at_line(1, "file", _("the workbook is damaged"))) from None
    finally:
        workbook.close()


def _xlsx_rows(workbook: Any, layout: Layout) -> Iterator[SourceRow]:
    if not workbook.worksheets:
        raise HeaderError(at_line(1, "header", _("the sheet is empty")))
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    try:
        header = next(rows)
    except StopIteration:
        raise HeaderError(at_line(1, "header", _("the sheet is empty"))) from None
    names = _check_header(list(header), layout)
    for number, values in enumerate(rows, start=2):
        if _is_blank(values):
            continue
        yield SourceRow(number, _cells(names, values))
