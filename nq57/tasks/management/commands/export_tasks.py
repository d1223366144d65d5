"""manage.py export_tasks [FILE]: write tasks in the import format (CSV or XLSX)."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nq57.core.exchange.command import acting_user
from nq57.tasks.exchange import export_rows, write_csv, write_xlsx
from nq57.tasks.filters import TaskFilterSet
from nq57.tasks.selectors.listing import tasks_filtered


class Command(BaseCommand):
    help = "Export tasks visible to the user in the import format."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, help="default: CSV on standard output")
        parser.add_argument("--format", choices=["csv", "xlsx"])
        parser.add_argument("--program", help="only this programme's tasks")
        parser.add_argument(
            "--as-of",
            help="each task's status, deadline, completion and progress as of this date "
            "(YYYY-MM-DD; default: today)",
        )
        parser.add_argument("--user", help="act as this user (default: the system)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path | None = options["file"]
        fmt = options["format"] or ("xlsx" if path and path.suffix == ".xlsx" else "csv")
        asked = {"program": options["program"], "as_of": options["as_of"]}
        filters = TaskFilterSet({key: value for key, value in asked.items() if value} or None)
        if filters.is_bound and not filters.is_valid():
            raise CommandError(filters.errors.as_text())
        tasks = tasks_filtered(actor=acting_user(options["user"]), filters=filters)
        rows = export_rows(tasks, as_of=filters.status_as_of if filters.is_bound else None)
        if fmt == "xlsx":
            if path is None:
                write_xlsx(rows, sys.stdout.buffer)
            else:
                with path.open("wb") as out:
                    write_xlsx(rows, out)
        elif path is None:
            write_csv(rows, sys.stdout)
        else:
            with path.open("w", encoding="utf-8", newline="") as text:
                write_csv(rows, text)
