"""The schedule runs each job once per period, whatever the wake-up times and however many
schedulers are awake; a failed job is recorded and runs again next period (issue 12 item 3)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from hypothesis import given
from hypothesis import strategies as st

from nq57.core import retention, schedule
from nq57.core.models import ScheduledRun
from nq57.core.schedule import JOBS, Every, Job, enqueue_due, is_due, period_of, run_job
from nq57.core.tests.racing import race

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
START = datetime(2026, 1, 1, tzinfo=UTC)

jobs = st.one_of(
    st.just(Job("hourly", "x", Every.HOUR)),
    st.integers(0, 23).map(lambda hour: Job("daily", "x", Every.DAY, at_hour=hour)),
)
# Wake-ups over three weeks, seconds apart or days apart: every minute, or after an outage.
wake_ups = st.lists(st.integers(0, 21 * 24 * 3600), min_size=1, max_size=60).map(
    lambda offsets: [START + timedelta(seconds=s) for s in sorted(offsets)]
)


def length_of(job: Job) -> timedelta:
    return timedelta(hours=1) if job.every is Every.HOUR else timedelta(days=1)


@given(jobs, st.integers(0, 10**9))
def test_the_period_of_a_moment_began_at_or_before_it_and_lasts_one_hour_or_one_day(
    job: Job, seconds: int
) -> None:
    now = START + timedelta(seconds=seconds)
    period = period_of(job, now, HANOI)
    assert period <= now < period + length_of(job)
    assert period.minute == 0
    assert period.second == 0
    if job.every is Every.DAY:
        assert period.astimezone(HANOI).hour == job.at_hour


@given(jobs, wake_ups)
def test_a_job_runs_exactly_once_in_each_period_a_scheduler_woke_in(
    job: Job, times: list[datetime]
) -> None:
    runs: list[datetime] = []
    for now in times:
        if is_due(job, now, runs[-1] if runs else None, HANOI):
            runs.append(period_of(job, now, HANOI))
    # One run per period woken in; a gap of many periods is one catch-up run, not a replay.
    assert runs == sorted({period_of(job, now, HANOI) for now in times})


@pytest.fixture
def db_backend() -> Iterator[None]:
    """Enqueue into the worker's table instead of running at once, as in production."""
    with override_settings(TASKS=DB_BACKEND):
        yield


@pytest.mark.django_db
def test_once_enqueues_each_job_due_and_the_task_runs_its_command(db_backend: None) -> None:
    out = io.StringIO()
    call_command("run_schedule", "--once", stdout=out)
    assert sorted(line.split()[-1] for line in out.getvalue().splitlines()) == sorted(
        job.name for job in JOBS
    )
    # Each job, and the worker's heartbeat (core.heartbeat).
    assert DBTaskResult.objects.count() == len(JOBS) + 1
    assert set(ScheduledRun.objects.values_list("status", flat=True)) == {"enqueued"}
    call_command("run_schedule", "--once", stdout=io.StringIO())
    assert ScheduledRun.objects.count() == len(JOBS)  # the same period: nothing more
    assert DBTaskResult.objects.count() == len(JOBS) + 1  # the heartbeat waits: no second

    run = ScheduledRun.objects.get(job="retention")
    run_job.call(run.pk)  # what the worker does with the enqueued task
    run.refresh_from_db()
    assert run.status == "finished"
    assert run.finished_at is not None
    assert retention.RETENTION_APPLIED.code in _audit_codes()
    # What it did is kept with the run, and listed.
    deadlines = ScheduledRun.objects.get(job="feedback_deadlines")
    run_job.call(deadlines.pk)
    deadlines.refresh_from_db()
    assert deadlines.outcome == "0 reminded, 0 escalated"
    listed = io.StringIO()
    call_command("run_schedule", "--list", stdout=listed)
    assert "finished: 0 reminded, 0 escalated" in listed.getvalue()


@pytest.mark.django_db
def test_a_failed_job_is_recorded_and_runs_again_next_period(
    db_backend: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(today: object) -> dict[str, int]:
        raise RuntimeError("disk full")

    monkeypatch.setattr(retention, "apply_all", broken)
    monkeypatch.setattr("nq57.core.management.commands.apply_retention.apply_all", broken)
    job = schedule.job_named("retention")
    night = datetime(2026, 3, 2, 2, 1, tzinfo=HANOI)
    assert enqueue_due(night, (job,)) == ["retention"]
    run = ScheduledRun.objects.get()
    with pytest.raises(RuntimeError):
        run_job.call(run.pk)
    run.refresh_from_db()
    assert run.status == "failed"
    assert run.error == "RuntimeError: disk full"
    assert enqueue_due(night + timedelta(hours=5), (job,)) == []  # not retried in its period
    assert enqueue_due(night + timedelta(days=1), (job,)) == ["retention"]


@pytest.mark.django_db
def test_two_schedulers_one_after_the_other_enqueue_once(db_backend: None) -> None:
    now = datetime(2026, 3, 2, 7, 30, tzinfo=HANOI)
    assert sorted(enqueue_due(now)) == sorted(job.name for job in JOBS)
    assert enqueue_due(now) == []
    # Both read "due" before either wrote: the second insert fails and enqueues nothing.
    hourly = schedule.job_named("expire_import_previews")
    later = now + timedelta(hours=1)
    assert schedule._take(hourly, period_of(hourly, later, HANOI))
    assert not schedule._take(hourly, period_of(hourly, later, HANOI))
    assert DBTaskResult.objects.count() == len(JOBS) + 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_the_same_moment_enqueue_each_job_once(db_backend: None) -> None:
    now = datetime(2026, 3, 2, 7, 30, tzinfo=HANOI)
    enqueued: list[list[str]] = []
    errors = race(*[lambda: enqueued.append(enqueue_due(now)) for _ in range(2)])
    assert errors == []
    assert sorted(name for names in enqueued for name in names) == sorted(j.name for j in JOBS)
    assert ScheduledRun.objects.count() == len(JOBS)
    assert DBTaskResult.objects.count() == len(JOBS)


@pytest.mark.django_db
def test_list_names_each_job_its_period_and_its_last_run(db_backend: None) -> None:
    enqueue_due(datetime(2026, 3, 2, 7, 30, tzinfo=HANOI))
    out = io.StringIO()
    call_command("run_schedule", "--list", stdout=out)
    lines = {line.split("\t")[0]: line.split("\t")[1:] for line in out.getvalue().splitlines()}
    assert lines["retention"][:2] == ["apply_retention", "daily at 02:00"]
    assert lines["expire_import_previews"][1] == "hourly"
    assert lines["retention"][2] == "last 2026-03-02 02:00 enqueued"


def _audit_codes() -> set[str]:
    from nq57.core.models import AuditEvent

    return set(AuditEvent.objects.values_list("event", flat=True))


@pytest.mark.django_db
def test_without_once_it_checks_at_the_start_of_every_minute(
    db_backend: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nq57.core.management.commands import run_schedule

    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 2:
            raise KeyboardInterrupt  # how an operator stops it

    monkeypatch.setattr("nq57.core.management.commands.run_schedule.time.sleep", sleep)
    # The test's transaction is the connection: nothing to recycle between two minutes.
    monkeypatch.setattr(run_schedule, "close_old_connections", lambda: None)
    with pytest.raises(KeyboardInterrupt):
        call_command("run_schedule", stdout=io.StringIO())
    assert ScheduledRun.objects.count() == len(JOBS)  # the second minute added nothing
    assert all(0 < wait <= 60 for wait in waits)


@pytest.mark.django_db
def test_a_job_asked_for_soon_runs_once_now_and_again_in_the_next_period(
    db_backend: None,
) -> None:
    job = schedule.job_named("suggester_train")
    morning = datetime(2026, 3, 2, 7, 5, tzinfo=HANOI)
    with time_machine.travel(morning, tick=False):
        assert enqueue_due(morning, (job,)) == ["suggester_train"]
        ScheduledRun.objects.update(status=ScheduledRun.Status.FINISHED)
    later = morning + timedelta(minutes=20)
    with time_machine.travel(later, tick=False):
        # A remit was edited after this hour's run: another run now.
        assert schedule.run_soon("suggester_train")
        # Edited again while that run waits: the waiting run will read it.
        assert not schedule.run_soon("suggester_train")
        assert enqueue_due(later, (job,)) == []
    assert ScheduledRun.objects.filter(job="suggester_train").count() == 2
    assert DBTaskResult.objects.count() == 2
    # The hourly schedule goes on as before.
    with time_machine.travel(morning + timedelta(hours=1), tick=False):
        assert enqueue_due(morning + timedelta(hours=1), (job,)) == ["suggester_train"]
    # A run that has waited over an hour may be lost: asking again enqueues another.
    with time_machine.travel(later + timedelta(hours=2), tick=False):
        assert schedule.run_soon("suggester_train")
