"""The values file, `data_element,period,org,value[,comment]`, imported all or nothing
through `values_save`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from nq57.core.actors import Actor
from nq57.core.exchange import (
    Column,
    HeaderError,
    ImportRejected,
    ImportReport,
    Layout,
    cell_text,
    read_rows,
)

from .services import ValueInput, values_save


def _as_given(value: Any) -> str:
    return str(value or "")


VALUES = Layout(
    "values",
    (
        Column("data_element", _as_given),
        Column("period", cell_text),  # a spreadsheet may hold 202501 as a number
        Column("org", cell_text),
        Column("value", typed=True),  # read against its data element's type by values_save
        Column("comment", _as_given, optional=True),
    ),
)


def _inputs(stream: IO[bytes]) -> Iterator[ValueInput]:
    for row in read_rows(stream, VALUES):
        cells = VALUES.parse_cells(row.cells)
        yield ValueInput(
            element=cells["data_element"],
            period=cells["period"],
            org=cells["org"],
            value=cells["value"],
            comment=cells["comment"],
            line=row.line,
        )


def values_import(actor: Actor, stream: IO[bytes], *, dry_run: bool = False) -> ImportReport:
    """Import a file of values through `values_save`; a bad header is a problem of line 1."""
    try:
        saved = values_save(actor, inputs=_inputs(stream), dry_run=dry_run)
    except HeaderError as exc:
        report = ImportReport(dry_run=dry_run, problems=[str(exc)])
        raise ImportRejected(report, fields={"file": [str(exc)]}) from None
    return saved
