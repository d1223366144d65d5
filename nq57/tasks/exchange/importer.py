"""Importing tasks from the exchange format: validated row by row, written all or nothing.

The import streams the file and writes in batches inside one transaction: memory stays flat
for a million rows, and any problem rolls back everything. It does not call `task_create` row
by row (a dozen queries each); it applies the same rules (`check_task_dates`,
`derived_values`, `permissions`) with bulk writes, and records one audit event per task.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, TypeVar

from django.db import transaction

from nq57.core.actors import Actor
from nq57.core.exchange import HeaderError, ImportRejected, ImportReport, nothing_imported
from nq57.orgs.lookup import OrgDirectory

from .layout import read_rows
from .validate import TaskValidator
from .write import TaskWriter

BATCH_SIZE = 5000
HISTORY_WITHOUT_NAME = "task import"  # a stream with no file name (the demo, tests)
Item = TypeVar("Item")


def batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """The items in lists of `size` (the last one shorter), never more in memory."""
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def tasks_import(
    actor: Actor, stream: IO[bytes], *, dry_run: bool = False, source_name: str = ""
) -> ImportReport:
    """Import a CSV or XLSX file; raises ImportRejected (with every problem) and writes
    nothing if any row is invalid. `dry_run` does all the work and rolls it back, so a
    preview reports exactly what confirming would do. The file's name (`source_name`, else
    the stream's) is the recorded reason for any history it brings in."""
    report = ImportReport(dry_run=dry_run)
    name = source_name or str(getattr(stream, "name", "") or "") or HISTORY_WITHOUT_NAME
    validator = TaskValidator(actor, OrgDirectory.load(), source_name=name)
    problems = validator.problems
    try:
        with transaction.atomic():
            writer = TaskWriter(actor, report, problems, source_name=name)
            checked = (validator.validate(row) for row in read_rows(stream))
            for batch in batches(checked, BATCH_SIZE):
                report.rows += len(batch)
                if problems:
                    continue  # keep validating to report every problem; write nothing more
                writer.write([row for row in batch if row is not None])
            writer.flush()
            if problems:
                report.problems = problems.messages
                raise _rejected(report)
            if dry_run:
                transaction.set_rollback(True)
    except HeaderError as exc:
        report.problems = [str(exc)]
        raise _rejected(report) from None
    return report


def _rejected(report: ImportReport) -> ImportRejected:
    return ImportRejected(report, message=nothing_imported(len(report.problems)))
