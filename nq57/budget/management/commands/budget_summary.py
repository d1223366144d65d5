"""manage.py budget_summary --year Y [--as-of D] [--format json]: a year's money proposed,
approved, unallocated and disbursed as of a date, in all and by group."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from nq57.budget.selectors import budget_summary
from nq57.core.dates import parse_day

MONEY = ("proposed", "approved", "unallocated", "disbursed")


class Command(BaseCommand):
    help = "A year's budget as of a date (million VND): in all, central and local."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--as-of", help="YYYY-MM-DD or DD/MM/YYYY (default: today)")
        parser.add_argument("--format", choices=["json", "table"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            as_of = parse_day(options["as_of"]) if options["as_of"] else timezone.localdate()
        except ValueError:
            raise CommandError(f"as-of: not a date: {options['as_of']}") from None
        result = budget_summary(options["year"], as_of)
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"budget {result['year']} as of {result['as_of']} (million VND)")
        self.stdout.write(f"  {'':<12}{'all':>14}{'central':>14}{'local':>14}")
        for key in MONEY:
            row = (result[key], result["central"][key], result["local"][key])
            self.stdout.write(f"  {key:<12}" + "".join(f"{value:>14,}" for value in row))
        bodies = (result["central"]["bodies"], result["local"]["bodies"])
        self.stdout.write(f"  {'bodies':<12}{'':>14}" + "".join(f"{n:>14}" for n in bodies))
