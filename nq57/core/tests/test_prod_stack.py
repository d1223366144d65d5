"""`make prod`'s stack brought up for real (tools/prod.py): PostgreSQL primary and replica,
gunicorn, the worker, the scheduler and nginx under supervisord, with organisations only (no
demo). The smoke check runs through nginx; supervisord restarts a program killed under it;
after down() no process of the stack is left, checked pid by pid."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
from pathlib import Path

import pytest

from tools.pgcluster import free_port, process_alive
from tools.prod import PROGRAMS, Stack, wait_until


@pytest.mark.postgres_only
def test_stack_comes_up_answers_and_leaves_nothing_behind(
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = Path(tempfile.mkdtemp(prefix="nq57-prod-"))
    stack = Stack(root, port=free_port(), http_port=free_port(), demo=False)
    seen: set[int] = set()
    try:
        stack.up()
        assert stack.smoke() == []
        pids = {program: stack.pid(program) for program in PROGRAMS}
        assert None not in pids.values()
        assert len(stack.web_worker_pids()) == 2

        stack.up()
        assert "already running" in capsys.readouterr().out
        assert {program: stack.pid(program) for program in PROGRAMS} == pids

        dead = pids["worker"]
        assert dead is not None
        os.kill(dead, signal.SIGKILL)
        wait_until(lambda: stack.pid("worker") not in (None, dead), 30, "worker not restarted")
    finally:
        seen |= stack.processes()
        stack.down()
        shutil.rmtree(root, ignore_errors=True)
    assert len(seen) > len(PROGRAMS)  # supervisord, the programs and their children
    assert sorted(pid for pid in seen if process_alive(pid)) == []
    assert set(stack.status().values()) == {"not running"}
