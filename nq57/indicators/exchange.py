"""The values file, `data_element,period,org,value[,comment]` (or the same columns by their
labels, in Vietnamese or English), imported all or nothing through `values_save`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from django.utils.translation import gettext_lazy

from nq57.core.actors import Actor
from nq57.core.exchange import (
    CellError,
    Column,
    HeaderError,
    ImportRejected,
    ImportReport,
    Layout,
    cell_text,
    parse_number,
    read_rows,
)

from .services import ValueInput, values_save


def _as_given(value: Any) -> str:
    return str(value or "")


VALUES = Layout(
    "values",
    (
        Column("data_element", _as_given, label=gettext_lazy("Data element")),
        # A spreadsheet may hold 202501 as a number.
        Column("period", cell_text, label=gettext_lazy("Period")),
        Column("org", cell_text, label=gettext_lazy("Organisation")),
        # Read against its data element's type by values_save.
        Column("value", typed=True, label=gettext_lazy("Value")),
        Column("comment", _as_given, optional=True, label=gettext_lazy("Comment")),
    ),
)


def _value(raw: Any, language: str) -> Any:
    """A value cell of a file with labels in `language` read by that language's rules
    ('1.290' is 1290 in Vietnamese); anything else (a machine file, yes/no words, a text
    that is no number) as given, for `values_save` to read and judge."""
    if not language or not isinstance(raw, str):
        return raw
    try:
        return parse_number(raw, language=language)
    except CellError:
        return raw


def _inputs(stream: IO[bytes]) -> Iterator[ValueInput]:
    for row in read_rows(stream, VALUES):
        cells = VALUES.parse_cells(row.cells)
        yield ValueInput(
            element=cells["data_element"],
            period=cells["period"],
            org=cells["org"],
            value=_value(cells["value"], row.header.language),
            comment=cells["comment"],
            line=row.line,
            names=row.header.written,
        )


def values_import(actor: Actor, stream: IO[bytes], *, dry_run: bool = False) -> ImportReport:
    """Import a file of values through `values_save`; a bad header is a problem of line 1."""
    try:
        saved = values_save(actor, inputs=_inputs(stream), dry_run=dry_run)
    except HeaderError as exc:
        report = ImportReport(dry_run=dry_run, problems=[str(exc)])
        raise ImportRejected(report, fields={"file": [str(exc)]}) from None
    return saved
