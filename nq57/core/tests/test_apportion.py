"""Shares that add up (Hamilton's method) for any counts: exactly 100, each within one unit
of its exact value, a larger part never a smaller share."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nq57.core.apportion import shares_adding_up

counts = st.dictionaries(st.text(min_size=1, max_size=6), st.integers(0, 10**7), max_size=8)


@given(parts=counts, places=st.integers(0, 3))
def test_the_shares_add_up_to_exactly_a_hundred(parts: dict[str, int], places: int) -> None:
    found = shares_adding_up(parts, places)
    assert list(found) == list(parts)
    if sum(parts.values()):
        assert sum(found.values()) == 100
    else:
        assert all(value == 0 for value in found.values())
    assert all(value.as_tuple().exponent == -places for value in found.values())


@given(parts=counts, places=st.integers(0, 3))
def test_each_share_is_within_one_unit_of_its_exact_value(
    parts: dict[str, int], places: int
) -> None:
    whole = sum(parts.values())
    if not whole:
        return
    unit = Fraction(1, 10**places)
    for name, value in shares_adding_up(parts, places).items():
        exact = Fraction(parts[name] * 100, whole)
        assert abs(Fraction(value) - exact) < unit


@given(parts=counts)
def test_a_larger_part_never_has_a_smaller_share(parts: dict[str, int]) -> None:
    found = shares_adding_up(parts)
    for a in parts:
        for b in parts:
            if parts[a] > parts[b]:
                assert found[a] >= found[b]


def test_the_meeting_s_figures_add_up() -> None:
    # 4 December 2025: 601 completed, 404 in progress, 104 overdue, 178 regular of 1,287.
    # Rounded each on its own they read 46.7 + 31.4 + 8.1 + 13.8 = 100.0 here, but 1/3 each
    # of three parts rounds to 33.3 three times; the method gives one the last tenth.
    assert shares_adding_up({"a": 601, "b": 404, "c": 104, "d": 178}) == {
        "a": Decimal("46.7"),
        "b": Decimal("31.4"),
        "c": Decimal("8.1"),
        "d": Decimal("13.8"),
    }
    assert sorted(shares_adding_up({"x": 1, "y": 1, "z": 1}).values()) == [
        Decimal("33.3"),
        Decimal("33.3"),
        Decimal("33.4"),
    ]


def test_a_negative_part_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        shares_adding_up({"a": -1, "b": 2})
