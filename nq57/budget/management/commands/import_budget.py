"""manage.py import_budget FILE [--user U] [--dry-run]: budget entries from CSV or XLSX, all
or nothing."""

from typing import IO

from nq57.budget.exchange import budget_import
from nq57.core.actors import Actor
from nq57.core.exchange import ImportReport
from nq57.core.exchange.command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import budget entries (header: year,org,program,stage,amount,on; amounts in whole "
        "million VND). Nothing is written on error."
    )

    def run_import(self, actor: Actor, stream: IO[bytes], *, dry_run: bool) -> ImportReport:
        return budget_import(actor, stream, dry_run=dry_run)

    def details(self, report: ImportReport) -> tuple[str, list[str]]:
        created = report.details.get("programmes_created", [])
        return (f"; new programmes: {', '.join(created)}" if created else ""), []
