"""The shape of every `import_<things> FILE [--user U] [--dry-run]` management command."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from nq57.core.actors import SYSTEM, Actor

from .report import ImportRejected, ImportReport, nothing_imported


def acting_user(username: str | None) -> Actor:
    """The user named by --user, or the system actor that sees everything."""
    if not username:
        return SYSTEM
    user: Actor | None = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"unknown user {username}")
    return user


class ImportCommand(BaseCommand):
    """Imports FILE all or nothing: each problem on standard error and a non-zero exit when
    the file is refused, the counts on standard output when it went through."""

    # The system checks would load every URL configuration and the views behind them (the
    # portal's text classifier among them, ~140 MB) into a process that reads a file and
    # writes rows; `manage.py check` and the server run them.
    requires_system_checks: list[str] = []

    def run_import(self, actor: Actor, stream: IO[bytes], *, dry_run: bool) -> ImportReport:
        """Import the file; raises ImportRejected if it has problems."""
        raise NotImplementedError

    def details(self, report: ImportReport) -> tuple[str, list[str]]:
        """What this kind of file adds to the summary line, and lines printed after it."""
        return "", []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="act as this user (default: the system)")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        actor = acting_user(options["user"])
        with path.open("rb") as stream:
            try:
                report = self.run_import(actor, stream, dry_run=options["dry_run"])
            except ImportRejected as failure:
                problems = failure.report.problems
                for problem in problems:
                    self.stderr.write(problem)
                raise CommandError(f"{path.name}: {nothing_imported(len(problems))}") from None
        extra, more = self.details(report)
        dry = " (dry run: nothing written)" if options["dry_run"] else ""
        self.stdout.write(
            f"{report.rows} rows: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged{extra}{dry}"
        )
        for line in more:
            self.stdout.write(line)
