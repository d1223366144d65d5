"""The report's task figures as of a day: the committee's count of tasks by status, the shares
of the partition (completed, in progress within deadline, overdue, regular) to one decimal
adding up to 100.0, the tasks in progress that fall due by a day, and what remains — those
plus the overdue. The counts are `task_summary`'s (the same as the dashboard and the
`task_summary` command), read as the system, which sees every task."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from nq57.core.actors import SYSTEM
from nq57.core.apportion import shares_adding_up
from nq57.tasks.selectors.summaries import SummaryQuery, task_summary

# The statuses every task is in exactly one of, in the order the report states them.
PARTITION = ("completed", "in_progress", "overdue", "regular")


@dataclass(frozen=True)
class TaskFigures:
    as_of: date
    due_by: date
    total: int
    completed: int
    in_progress: int  # within deadline
    overdue: int
    regular: int
    falling_due: int  # of those in progress, due on or before `due_by`
    shares: dict[str, Decimal]  # of the PARTITION, adding up to 100.0

    @property
    def remaining(self) -> int:
        """What must still be done by `due_by`: the tasks falling due, and the overdue."""
        return self.falling_due + self.overdue


def year_end(day: date) -> date:
    return date(day.year, 12, 31)


def task_figures(as_of: date, due_by: date | None = None) -> TaskFigures:
    """The report's task figures as of `as_of`; `due_by` defaults to the year's last day."""
    due_by = due_by or year_end(as_of)
    counts, _rows = task_summary(SYSTEM, SummaryQuery(as_of=as_of, due_by=due_by))
    parts = {
        "completed": counts.completed,
        "in_progress": counts.in_progress,
        "overdue": counts.overdue,
        "regular": counts.regular,
    }
    return TaskFigures(
        as_of=as_of,
        due_by=due_by,
        total=counts.total,
        **parts,
        falling_due=counts.due_by or 0,
        shares=shares_adding_up(parts),
    )
