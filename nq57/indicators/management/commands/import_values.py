"""manage.py import_values FILE: indicator values from CSV or XLSX, all or nothing."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nq57.indicators.importer import values_import
from nq57.indicators.services import ValuesRejected
from nq57.tasks.management.commands.import_tasks import acting_user


class Command(BaseCommand):
    help = (
        "Import indicator values (header: data_element,period,org,value[,comment]). "
        "Nothing is written on error; importing the same file again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="act as this user (default: the system)")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        with path.open("rb") as stream:
            try:
                report = values_import(
                    acting_user(options["user"]), stream, dry_run=options["dry_run"]
                )
            except ValuesRejected as failure:
                for problem in failure.report.problems:
                    self.stderr.write(problem)
                raise CommandError(
                    f"{path.name}: {len(failure.report.problems)} problem(s); nothing was imported"
                ) from None
        dry = " (dry run: nothing written)" if options["dry_run"] else ""
        self.stdout.write(
            f"{report.rows} rows: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged{dry}"
        )
