"""manage.py run_schedule: wake every minute and enqueue the jobs that are due
(`core.schedule`) and the worker's heartbeat (`core.heartbeat`, read by /readyz); the worker
(`db_worker`) runs them. Several may run at once."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from nq57.core.heartbeat import heartbeat_enqueue
from nq57.core.models import ScheduledRun
from nq57.core.schedule import JOBS, enqueue_due

TICK_SECONDS = 60
log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Enqueue the scheduled jobs when due, every minute (or once, with --once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="check once and exit (cron)")
        parser.add_argument("--list", action="store_true", help="list the jobs and their runs")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            self._list()
        elif options["once"]:
            self._tick()
        else:
            while True:
                # A long-lived process: drop a connection the database closed meanwhile, and
                # outlive a database that is briefly away (the next minute tries again).
                close_old_connections()
                try:
                    self._tick()
                except DatabaseError:
                    log.exception("the schedule could not be read; trying again next minute")
                # Wake at the start of the next minute, whatever the tick took.
                time.sleep(TICK_SECONDS - time.time() % TICK_SECONDS)

    def _tick(self) -> None:
        heartbeat_enqueue()  # first: the sign of life is never queued behind a long job
        for name in enqueue_due():
            self.stdout.write(f"{timezone.localtime():%Y-%m-%d %H:%M} enqueued {name}")

    def _list(self) -> None:
        for job in JOBS:
            last = ScheduledRun.objects.filter(job=job.name).order_by("-period").first()
            state = "never run" if last is None else _describe(last)
            self.stdout.write(f"{job.name}\t{job.command}\t{job.describe()}\t{state}")


def _describe(run: ScheduledRun) -> str:
    when = timezone.localtime(run.period)
    text = f"last {when:%Y-%m-%d %H:%M} {run.status}"
    said = run.error or " ".join(run.outcome.split())
    return f"{text}: {said}" if said else text
