"""manage.py import_values FILE [--user U] [--dry-run]: indicator values from CSV or XLSX,
all or nothing."""

from typing import IO

from nq57.core.actors import Actor
from nq57.core.exchange import ImportReport
from nq57.core.exchange.command import ImportCommand
from nq57.indicators.exchange import values_import


class Command(ImportCommand):
    help = (
        "Import indicator values (header: data_element,period,org,value[,comment]). "
        "Nothing is written on error; importing the same file again changes nothing."
    )

    def run_import(self, actor: Actor, stream: IO[bytes], *, dry_run: bool) -> ImportReport:
        return values_import(actor, stream, dry_run=dry_run)
