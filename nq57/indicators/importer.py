"""Values from a CSV or XLSX file: `data_element,period,org,value[,comment]`, all or nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from nq57.core import tabular

from .services import ValueInput, ValuesRejected, ValuesReport, values_save

VALUES = tabular.Layout(
    ("data_element", "period", "org", "value", "comment"),
    sheet="values",
    optional=frozenset({"comment"}),
    typed=frozenset({"value"}),
)


def _inputs(stream: IO[bytes]) -> Iterator[ValueInput]:
    for row in tabular.read_rows(stream, VALUES):
        cells = row.cells
        yield ValueInput(
            element=str(cells.get("data_element") or ""),
            period=tabular.cell_text(cells.get("period")),
            org=tabular.cell_text(cells.get("org")),
            value=cells.get("value"),
            comment=str(cells.get("comment") or ""),
            line=row.line,
        )


def values_import(actor: Any, stream: IO[bytes], *, dry_run: bool = False) -> ValuesReport:
    """Import a file of values through `values_save`; a bad header is a problem of line 1."""
    try:
        return values_save(actor, inputs=_inputs(stream), dry_run=dry_run)
    except tabular.HeaderError as exc:
        report = ValuesReport(problems=[str(exc)])
        raise ValuesRejected(report, {"file": [str(exc)]}) from None
