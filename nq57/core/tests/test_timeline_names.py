"""Timelines name people as people are named: the actor's full name, never their username
(which is only a sign-in name), and "system" for the system."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from nq57.core import audit
from nq57.core.actors import SYSTEM
from nq57.tasks import events
from nq57.tasks.models import Task

pytestmark = pytest.mark.django_db


def test_the_timeline_names_the_actor_by_full_name(
    make_user: Callable[..., Any], make_task: Callable[..., Task]
) -> None:
    task = make_task("BKHCN")
    official = make_user("BKHCN", "reporter", username="baocao.vukh")
    official.full_name = "Trần Thị Mai"
    official.save(update_fields=["full_name"])
    entry = audit.record(official, events.TASK_UPDATED, subject=task)
    assert entry.sentence.startswith("Trần Thị Mai ")
    assert "baocao.vukh" not in entry.sentence
    assert audit.record(SYSTEM, events.TASK_UPDATED, subject=task).sentence.startswith("system")
