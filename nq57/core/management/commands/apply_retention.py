"""manage.py apply_retention: apply the retention of every category of personal data
(`core.retention`); the schedule runs it daily (`run_schedule`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from nq57.core.retention import apply_all


class Command(BaseCommand):
    help = "Remove the personal data past their retention, every category of the record."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=date.fromisoformat, help="YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = apply_all(options["today"] or timezone.localdate())
        for category, removed in counts.items():
            self.stdout.write(f"{category}: {removed} removed")
