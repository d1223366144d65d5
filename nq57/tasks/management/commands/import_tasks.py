"""manage.py import_tasks FILE: import tasks from CSV or XLSX, all or nothing."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nq57.accounts.models import User
from nq57.core.actors import SYSTEM
from nq57.tasks.importer import ImportFailed, tasks_import


def acting_user(username: str | None) -> Any:
    """The user named by --user, or the system actor that sees everything."""
    if not username:
        return SYSTEM
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"unknown user {username}")
    return user


class Command(BaseCommand):
    help = "Import tasks (header: code,title,program,lead_org,...). Nothing is written on error."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="act as this user (default: the system)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        actor = acting_user(options["user"])
        with path.open("rb") as stream:
            try:
                report = tasks_import(actor, stream)
            except ImportFailed as failure:
                for problem in failure.report.problems:
                    self.stderr.write(problem)
                raise CommandError(
                    f"{path.name}: {len(failure.report.problems)} problem(s); nothing was imported"
                ) from None
        self.stdout.write(
            f"{report.rows} rows: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged"
            + (
                f"; new programmes: {', '.join(report.programs_created)}"
                if report.programs_created
                else ""
            )
        )
        if report.kept_from_workflow:
            lines = ", ".join(str(n) for n in report.kept_from_workflow[:20])
            self.stdout.write(
                f"{len(report.kept_from_workflow)} row(s) kept the deadline or completion set "
                f"through extensions and confirmations (lines {lines})"
            )
