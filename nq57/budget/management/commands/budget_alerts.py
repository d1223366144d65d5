"""manage.py budget_alerts: the daily watch of money ahead of work (`budget.watch`); the
scheduler runs it every morning, before the officials' day."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from nq57.budget.watch import watch_money
from nq57.core.commands import add_today_argument, today_from


class Command(BaseCommand):
    help = "Raise and clear the alerts where money is disbursed but the linked tasks lag."

    def add_arguments(self, parser: CommandParser) -> None:
        add_today_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(str(watch_money(today_from(options))))
