"""Other pure rules of tasks: the six clear elements and weighted progress roll-up."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .choices import SixClear


@dataclass(frozen=True)
class SixClearFacts:
    title: str
    responsible_person: str
    is_regular: bool
    deadline: date | None
    has_lead_org: bool
    expected_product: str
    has_assigning_org: bool
    has_program: bool


def missing_elements(facts: SixClearFacts) -> list[SixClear]:
    """Which of the six clear elements a task does not name."""
    missing = []
    if not facts.responsible_person.strip():
        missing.append(SixClear.PERSON)
    if not facts.title.strip():
        missing.append(SixClear.WORK)
    if not facts.is_regular and facts.deadline is None:
        missing.append(SixClear.TIME)
    if not facts.has_lead_org:
        missing.append(SixClear.RESPONSIBILITY)
    if not facts.expected_product.strip():
        missing.append(SixClear.PRODUCT)
    if not (facts.has_assigning_org and facts.has_program):
        missing.append(SixClear.AUTHORITY)
    return missing


def rolled_up_progress(children: Iterable[tuple[int, int]]) -> int:
    """Progress of a parent from its subtasks' (weight, percent): the weighted mean, rounded."""
    total_weight = 0
    weighted = 0
    for weight, percent in children:
        total_weight += weight
        weighted += weight * percent
    if total_weight == 0:
        return 0
    # Integer half-up rounding, so the result never depends on float representation.
    return (2 * weighted + total_weight) // (2 * total_weight)


def may_assign_to(*, assigner_path: str, assigner_is_committee: bool, lead_path: str) -> bool:
    """Whether an organisation may give a task to the lead at `lead_path`: a steering
    committee to anyone else, any other organisation only to one strictly below it (never to
    itself, never upward or sideways)."""
    if lead_path == assigner_path:
        return False
    return assigner_is_committee or lead_path.startswith(assigner_path)


class AssignmentDateProblem(enum.Enum):
    FUTURE = "future"
    BACK_DATED = "back_dated"
    REASON_MISSING = "reason_missing"


def assignment_date_problem(
    *, assigned_on: date, today: date, brings_history: bool, history_reason: str
) -> AssignmentDateProblem | None:
    """What is wrong with an assignment date: never in the future; in the past only when the
    secretariat (or the system) brings history in, and then with a reason."""
    if assigned_on > today:
        return AssignmentDateProblem.FUTURE
    if assigned_on == today:
        return None
    if not brings_history:
        return AssignmentDateProblem.BACK_DATED
    if not history_reason.strip():
        return AssignmentDateProblem.REASON_MISSING
    return None
