"""manage.py feedback_deadlines: run daily (cron, or the worker's schedule)."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from nq57.feedback.services import deadlines_watch


class Command(BaseCommand):
    help = "Remind bodies of answers due within three working days; raise those overdue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=date.fromisoformat, help="YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        result = deadlines_watch(options["today"] or timezone.localdate())
        self.stdout.write(f"{result['reminded']} reminded, {result['escalated']} escalated")
