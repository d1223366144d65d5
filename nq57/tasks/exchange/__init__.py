"""The task exchange file: its layout (`layout`), the import (`importer`: rows checked by
`validate`, written by `write` through `create` and `update`), and the export (`export`)."""

from nq57.core.exchange import ImportRejected, ImportReport

from .create import NEW_TASK_COLUMNS
from .export import export_rows
from .importer import tasks_import
from .layout import HEADER, TASKS, csv_chunks, read_rows, write_csv, write_xlsx

__all__ = [
    "HEADER",
    "NEW_TASK_COLUMNS",
    "TASKS",
    "ImportRejected",
    "ImportReport",
    "csv_chunks",
    "export_rows",
    "read_rows",
    "tasks_import",
    "write_csv",
    "write_xlsx",
]
