"""What the daily jobs' commands share: a `--today` to run for another day (a catch-up, a
test), today in the local time zone by default."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone


def add_today_argument(parser: CommandParser) -> None:
    parser.add_argument("--today", help="the day to run for (YYYY-MM-DD); today by default")


def today_from(options: dict[str, Any]) -> date:
    if not options.get("today"):
        return timezone.localdate()
    try:
        return date.fromisoformat(options["today"])
    except ValueError:
        raise CommandError(f"--today: not a date: {options['today']!r}") from None
