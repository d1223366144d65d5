"""Other pure rules of tasks: the six clear elements and weighted progress roll-up."""

from __future__ import annotations

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
