"""Reporting periods: codes, calendars, and which period covers which."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from nq57.core.periods import Period, PeriodError, PeriodType, parse_period, period_of

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
kinds = st.sampled_from(list(PeriodType))


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("202501", date(2025, 1, 1), date(2025, 1, 31)),
        ("202402", date(2024, 2, 1), date(2024, 2, 29)),
        ("2025Q3", date(2025, 7, 1), date(2025, 9, 30)),
        ("2025S2", date(2025, 7, 1), date(2025, 12, 31)),
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
        (" 2025q4 ", date(2025, 10, 1), date(2025, 12, 31)),
    ],
)
def test_codes_name_their_days(code: str, start: date, end: date) -> None:
    period = parse_period(code)
    assert (period.start, period.end) == (start, end)
    assert parse_period(period.code) == period


@pytest.mark.parametrize("code", ["202513", "2025Q5", "2025S3", "25", "2025-01", "", "1999"])
def test_other_text_is_refused(code: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(code)


@given(days, kinds)
def test_each_kind_tiles_the_calendar(day: date, kind: PeriodType) -> None:
    period = period_of(day, kind)
    assert period.start <= day <= period.end
    assert parse_period(period.code) == period
    if period.end < date(2100, 12, 31):
        following = period_of(period.end + timedelta(days=1), kind)
        assert following.start == period.end + timedelta(days=1)
        assert following.previous() == period


@given(days, kinds, kinds)
def test_a_longer_period_covers_exactly_the_shorter_ones_inside_it(
    day: date, longer: PeriodType, shorter: PeriodType
) -> None:
    outer, inner = period_of(day, longer), period_of(day, shorter)
    assert outer.covers(inner) == (longer.months >= shorter.months)
    assert inner in inner.containing() or shorter.months > 12
    assert all(p.covers(inner) for p in inner.containing())
    assert len(inner.containing()) == sum(1 for k in PeriodType if k.months >= shorter.months)
    assert (
        sum((m.end - m.start).days + 1 for m in outer.months())
        == (outer.end - outer.start).days + 1
    )


def test_a_year_holds_its_months_in_order() -> None:
    assert [m.code for m in Period(2025, 1, PeriodType.YEAR).months()][:3] == [
        "202501",
        "202502",
        "202503",
    ]


@pytest.mark.parametrize(
    ("code", "vietnamese", "english"),
    [
        ("202611", "Tháng 11/2026", "Month 11/2026"),
        ("2026Q4", "Quý IV/2026", "Quarter IV/2026"),
        ("2026Q1", "Quý I/2026", "Quarter I/2026"),
        ("2026S1", "6 tháng đầu năm 2026", "First half of 2026"),
        ("2026S2", "6 tháng cuối năm 2026", "Second half of 2026"),
        ("2026", "Năm 2026", "Year 2026"),
    ],
)
def test_a_period_is_named_as_people_name_it(code: str, vietnamese: str, english: str) -> None:
    with translation.override("vi"):
        assert parse_period(code).label == vietnamese
    with translation.override("en"):
        assert parse_period(code).label == english


@pytest.mark.parametrize("outer", ["2026", "2026S2", "2026Q3", "202607"])
@pytest.mark.parametrize("kind", list(PeriodType))
def test_the_parts_of_a_period_tile_it(outer: str, kind: PeriodType) -> None:
    period = parse_period(outer)
    parts = period.parts(kind)
    if kind.months > period.type.months:
        assert parts == []
        return
    assert parts[0].start == period.start
    assert parts[-1].end == period.end
    assert all(a.end + timedelta(days=1) == b.start for a, b in itertools.pairwise(parts))
    assert all(part.type is kind for part in parts)
