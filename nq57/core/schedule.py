"""The scheduled jobs: one declared list, and what `manage.py run_schedule` does each minute.

A job is a management command run hourly or daily at a local hour (settings.TIME_ZONE,
Asia/Ho_Chi_Minh). When a job's period has begun and no run holds it yet, the scheduler
inserts the run's row (`ScheduledRun`, unique per job and period) and enqueues the job as a
Django Tasks task in the same transaction; the worker (`db_worker`) runs it. A second
scheduler that wakes at the same moment fails to insert the row and enqueues nothing. Only
the current period is ever taken, so a scheduler that was down for days runs each job once
to catch up, not once per missed period. A job that fails is marked failed with its error
and runs again in the next period.

Jobs are named by their command, not imported, so core schedules commands of every app.
"""

from __future__ import annotations

import enum
import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django_tasks import task

from .models import ScheduledRun

# The most of a run's error and of what it said that is kept.
ERROR_MAX_LENGTH = 2000
# A run asked for soon (`run_soon`) is not asked for twice while one this recent waits; an
# older one may have been lost (a queue emptied by hand), and the hourly run follows anyway.
WAITING_COUNTS_FOR = timedelta(hours=1)


class Every(enum.Enum):
    HOUR = "hourly"
    DAY = "daily"


@dataclass(frozen=True)
class Job:
    """A command run once per period: every hour, or every day from `at_hour` (local time)."""

    name: str
    command: str
    every: Every
    at_hour: int = 0

    def describe(self) -> str:
        if self.every is Every.HOUR:
            return "hourly"
        return f"daily at {self.at_hour:02d}:00"


JOBS: tuple[Job, ...] = (
    # Reminders before the bodies' working day starts.
    Job("feedback_deadlines", "feedback_deadlines", Every.DAY, at_hour=6),
    Job("task_reminders", "task_reminders", Every.DAY, at_hour=6),
    Job("form_reminders", "form_reminders", Every.DAY, at_hour=6),
    Job("sharing_deadlines", "sharing_deadlines", Every.DAY, at_hour=6),
    Job("budget_alerts", "budget_alerts", Every.DAY, at_hour=6),
    Job("commitments_judge", "commitments_judge", Every.DAY, at_hour=6),
    # The day's notices to those who chose one e-mail a day, after the reminders.
    Job("notice_digests", "send_digests", Every.DAY, at_hour=7),
    # Retention of every category of personal data (`core.retention`), at night.
    Job("retention", "apply_retention", Every.DAY, at_hour=2),
    Job("expire_import_previews", "expire_import_previews", Every.HOUR),
    # The routing suggester learns the past hour's routing decisions (a new version only
    # when something changed).
    Job("suggester_train", "suggester_train", Every.HOUR),
    # The keys that make a page form save once (`core.once`), after a day.
    Job("expire_form_keys", "expire_form_keys", Every.HOUR),
    # The worker's finished results (a heartbeat a minute among them) after 14 days.
    Job("prune_task_results", "prune_db_task_results", Every.DAY, at_hour=3),
)


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def period_of(job: Job, now: datetime, zone: ZoneInfo) -> datetime:
    """The start of the period `now` falls in: the hour begun, or the last day's `at_hour`
    reached (yesterday's before that hour), as an aware local time."""
    local = now.astimezone(zone)
    if job.every is Every.HOUR:
        return local.replace(minute=0, second=0, microsecond=0)
    day = local.date() if local.hour >= job.at_hour else local.date() - timedelta(days=1)
    return datetime(day.year, day.month, day.day, job.at_hour, tzinfo=zone)


def is_due(job: Job, now: datetime, last_period: datetime | None, zone: ZoneInfo) -> bool:
    """A job is due when the period `now` falls in has no run yet (the latest run is older)."""
    return last_period is None or last_period < period_of(job, now, zone)


def job_named(name: str) -> Job:
    return next(job for job in JOBS if job.name == name)


def enqueue_due(now: datetime | None = None, jobs: tuple[Job, ...] = JOBS) -> list[str]:
    """Take and enqueue every job due at `now`; the names of those this process enqueued."""
    now = now or timezone.now()
    zone = local_zone()
    latest = dict(
        ScheduledRun.objects.filter(job__in=[job.name for job in jobs])
        .values("job")
        .annotate(last=Max("period"))
        .values_list("job", "last")
    )
    enqueued = []
    for job in jobs:
        if is_due(job, now, latest.get(job.name), zone) and _take(job, period_of(job, now, zone)):
            enqueued.append(job.name)
    return enqueued


def run_soon(name: str, *, now: datetime | None = None) -> bool:
    """Enqueue a job now, outside its schedule, because what it reads changed (the
    secretariat edited a body's remit: the routing suggester retrains); nothing when a run
    of it enqueued within the hour still waits, since that run will read the change. The
    run is recorded as a period's is, its period the moment it was asked for, so the
    hourly run of that hour counts as done and the next one runs as usual. Whether one
    was enqueued."""
    job = job_named(name)
    now = now or timezone.now()
    waiting = ScheduledRun.objects.filter(
        job=job.name,
        status=ScheduledRun.Status.ENQUEUED,
        enqueued_at__gte=now - WAITING_COUNTS_FOR,
    )
    return not waiting.exists() and _take(job, now)


def _take(job: Job, period: datetime) -> bool:
    """Insert the period's run and enqueue it, both or neither; False when another scheduler
    holds the period already."""
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(job=job.name, period=period)
            run_job.enqueue(run.pk)
    except IntegrityError:
        return False
    return True


@task()
def run_job(run_id: int) -> None:
    """Run one period's job (its command) and record how it ended."""
    run = ScheduledRun.objects.get(pk=run_id)
    run.status = ScheduledRun.Status.RUNNING
    run.save(update_fields=["status"])
    said = io.StringIO()
    try:
        call_command(job_named(run.job).command, stdout=said)
    except Exception as error:
        _finish(run, ScheduledRun.Status.FAILED, f"{type(error).__name__}: {error}", said)
        raise
    _finish(run, ScheduledRun.Status.FINISHED, "", said)


def _finish(run: ScheduledRun, status: str, error: str, said: io.StringIO) -> None:
    run.status = status
    run.error = error[:ERROR_MAX_LENGTH]
    run.outcome = said.getvalue().strip()[:ERROR_MAX_LENGTH]
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "outcome", "finished_at"])
