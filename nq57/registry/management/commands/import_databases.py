"""manage.py import_databases FILE [--user U] [--dry-run]: the registry's databases and their
status history from CSV or XLSX, all or nothing."""

from typing import IO

from nq57.core.actors import Actor
from nq57.core.exchange import ImportReport
from nq57.core.exchange.command import ImportCommand
from nq57.registry.exchange import databases_import


class Command(ImportCommand):
    help = (
        "Import databases and their status history (header: "
        "code,name,kind,owner_org,lists,status,risk,since). Nothing is written on error."
    )

    def run_import(self, actor: Actor, stream: IO[bytes], *, dry_run: bool) -> ImportReport:
        return databases_import(actor, stream, dry_run=dry_run)

    def details(self, report: ImportReport) -> tuple[str, list[str]]:
        databases, lists = report.details["databases_created"], report.details["lists_created"]
        extra = f"; {len(databases)} new database(s)"
        return extra + (f"; new lists: {', '.join(lists)}" if lists else ""), []
