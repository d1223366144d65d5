"""The task exchange format: the columns of a task file, read and written through
`nq57.core.tabular`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, Any

from nq57.core import tabular
from nq57.core.tabular import HeaderError, SourceRow, at_line

HEADER = (
    "code",
    "title",
    "program",
    "lead_org",
    "coordinating_orgs",
    "assigned_by",
    "assigned_on",
    "deadline",
    "kind",
    "expected_product",
    "responsible_person",
    "completed_on",
    "progress",
)
DATE_COLUMNS = frozenset({"assigned_on", "deadline", "completed_on"})
TASKS = tabular.Layout(HEADER, sheet="tasks", typed=DATE_COLUMNS | {"progress"})

__all__ = ["HEADER", "HeaderError", "SourceRow", "at_line", "csv_chunks", "read_rows"]


def read_rows(stream: IO[bytes]) -> Iterator[SourceRow]:
    return tabular.read_rows(stream, TASKS)


def write_csv(rows: Iterable[dict[str, Any]], out: IO[str]) -> None:
    tabular.write_csv(rows, out, TASKS)


def write_xlsx(rows: Iterable[dict[str, Any]], out: IO[bytes]) -> None:
    tabular.write_xlsx(rows, out, TASKS)


def csv_chunks(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    return tabular.csv_chunks(rows, TASKS)
