"""Remind providers of data-sharing answers past due and raise the long overdue to the
competent authority (`registry.sharing.deadlines`); the scheduler runs it every morning."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from nq57.core.commands import add_today_argument, today_from
from nq57.registry.sharing.deadlines import sharing_deadlines


class Command(BaseCommand):
    help = "Remind and escalate overdue data-sharing answers (once per event, however often run)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_today_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(str(sharing_deadlines(today_from(options))))
