"""manage.py commitments_judge [--on D]: the daily judge of commitments that fell due
(`commitments.judging`); the scheduler runs it every morning."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from nq57.commitments.judging import judge_due


class Command(BaseCommand):
    help = "Judge the commitments due on or before a day (today by default) not judged yet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", help="the day to judge as of (YYYY-MM-DD); today by default")

    def handle(self, *args: Any, **options: Any) -> None:
        on = timezone.localdate()
        if options.get("on"):
            try:
                on = date.fromisoformat(options["on"])
            except ValueError:
                raise CommandError(f"--on: not a date: {options['on']!r}") from None
        self.stdout.write(str(judge_due(on)))
