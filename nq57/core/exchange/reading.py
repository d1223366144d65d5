"""Reading an exchange file (a header line, then rows) from CSV or XLSX, one row at a time."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils import translation
from django.utils.translation import gettext as _

from ..archives import UnsafeArchive, inspect_zip
from ..uploads import TooLargeUpload
from .flavour import header_key
from .formulas import restore
from .layout import MACHINE_HEADER, Header, Layout
from .problems import at_line

XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class SourceRow:
    """One data row: its line in the file (header = line 1), its cells by column key, and
    what the file's header says (the language of its labels, the names it gave columns)."""

    line: int
    cells: dict[str, Any]
    header: Header = field(default=MACHINE_HEADER)


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


def _check_header(found: Sequence[Any], layout: Layout) -> tuple[list[str], Header]:
    """Each header cell as the key of its column (by key or by label, in Vietnamese or
    English, case, diacritics and surrounding spaces ignored; another name lower-cased),
    and what the header says about the file."""
    known = layout.names()
    keys: list[str] = []
    written: dict[str, str] = {}
    languages: list[str] = []
    for cell in found:
        name = str(cell or "").lstrip("\ufeff").strip()
        key, language = known.get(header_key(name), (name.lower(), ""))
        keys.append(key)
        written.setdefault(key, name)
        if language:
            languages.append(language)
    # The language most of its labels are in (Vietnamese on a tie); keys, or nothing known,
    # are the machine's.
    language = max(sorted(set(languages), reverse=True), key=languages.count, default="")
    header = Header(language, written if language else {})
    missing = [key for key in layout.required if key not in keys]
    if missing:
        if language:
            with translation.override(language):
                named = [layout.column(key).title for key in missing]
                expected = ", ".join(layout.titles)
        else:
            named, expected = missing, ",".join(layout.keys)
        raise HeaderError(
            at_line(
                1,
                "header",
                _("missing column(s) %(missing)s (expected: %(expected)s)")
                % {"missing": ", ".join(named), "expected": expected},
            )
        )
    return keys, header


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
    names, found = _check_header(header, layout)
    line = reader.line_num
    try:
        for record in reader:
            start, line = line + 1, reader.line_num
            if _is_blank(record):
                continue
            yield SourceRow(start, _cells(names, record), found)
    except UnicodeDecodeError:
        raise HeaderError(at_line(line + 1, "file", _("the file is not valid UTF-8"))) from None
    finally:
        text.detach()


def _read_xlsx(stream: IO[bytes], layout: Layout) -> Iterator[SourceRow]:
    try:
        inspect_zip(stream)
    except UnsafeArchive as exc:
        raise HeaderError(at_line(1, "file", str(exc))) from None
    # openpyxl (and NumPy under it) loads with the first workbook read, not with the process.
    from openpyxl import load_workbook

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
    names, found = _check_header(list(header), layout)
    for number, values in enumerate(rows, start=2):
        if _is_blank(values):
            continue
        yield SourceRow(number, _cells(names, values), found)
