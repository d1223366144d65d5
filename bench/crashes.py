"""`kill -9` of the stack's processes under load, one at a time, each left to recover.

The supervisor restarts what was killed (no failover: the primary comes back on its own
data, fsync on); meanwhile the read mix and the writers keep their schedule. For each kill:
how long until the killed program ran again, until a request sent after the kill was
answered, and how many requests failed before the service was whole again.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from typing import Any, Protocol

from tools.pgcluster import process_alive

from .loadgen import Call, Client, OpenLoop
from .loadstats import Outcome, failures_after

# 3 workers, 2 masters, 2 replicas, 3 primaries, interleaved.
DEFAULT_KILLS = (
    *("worker", "primary", "replica", "master", "worker"),
    *("primary", "replica", "master", "worker", "primary"),
)
SETTLE_S = 8.0  # calm load between the recovery of one kill and the next
RECOVERY_TIMEOUT_S = 180.0


class StackLike(Protocol):
    def pid(self, program: str) -> int | None: ...

    def web_worker_pids(self) -> list[int]: ...


def target_pid(stack: StackLike, target: str) -> tuple[str, int]:
    """The program the supervisor restarts, and the process id to kill."""
    if target == "worker":
        wait_until(lambda: bool(stack.web_worker_pids()), RECOVERY_TIMEOUT_S)
        workers = stack.web_worker_pids()
        if not workers:
            raise RuntimeError("no gunicorn worker to kill")
        return "web", workers[0]
    program = {"master": "web", "replica": "replica", "primary": "primary"}[target]
    pid = stack.pid(program)
    if pid is None:
        raise RuntimeError(f"{program} is not running")
    return program, pid


def wait_until(check: Callable[[], bool], timeout: float, step: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(step)
    return False


def kill_and_recover(
    stack: StackLike,
    target: str,
    probe: Callable[[], bool],
    replica_streaming: Callable[[], bool],
    clock: Callable[[], float],
) -> dict[str, Any]:
    """One kill: returns when the service is whole again (the killed program restarted, a
    request answered, the replica streaming)."""
    program, pid = target_pid(stack, target)
    workers_before = set(stack.web_worker_pids())
    killed_at = clock()
    os.kill(pid, signal.SIGKILL)

    def restarted() -> bool:
        if target == "worker":
            # gunicorn's master replaces a dead worker with a new one.
            now = set(stack.web_worker_pids())
            return len(now) >= len(workers_before) and pid not in now
        new = stack.pid(program)
        if new is None or new == pid or process_alive(pid):
            return False
        # A new gunicorn master serves once it has its workers (it cannot bind while the
        # killed one's orphaned workers still hold the port).
        return program != "web" or len(stack.web_worker_pids()) >= max(1, len(workers_before))

    came_back = wait_until(restarted, RECOVERY_TIMEOUT_S)
    restarted_s = clock() - killed_at
    # A request sent once the program is back: the service answers again.
    answered = wait_until(probe, RECOVERY_TIMEOUT_S, step=0.05)
    answered_s = clock() - killed_at
    streaming = wait_until(replica_streaming, RECOVERY_TIMEOUT_S, step=0.25)
    return {
        "target": target,
        "program": program,
        "pid": pid,
        "at_s": round(killed_at, 2),
        "restarted_s": round(restarted_s, 2) if came_back else None,
        "answered_s": round(answered_s, 2) if answered else None,
        "streaming_s": round(clock() - killed_at, 2) if streaming else None,
    }


def run_crashes(
    stack: StackLike,
    reads: OpenLoop,
    writes: OpenLoop,
    probe_call: Call,
    replica_streaming: Callable[[], bool],
    kills: list[str],
) -> dict[str, Any]:
    """The kills in order under the read and write load; then each kill's failed requests."""
    probe_client = Client(reads.client.base_url, reads.client.certificate)

    def probe() -> bool:
        return 200 <= probe_client.send(probe_call) < 300

    read_thread, read_box = reads.start()
    write_thread, write_box = writes.start()
    time.sleep(SETTLE_S)
    events = []
    try:
        for target in kills:
            events.append(
                kill_and_recover(
                    stack,
                    target,
                    probe,
                    replica_streaming,
                    clock=lambda: time.perf_counter() - reads.origin,
                )
            )
            print(f"[stack] kill: {events[-1]}", flush=True)
            time.sleep(SETTLE_S)
    finally:
        reads.stop.set()
        writes.stop.set()
        read_thread.join()
        write_thread.join()
    read_outcomes, write_outcomes = read_box[0], write_box[0]
    shift = writes.origin - reads.origin  # the writers' clock started a little later
    for number, event in enumerate(events):
        end = events[number + 1]["at_s"] if number + 1 < len(events) else float("inf")
        event["reads"] = failures_after(read_outcomes, event["at_s"], end)
        event["writes"] = write_failures(write_outcomes, event["at_s"] - shift, end - shift)
    return {
        "kills": events,
        "reads": read_outcomes,
        "writes": write_outcomes,
        "seconds": round(time.perf_counter() - reads.origin, 1),
    }


def write_failures(outcomes: list[Outcome], start: float, end: float) -> dict[str, Any]:
    """Writes due in [start, end): how many needed more than one attempt, and how many were
    never acknowledged."""
    mine = [o for o in outcomes if start <= o.due < end]
    return {
        "retried": sum(1 for o in mine if o.attempts > 1),
        "failed_attempts": sum(o.attempts - 1 for o in mine) + sum(1 for o in mine if not o.ok),
        "never_acknowledged": sum(1 for o in mine if not o.ok),
    }
