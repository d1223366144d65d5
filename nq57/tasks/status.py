"""The status of a task as of a date (DESIGN.md §6), as pure functions over plain values.

The database-side counting in `selectors.status_sql` implements the same rule in SQL; the
tests compare the two on random data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum


class Status(StrEnum):
    REGULAR = "regular"
    COMPLETED_ON_TIME = "completed_on_time"
    COMPLETED_LATE = "completed_late"
    IN_PROGRESS = "in_progress"
    OVERDUE = "overdue"

    @property
    def is_completed(self) -> bool:
        return self in (Status.COMPLETED_ON_TIME, Status.COMPLETED_LATE)


@dataclass(frozen=True)
class Deadline:
    """A deadline and the day it took force (the assignment day for the original one)."""

    effective_on: date
    deadline: date


@dataclass(frozen=True)
class Suspension:
    """A time the task was on hold: from `starts_on` until the day before `ends_on` (the day it
    was resumed); `ends_on` None while it still is."""

    starts_on: date
    ends_on: date | None = None

    def covers(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day < self.ends_on)


@dataclass(frozen=True)
class TaskFacts:
    """What the status rule needs to know about a task."""

    assigned_on: date
    is_regular: bool = False
    completed_on: date | None = None
    deadlines: tuple[Deadline, ...] = field(default_factory=tuple)
    # When the confirmed completion was requested; None: on the day it was confirmed (an
    # imported completion is both).
    completion_requested_on: date | None = None
    # The day the assigning side withdrew the task: it counts before that day, not from it.
    withdrawn_on: date | None = None
    suspensions: tuple[Suspension, ...] = field(default_factory=tuple)

    @property
    def judged_on(self) -> date | None:
        """The day a completion is judged on time or late: the day it was requested."""
        return self.completion_requested_on or self.completed_on


def deadline_in_force(facts: TaskFacts, day: date) -> date | None:
    """The latest deadline whose approval is on or before `day` (None for regular tasks)."""
    in_force = [d for d in facts.deadlines if d.effective_on <= day]
    if not in_force:
        return None
    # Several approvals on one day: the last recorded wins, as in the database (order by id).
    latest_day = max(d.effective_on for d in in_force)
    return [d for d in in_force if d.effective_on == latest_day][-1].deadline


def is_counted_on(facts: TaskFacts, day: date) -> bool:
    """A task counts from its assignment until the day it is withdrawn, if ever."""
    return facts.assigned_on <= day and (facts.withdrawn_on is None or day < facts.withdrawn_on)


def is_on_hold(facts: TaskFacts, day: date) -> bool:
    """Suspended on `day`: its deadline does not run, nothing falls due."""
    return any(suspension.covers(day) for suspension in facts.suspensions)


def status_on(facts: TaskFacts, day: date) -> Status | None:
    """The status of a task as of `day`, or None if it does not count that day (not yet
    assigned, or withdrawn)."""
    if not is_counted_on(facts, day):
        return None
    if facts.is_regular:
        return Status.REGULAR
    if facts.completed_on is not None and facts.completed_on <= day:
        return completion_verdict(facts)
    if is_on_hold(facts, day):
        # On hold, the deadline does not run: the task cannot fall overdue.
        return Status.IN_PROGRESS
    deadline = deadline_in_force(facts, day)
    if deadline is None or day <= deadline:
        return Status.IN_PROGRESS
    return Status.OVERDUE


def days_overdue(deadline: date, as_of: date) -> int:
    """How many days past its deadline a task is as of `as_of`: none on the deadline itself
    (the status rule makes a task overdue the day after), one the day after, and so on."""
    return max(0, (as_of - deadline).days)


def completion_verdict(facts: TaskFacts) -> Status:
    """A completed task is on time when it was requested on or before the deadline in force
    on the day of the request, late otherwise: the assigning side's delay in confirming never
    makes the lead late."""
    judged_on = facts.judged_on
    assert judged_on is not None, "only a completed task has a verdict"  # nosec B101  # narrows a type for mypy; no check rests on it
    deadline = deadline_in_force(facts, judged_on)
    if deadline is None or judged_on <= deadline:
        return Status.COMPLETED_ON_TIME
    return Status.COMPLETED_LATE


SHARE_KEYS = (
    "completed",
    "completed_on_time",
    "completed_late",
    "in_progress",
    "overdue",
    "regular",
)


@dataclass(frozen=True)
class StatusCounts:
    """How many tasks are in each status as of a date; `due_by` only when asked for."""

    total: int = 0
    completed_on_time: int = 0
    completed_late: int = 0
    in_progress: int = 0
    overdue: int = 0
    regular: int = 0
    due_by: int | None = None

    @property
    def completed(self) -> int:
        return self.completed_on_time + self.completed_late

    def __add__(self, other: StatusCounts) -> StatusCounts:
        due_by = None
        if self.due_by is not None or other.due_by is not None:
            due_by = (self.due_by or 0) + (other.due_by or 0)
        return StatusCounts(
            total=self.total + other.total,
            completed_on_time=self.completed_on_time + other.completed_on_time,
            completed_late=self.completed_late + other.completed_late,
            in_progress=self.in_progress + other.in_progress,
            overdue=self.overdue + other.overdue,
            regular=self.regular + other.regular,
            due_by=due_by,
        )

    def shares(self) -> dict[str, float]:
        """Each count as a percentage of the total, one decimal, half rounded up."""
        keys = SHARE_KEYS + (("due_by",) if self.due_by is not None else ())
        return {key: share(getattr(self, key), self.total) for key in keys}

    def as_dict(self, as_of: date) -> dict[str, object]:
        result: dict[str, object] = {
            "as_of": as_of.isoformat(),
            "total": self.total,
            "completed": self.completed,
            "completed_on_time": self.completed_on_time,
            "completed_late": self.completed_late,
            "in_progress": self.in_progress,
            "overdue": self.overdue,
            "regular": self.regular,
        }
        if self.due_by is not None:
            result["due_by"] = self.due_by
        result["shares"] = self.shares()
        return result


def on_time_rate(counts: StatusCounts) -> Decimal | None:
    """Completed on time ÷ tasks that have fallen due (completed, on time or late, plus
    overdue) × 100, exact; None when nothing has fallen due. The
    dashboard, the on-time ranking and the composite ranking all use it; the first two show
    and compare it rounded (`one_decimal`), the composite weighs it exact."""
    fallen_due = counts.completed + counts.overdue
    if not fallen_due:
        return None
    return Decimal(counts.completed_on_time) * Decimal(100) / Decimal(fallen_due)


def one_decimal(rate: Decimal | None) -> float | None:
    """A rate as pages show it and the on-time ranking compares it: to one decimal."""
    return None if rate is None else round(float(rate), 1)


def share(part: int, total: int) -> float:
    if total == 0:
        return 0.0
    exact = Decimal(part * 100) / Decimal(total)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def count_statuses(
    tasks: Iterable[TaskFacts], as_of: date, due_by: date | None = None
) -> StatusCounts:
    """The pure counterpart of the SQL counting: the reference the database must agree with."""
    tally: Counter[Status] = Counter()
    due = 0
    for facts in tasks:
        status = status_on(facts, as_of)
        if status is None:
            continue
        tally[status] += 1
        if due_by is not None and status is Status.IN_PROGRESS and not is_on_hold(facts, as_of):
            deadline = deadline_in_force(facts, as_of)
            if deadline is not None and deadline <= due_by:
                due += 1
    return StatusCounts(
        total=sum(tally.values()),
        completed_on_time=tally[Status.COMPLETED_ON_TIME],
        completed_late=tally[Status.COMPLETED_LATE],
        in_progress=tally[Status.IN_PROGRESS],
        overdue=tally[Status.OVERDUE],
        regular=tally[Status.REGULAR],
        due_by=due if due_by is not None else None,
    )


def status_timeline(facts: TaskFacts) -> list[tuple[date, Status | None]]:
    """When the task's status changes: [(first day, status), ...], oldest first; a withdrawn
    task ends with (the day of withdrawal, None).

    The status as of D is the one of the last entry on or before D (none before the first).
    Between two consecutive candidate days nothing the rule compares can change, so
    evaluating `status_on` at each candidate gives every change.
    """
    if len(facts.deadlines) <= 1 and facts.withdrawn_on is None and not facts.suspensions:
        return _simple_timeline(facts)
    return _general_timeline(facts)


def _general_timeline(facts: TaskFacts) -> list[tuple[date, Status | None]]:
    candidates = {facts.assigned_on}
    if facts.completed_on is not None:
        candidates.add(facts.completed_on)
    if facts.withdrawn_on is not None:
        candidates.add(facts.withdrawn_on)
    for entry in facts.deadlines:
        candidates.add(entry.effective_on)
        candidates.add(entry.deadline + timedelta(days=1))
    for suspension in facts.suspensions:
        candidates.add(suspension.starts_on)
        if suspension.ends_on is not None:
            candidates.add(suspension.ends_on)
    timeline: list[tuple[date, Status | None]] = []
    for day in sorted(d for d in candidates if d >= facts.assigned_on):
        status = status_on(facts, day)
        if timeline and timeline[-1][1] is status:
            continue
        if status is not None or timeline:
            timeline.append((day, status))
        if status is None and timeline:
            break  # withdrawn: nothing counts any more
    return timeline


def _simple_timeline(facts: TaskFacts) -> list[tuple[date, Status | None]]:
    """The timeline of a task never extended: the common case, computed directly (the tests
    compare every timeline with `status_on`)."""
    if facts.is_regular:
        return [(facts.assigned_on, Status.REGULAR)]
    deadline = facts.deadlines[0].deadline if facts.deadlines else None
    done = facts.completed_on
    if done is not None and done < facts.assigned_on:
        return _general_timeline(facts)
    timeline: list[tuple[date, Status | None]] = []
    if deadline is None:
        timeline.append((facts.assigned_on, Status.IN_PROGRESS))
    else:
        in_force = facts.deadlines[0].effective_on
        # Before the deadline took force (possible only for odd data) there is none in force.
        if in_force > facts.assigned_on:
            return _general_timeline(facts)
        if facts.assigned_on <= deadline:
            timeline.append((facts.assigned_on, Status.IN_PROGRESS))
        late_from = deadline + timedelta(days=1)
        if done is None or late_from < done:
            timeline.append((max(late_from, facts.assigned_on), Status.OVERDUE))
    if done is not None:
        verdict = completion_verdict(facts)
        if timeline and timeline[-1][0] == done:
            timeline.pop()
        timeline.append((done, verdict))
    return timeline


def timeline_deltas(facts: TaskFacts) -> list[tuple[date, Status, int]]:
    """The timeline as +1/-1 changes per status: summing those on or before D counts the
    task once, in its status as of D (a withdrawn task not at all from its withdrawal)."""
    deltas: list[tuple[date, Status, int]] = []
    previous: Status | None = None
    for day, status in status_timeline(facts):
        if previous is not None:
            deltas.append((day, previous, -1))
        if status is not None:
            deltas.append((day, status, 1))
        previous = status
    return deltas
