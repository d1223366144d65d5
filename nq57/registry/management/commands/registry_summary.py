"""manage.py registry_summary [--list L] [--as-of D] [--format json]: the registry's databases
by status as of a date, and those at risk."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from nq57.core.dates import parse_day
from nq57.core.errors import ValidationFailed
from nq57.registry.selectors import registry_summary
from nq57.registry.status import SUMMARY_KEYS


class Command(BaseCommand):
    help = "Databases by status as of a date (and those at risk), of one list or of all."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--list", default="", help="a list's code (default: every database)")
        parser.add_argument("--as-of", help="YYYY-MM-DD or DD/MM/YYYY (default: today)")
        parser.add_argument("--format", choices=["json", "table"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            as_of = parse_day(options["as_of"]) if options["as_of"] else timezone.localdate()
        except ValueError:
            raise CommandError(f"as-of: not a date: {options['as_of']}") from None
        try:
            result = registry_summary(list_code=options["list"], as_of=as_of)
        except ValidationFailed as exc:
            raise CommandError(exc.message) from None
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{result['list'] or 'all databases'} as of {result['as_of']}")
        for key in SUMMARY_KEYS:
            self.stdout.write(f"  {key:<12}{result[key]:>6}")
