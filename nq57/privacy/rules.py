"""Pure rules of personal-data protection: the 72-hour clock of a breach and the due time of
a data-subject request. Plain values in, plain values out: no database, no clock.

Decree 13/2023/NĐ-CP, Article 23: the controller notifies the Ministry of Public Security's
cybersecurity department (A05) of a breach within 72 hours of becoming aware of it, and a
later notification says why it is late. Articles 14 and 16 give a controller 72 hours to
give a data subject a copy of their data or delete it; the portal answers every request
within NQ57_DATA_REQUEST_HOURS (72 by default) of its receipt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from .choices import ClockState

NOTIFY_WITHIN = timedelta(hours=72)
HOUR = timedelta(hours=1)


def whole_hours(span: timedelta) -> int:
    """A non-negative span in hours, a started hour counting as one (30 minutes: 1)."""
    return max(0, math.ceil(span / HOUR))


def notification_deadline(discovered_at: datetime) -> datetime:
    """The last moment the authority may be notified in time."""
    return discovered_at + NOTIFY_WITHIN


def notified_late(discovered_at: datetime, notified_at: datetime) -> bool:
    """Whether a notification came after the 72 hours (and must say why)."""
    return notified_at > notification_deadline(discovered_at)


@dataclass(frozen=True)
class ClockReading:
    """A breach's clock at one moment: its state, and the hours left before the deadline
    (while running) or past it (overdue, or notified late)."""

    state: ClockState
    hours_left: int = 0
    hours_overdue: int = 0


def clock_at(discovered_at: datetime, notified_at: datetime | None, at: datetime) -> ClockReading:
    """The breach's clock as of `at`. Once notified, the clock stops at the notification."""
    deadline = notification_deadline(discovered_at)
    if notified_at is not None and notified_at <= at:
        if notified_at > deadline:
            return ClockReading(
                ClockState.NOTIFIED_LATE, hours_overdue=whole_hours(notified_at - deadline)
            )
        return ClockReading(ClockState.NOTIFIED)
    if at > deadline:
        return ClockReading(ClockState.OVERDUE, hours_overdue=whole_hours(at - deadline))
    return ClockReading(ClockState.RUNNING, hours_left=whole_hours(deadline - at))


def request_due(received_at: datetime, hours: int) -> datetime:
    """When a data-subject request received at `received_at` must be answered."""
    return received_at + timedelta(hours=hours)


def request_overdue(due_at: datetime, *, is_open: bool, at: datetime) -> bool:
    """An open request past its due time."""
    return is_open and at > due_at
