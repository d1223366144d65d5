"""The worker's sign of life: every minute the scheduler (`manage.py run_schedule`) enqueues
the tiny `heartbeat` task and the Django Tasks worker (`manage.py db_worker`) records when it
ran it. A recent run proves the whole chain works: the queue takes tasks, a worker takes them
from it and can write. `core.health` reads the time for the readiness check (/readyz).

A worker that is down must not find a backlog of one heartbeat per minute when it comes
back: while one heartbeat waits, the scheduler enqueues no other (unless it has waited so
long that it was surely lost).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import WorkerHeartbeat

WORKER = "worker"
# A heartbeat still waiting after this long is taken for lost (its result pruned, a queue
# emptied by hand): another one is enqueued.
LOST_AFTER = timedelta(minutes=15)


def heartbeat_enqueue(*, now: datetime | None = None) -> bool:
    """Enqueue the heartbeat task unless one is waiting already; whether one was enqueued."""
    now = now or timezone.now()
    with transaction.atomic():
        beat, _ = WorkerHeartbeat.objects.select_for_update().get_or_create(name=WORKER)
        if _is_waiting(beat, now):
            return False
        beat.enqueued_at = now
        beat.save(update_fields=["enqueued_at"])
        # In the same transaction: the task row and the note that it waits, both or neither.
        heartbeat.enqueue()
    return True


def _is_waiting(beat: WorkerHeartbeat, now: datetime) -> bool:
    if beat.enqueued_at is None or now - beat.enqueued_at > LOST_AFTER:
        return False
    return beat.ran_at is None or beat.ran_at < beat.enqueued_at


@transaction.atomic
def heartbeat_record(*, now: datetime | None = None) -> None:
    """Note that a worker ran the heartbeat task now."""
    WorkerHeartbeat.objects.update_or_create(
        name=WORKER, defaults={"ran_at": now or timezone.now()}
    )


def last_heartbeat() -> datetime | None:
    """When a worker last ran the heartbeat task (None: never)."""
    return WorkerHeartbeat.objects.filter(name=WORKER).values_list("ran_at", flat=True).first()


# The highest priority: a worker busy with a long job (training the routing suggester, say)
# takes the waiting heartbeat before any other task, so /readyz does not take a busy worker
# for a dead one.
@task(priority=100)
def heartbeat() -> None:
    """Run by the worker: the sign of life itself."""
    heartbeat_record()
