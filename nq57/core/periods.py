"""Reporting periods: month `YYYYMM`, quarter `YYYYQn`, half-year `YYYYSn`, year `YYYY`.

Pure values and arithmetic, no database: a longer period covers the shorter ones inside it,
and every period of one kind tiles the calendar without gaps or overlaps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.utils.translation import gettext as _


class PeriodType(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"

    @property
    def months(self) -> int:
        return _MONTHS[self]


_MONTHS = {
    PeriodType.MONTH: 1,
    PeriodType.QUARTER: 3,
    PeriodType.HALF_YEAR: 6,
    PeriodType.YEAR: 12,
}
_SHAPES = (
    (re.compile(r"(\d{4})(0[1-9]|1[0-2])"), PeriodType.MONTH),
    (re.compile(r"(\d{4})Q([1-4])"), PeriodType.QUARTER),
    (re.compile(r"(\d{4})S([12])"), PeriodType.HALF_YEAR),
    (re.compile(r"(\d{4})"), PeriodType.YEAR),
)
MIN_YEAR, MAX_YEAR = 2000, 2100


class PeriodError(ValueError):
    """Text that is not a period code."""


@dataclass(frozen=True, order=True)
class Period:
    """A calendar period: its kind, year and number within the year (month 1–12, quarter
    1–4, half 1–2, year 1)."""

    year: int
    index: int
    type: PeriodType

    @property
    def code(self) -> str:
        if self.type is PeriodType.MONTH:
            return f"{self.year}{self.index:02d}"
        if self.type is PeriodType.QUARTER:
            return f"{self.year}Q{self.index}"
        if self.type is PeriodType.HALF_YEAR:
            return f"{self.year}S{self.index}"
        return f"{self.year}"

    @property
    def first_month(self) -> int:
        return (self.index - 1) * self.type.months + 1

    @property
    def start(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        """The last day of the period."""
        last = self.first_month + self.type.months - 1
        following = date(self.year + 1, 1, 1) if last == 12 else date(self.year, last + 1, 1)
        return following - timedelta(days=1)

    def covers(self, other: Period) -> bool:
        """Whether `other` lies within this period (a period covers itself)."""
        return self.start <= other.start and other.end <= self.end

    def containing(self) -> list[Period]:
        """This period and every longer one that covers it, shortest first."""
        return [
            period_of(self.start, kind) for kind in PeriodType if kind.months >= self.type.months
        ]

    def months(self) -> list[Period]:
        return [
            Period(self.year, month, PeriodType.MONTH)
            for month in range(self.first_month, self.first_month + self.type.months)
        ]

    def parts(self, kind: PeriodType) -> list[Period]:
        """The periods of `kind` that tile this one, in order (none when `kind` is longer)."""
        if kind.months > self.type.months:
            return []
        return [
            period_of(date(self.year, month, 1), kind)
            for month in range(self.first_month, self.first_month + self.type.months, kind.months)
        ]

    def previous(self) -> Period:
        return period_of(self.start - timedelta(days=1), self.type)

    @property
    def label(self) -> str:
        """How people name the period: "Tháng 11/2026", "Quý IV/2026", "Năm 2026"."""
        if self.type is PeriodType.MONTH:
            return _("Month %(month)s/%(year)s") % {"month": self.index, "year": self.year}
        if self.type is PeriodType.QUARTER:
            roman = ("I", "II", "III", "IV")[self.index - 1]
            return _("Quarter %(roman)s/%(year)s") % {"roman": roman, "year": self.year}
        if self.type is PeriodType.HALF_YEAR:
            if self.index == 1:
                return _("First half of %(year)s") % {"year": self.year}
            return _("Second half of %(year)s") % {"year": self.year}
        return _("Year %(year)s") % {"year": self.year}

    def __str__(self) -> str:
        return self.code


def parse_period(text: str) -> Period:
    """The period a code names: '202501', '2025Q1', '2025S1', '2025' (surrounding spaces and
    a lower-case q or s accepted)."""
    value = str(text).strip().upper()
    for shape, kind in _SHAPES:
        match = shape.fullmatch(value)
        if match:
            year = int(match[1])
            if not MIN_YEAR <= year <= MAX_YEAR:
                break
            return Period(year, int(match[2]) if kind is not PeriodType.YEAR else 1, kind)
    raise PeriodError(
        _("'%(text)s' is not a period (YYYYMM, YYYYQn, YYYYSn or YYYY, years %(first)s–%(last)s)")
        % {"text": text, "first": MIN_YEAR, "last": MAX_YEAR}
    )


def period_of(day: date, kind: PeriodType) -> Period:
    """The period of `kind` that holds `day`."""
    return Period(day.year, (day.month - 1) // kind.months + 1, kind)
