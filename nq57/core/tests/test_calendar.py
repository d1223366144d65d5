"""Working days: weekends and Vietnamese public holidays are skipped."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from nq57.core.calendar import add_working_days, is_working_day, working_days_between
from nq57.core.text import fold_accents, name_key

days = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))


@given(days, st.integers(min_value=-60, max_value=60))
def test_adding_working_days_lands_on_a_working_day_that_many_away(start: date, count: int) -> None:
    end = add_working_days(start, count)
    if count != 0:
        assert is_working_day(end)
    assert working_days_between(start, end) == count


@given(days, st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=40))
def test_adding_more_working_days_never_lands_earlier(start: date, a: int, b: int) -> None:
    low, high = sorted((a, b))
    if low < high:
        assert add_working_days(start, low) < add_working_days(start, high)


def test_known_holidays() -> None:
    assert not is_working_day(date(2025, 9, 2))  # National Day
    assert not is_working_day(date(2025, 1, 29))  # Tết Ất Tỵ
    assert not is_working_day(date(2025, 4, 30))  # Reunification Day
    assert not is_working_day(date(2025, 6, 7))  # a Saturday
    assert is_working_day(date(2025, 6, 9))
    assert add_working_days(date(2025, 8, 29), 1) == date(2025, 9, 3)


@given(st.text())
def test_folding_is_idempotent_and_accent_free(text: str) -> None:
    folded = fold_accents(text)
    assert fold_accents(folded) == folded
    assert name_key(name_key(text)) == name_key(text)


def test_folding_vietnamese() -> None:
    assert fold_accents("Chuyển Đổi Số") == "chuyen doi so"
    assert fold_accents("Nghị quyết  57") == "nghi quyet 57"
