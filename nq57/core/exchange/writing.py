"""Writing an exchange file in a layout: CSV (streamed in pieces) or an XLSX workbook, in
either flavour (see `flavour`): the machine's keys, codes and ISO dates, or the labels,
words, dates and numbers people read in the active language."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from django.utils import translation
from django.utils.translation import gettext as _

from .cells import cell_text
from .flavour import XLSX_DATE_FORMAT, Flavour, people_date, people_number, xlsx_number_format
from .formulas import neutralise
from .layout import Column, Layout

if TYPE_CHECKING:
    # openpyxl (and NumPy under it) load with the first workbook written, not with the
    # process: most processes never write one.
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

CSV_PIECE_ROWS = 1000


def export_text(value: Any) -> str:
    """A value as an export writes it in a text cell: formula-looking text neutralised."""
    text = cell_text(value)
    return neutralise(text) if isinstance(value, str) else text


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def people_value(column: Column, value: Any) -> Any:
    """A stored value as people read it, before it is written: a code as its words, yes/no
    as words; dates and numbers stay typed (each writer formats them)."""
    if value is None or value == "":
        return ""
    if column.show is not None:
        return column.show(value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return value


def people_text(value: Any) -> str:
    """A value as a people CSV writes it: 30/11/2026, 1.290 and 59,76 in Vietnamese."""
    if isinstance(value, date):
        return people_date(value)
    if _is_number(value):
        return people_number(value)
    return export_text(value)


def _text_cell(sheet: WriteOnlyWorksheet, value: Any) -> Cell:
    # A string cell whatever it holds: openpyxl would otherwise store text starting with
    # '=' as a formula.
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=export_text(value))
    cell.data_type = "s"
    return cell


def header_of(layout: Layout, flavour: Flavour) -> tuple[str, ...]:
    """The header line: the keys, or the labels in the active language."""
    return layout.titles if flavour == Flavour.PEOPLE else layout.keys


def write_csv(
    rows: Iterable[dict[str, Any]],
    out: IO[str],
    layout: Layout,
    flavour: Flavour = Flavour.MACHINE,
) -> None:
    """CSV with a BOM, so spreadsheet programs read the Vietnamese text as UTF-8; text that
    looks like a formula is neutralised (see `formulas`)."""
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header_of(layout, flavour))
    if flavour == Flavour.PEOPLE:
        columns = layout.columns
        for row in rows:
            writer.writerow(
                [people_text(people_value(column, row.get(column.key))) for column in columns]
            )
        return
    keys = layout.keys
    for row in rows:
        writer.writerow([export_text(row.get(key)) for key in keys])


def write_xlsx(
    rows: Iterable[dict[str, Any]],
    out: IO[bytes],
    layout: Layout,
    flavour: Flavour = Flavour.MACHINE,
) -> None:
    """An XLSX workbook written in streaming mode; dates and numbers are typed cells (for
    people, shown dd/mm/yyyy and grouped), every other value a string cell (never a
    formula), neutralised as in CSV."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(layout.sheet)
    sheet.append(list(header_of(layout, flavour)))
    if flavour == Flavour.PEOPLE:
        for row in rows:
            sheet.append(
                [_people_cell(sheet, column, row.get(column.key)) for column in layout.columns]
            )
    else:
        keys, typed = layout.keys, layout.typed
        for row in rows:
            sheet.append([_cell(sheet, row.get(key), key in typed) for key in keys])
    workbook.save(out)


def _cell(sheet: WriteOnlyWorksheet, value: Any, typed: bool) -> Any:
    if typed and not isinstance(value, str):
        return value
    return _text_cell(sheet, value)


def _people_cell(sheet: WriteOnlyWorksheet, column: Column, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    shown = people_value(column, value)
    if column.typed and isinstance(shown, date):
        # A spreadsheet stores a date as a moment: midnight of the day.
        moment = shown if isinstance(shown, datetime) else datetime.combine(shown, time())
        cell = WriteOnlyCell(sheet, value=moment)
        cell.number_format = XLSX_DATE_FORMAT
        return cell
    if column.typed and _is_number(shown):
        cell = WriteOnlyCell(sheet, value=shown)
        cell.number_format = xlsx_number_format(shown)
        return cell
    if shown == "":
        return None
    return _text_cell(sheet, people_text(shown) if not isinstance(shown, str) else shown)


def _in_language(rows: Iterable[dict[str, Any]], language: str) -> Iterator[dict[str, Any]]:
    """The rows, each made in `language` (a row may hold a name in the reader's language),
    without leaving the language active between them."""
    iterator = iter(rows)
    while True:
        with translation.override(language):
            try:
                row = next(iterator)
            except StopIteration:
                return
        yield row


def csv_chunks(
    rows: Iterable[dict[str, Any]], layout: Layout, flavour: Flavour = Flavour.MACHINE
) -> Iterator[str]:
    """Streams the CSV in pieces of about a thousand rows, in the language active now (a
    streamed response is written after its view has returned and the language has gone)."""
    return _csv_pieces(rows, layout, flavour, translation.get_language())


def _csv_pieces(
    rows: Iterable[dict[str, Any]], layout: Layout, flavour: Flavour, language: str
) -> Iterator[str]:
    buffer = io.StringIO()
    batch: list[dict[str, Any]] = []

    def flush(first: bool) -> str:
        buffer.seek(0)
        buffer.truncate()
        with translation.override(language):
            write_csv(batch, buffer, layout, flavour)
        text = buffer.getvalue()
        if not first:
            text = text.split("\n", 1)[1]  # the header only once
        return text

    first = True
    for row in _in_language(rows, language):
        batch.append(row)
        if len(batch) >= CSV_PIECE_ROWS:
            yield flush(first)
            first = False
            batch = []
    if batch or first:
        yield flush(first)
