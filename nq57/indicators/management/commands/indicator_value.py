"""manage.py indicator_value CODE --period P [--org CODE | --group central|local]."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils import timezone

from nq57.core.errors import ValidationFailed
from nq57.indicators import selectors


class Command(BaseCommand):
    help = "An indicator's figure for the nation, a group or an organisation's subtree."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code")
        parser.add_argument("--period", required=True, help="YYYYMM, YYYYQn, YYYYSn or YYYY")
        parser.add_argument("--org", help="organisation code or name (covers its subtree)")
        parser.add_argument("--group", choices=["central", "local"])
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            indicator = selectors.get_indicator(options["code"])
            period = selectors.period_for(indicator, options["period"])
            scope = selectors.scope_from(options["org"], options["group"])
        except Http404:
            raise CommandError(f"unknown indicator {options['code']}") from None
        except ValidationFailed as exc:
            raise CommandError(exc.message) from None
        answer = selectors.indicator_value(
            indicator, period, scope, today=timezone.localdate()
        ).as_dict()
        if options["format"] == "json":
            self.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2))
            return
        value = "—" if answer["value"] is None else f"{answer['value']} {answer['unit']}".strip()
        self.stdout.write(f"{answer['indicator']} {answer['period']} {answer['scope']}: {value}")
        if answer["target"] is not None:
            self.stdout.write(
                f"target {answer['target']} ({answer['target_period']}): "
                f"{answer['progress_status']}"
            )
