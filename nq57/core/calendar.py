"""Working days in Viet Nam: weekends and public holidays (including Tết) are not working days."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> frozenset[date]:
    # `holidays` loads every country's calendar module: imported on the first date asked,
    # not with the process (it was a tenth of a worker's start-up).
    import holidays

    return frozenset(holidays.country_holidays("VN", years=year).keys())


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Vietnamese public holiday."""
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def add_working_days(start: date, count: int) -> date:
    """The day `count` working days after `start` (before it when `count` is negative)."""
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    day = start
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """The signed number of working-day steps from `start` to `end`, the inverse of
    `add_working_days`: working days in (start, end], or minus those in [end, start)."""
    if end >= start:
        span = (start + timedelta(days=n) for n in range(1, (end - start).days + 1))
        return sum(1 for day in span if is_working_day(day))
    back = (end + timedelta(days=n) for n in range((start - end).days))
    return -sum(1 for day in back if is_working_day(day))
