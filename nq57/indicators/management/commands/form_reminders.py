"""Tell organisations of forms due and late, and raise the late ones to the monitoring
organisation (`indicators.notices.remind_forms`); the scheduler runs it every morning."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from nq57.core.commands import add_today_argument, today_from
from nq57.indicators.notices import remind_forms


class Command(BaseCommand):
    help = "Send the day's form reminders and escalations (once per event, however often run)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_today_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        today = today_from(options)
        self.stdout.write(str(remind_forms(today)))
