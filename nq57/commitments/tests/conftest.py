"""Commitments built through the services, with a task, a database and money to be measured
by."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from nq57.budget.models import Programme
from nq57.budget.services import entry_record, programme_get_or_create
from nq57.commitments.links import parse_links
from nq57.commitments.models import Commitment
from nq57.commitments.services import commitment_record
from nq57.core.actors import SYSTEM, Actor
from nq57.orgs.models import Organization
from nq57.registry.models import Database
from nq57.registry.services import database_save, status_record
from nq57.tasks.models import Task

DUE = date(2025, 12, 31)


@pytest.fixture
def database(db: Any) -> Database:
    found, _changed = database_save(
        SYSTEM,
        code="CSDL-KHCN",
        name="Cơ sở dữ liệu quốc gia về khoa học và công nghệ",
        kind="national",
        owner=Organization.objects.get(code="BKHCN"),
    )
    status_record(SYSTEM, database=found, since=date(2025, 3, 1), status="deploying")
    return found


@pytest.fixture
def programme(db: Any) -> Programme:
    found = programme_get_or_create(SYSTEM, code="NQ57")
    bkhcn = Organization.objects.get(code="BKHCN")
    entry_record(
        SYSTEM,
        year=2025,
        organization=bkhcn,
        programme=found,
        stage="approved",
        amount=1000,
        dated=date(2025, 2, 1),
    )
    entry_record(
        SYSTEM,
        year=2025,
        organization=bkhcn,
        programme=found,
        stage="disbursed",
        amount=500,
        dated=date(2025, 6, 1),
    )
    return found


@pytest.fixture
def make_commitment(db: Any) -> Callable[..., Commitment]:
    def make(
        *,
        actor: Actor = SYSTEM,
        org: str = "BKHCN",
        tasks: str = "",
        databases: str = "",
        budget: str = "",
        indicators: str = "",
        due_on: date = DUE,
        leader: str = "Nguyễn Mạnh Hùng",
        position: str = "Bộ trưởng",
    ) -> Commitment:
        links = parse_links(
            actor, tasks=tasks, databases=databases, budget=budget, indicators=indicators
        )
        return commitment_record(
            actor,
            organization=Organization.objects.get(code=org),
            leader_name=leader,
            position=position,
            what="Hoàn thành cơ sở dữ liệu quốc gia về khoa học và công nghệ.",
            committed_on=date(2025, 1, 20),
            due_on=due_on,
            links=links,
        )

    return make


def code_of(task: Task) -> str:
    return f"{task.program.code}/{task.code}"
