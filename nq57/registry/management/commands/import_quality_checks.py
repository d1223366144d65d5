"""manage.py import_quality_checks FILE [--user U] [--dry-run]: quality check results
(`database,period,criterion,records_checked,records_passing`) from CSV or XLSX, all or
nothing."""

from typing import IO

from nq57.core.actors import Actor
from nq57.core.exchange import ImportReport
from nq57.core.exchange.command import ImportCommand
from nq57.registry.exchange.quality import quality_checks_import


class Command(ImportCommand):
    help = (
        "Import quality check results (header: "
        "database,period,criterion,records_checked,records_passing). Nothing is written on error."
    )

    def run_import(self, actor: Actor, stream: IO[bytes], *, dry_run: bool) -> ImportReport:
        return quality_checks_import(actor, stream, dry_run=dry_run)
