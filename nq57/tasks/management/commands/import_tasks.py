"""manage.py import_tasks FILE [--user U] [--dry-run]: tasks from CSV or XLSX, all or nothing."""

from typing import IO

from nq57.core.actors import Actor
from nq57.core.exchange import ImportReport
from nq57.core.exchange.command import ImportCommand
from nq57.tasks.exchange import tasks_import


class Command(ImportCommand):
    help = "Import tasks (header: code,title,program,lead_org,...). Nothing is written on error."

    def run_import(self, actor: Actor, stream: IO[bytes], *, dry_run: bool) -> ImportReport:
        return tasks_import(actor, stream, dry_run=dry_run)

    def details(self, report: ImportReport) -> tuple[str, list[str]]:
        created, kept = report.details["programs_created"], report.details["kept_from_workflow"]
        extra = f"; new programmes: {', '.join(created)}" if created else ""
        if not kept:
            return extra, []
        lines = ", ".join(str(n) for n in kept[:20])
        return extra, [
            f"{len(kept)} row(s) kept the deadline or completion set "
            f"through extensions and confirmations (lines {lines})"
        ]
