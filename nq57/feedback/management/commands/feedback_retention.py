"""manage.py feedback_retention: run daily (cron, or the worker's schedule)."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from nq57.feedback.retention import personal_data_expire


class Command(BaseCommand):
    help = "Remove the sender's personal data from items kept past their retention (5 years)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=date.fromisoformat, help="YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        removed = personal_data_expire(today=options["today"] or timezone.localdate())
        self.stdout.write(f"{removed} items: personal data removed")
