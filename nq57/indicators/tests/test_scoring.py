"""The composite ranking's arithmetic: bounds, weights, missing components (its ties are
tested with the ranking, in nq57/web/tests/test_composite.py)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from nq57.indicators.choices import Direction
from nq57.indicators.scoring import (
    COMPONENTS,
    attainment,
    composite,
    share,
)

percent = st.decimals(min_value=0, max_value=100, places=2)
components = st.fixed_dictionaries({name: st.none() | percent for name in COMPONENTS})
weights = st.fixed_dictionaries({name: st.integers(0, 100) for name in COMPONENTS})


@given(components, weights)
def test_the_score_is_a_weighted_mean_of_the_components_present(
    parts: dict[str, Decimal | None], weight: dict[str, int]
) -> None:
    score = composite(parts, weight)
    used = {k: v for k, v in parts.items() if v is not None and weight[k] > 0}
    if not used:
        assert score is None
        return
    assert score is not None
    assert min(used.values()) <= score <= max(used.values())
    expected = sum(Decimal(weight[k]) * v for k, v in used.items()) / sum(weight[k] for k in used)
    assert score == expected


@given(components, weights, st.integers(1, 5))
def test_scaling_every_weight_changes_nothing(
    parts: dict[str, Decimal | None], weight: dict[str, int], factor: int
) -> None:
    assert composite(parts, weight) == composite(parts, {k: w * factor for k, w in weight.items()})


@given(
    st.decimals(min_value=0, max_value=10**6, places=2),
    st.decimals(min_value=1, max_value=10**6, places=2),
    st.sampled_from(list(Direction)),
)
def test_attainment_is_a_share_that_is_full_at_the_target(
    value: Decimal, target: Decimal, direction: Direction
) -> None:
    reached = attainment(value, target, direction)
    assert Decimal(0) <= reached <= 100
    met = value >= target if direction == Direction.HIGHER else value <= target
    assert (reached == 100) == (met or (direction == Direction.HIGHER and value == target))


def test_attainment_examples() -> None:
    assert attainment(Decimal("39.98"), Decimal(80), Direction.HIGHER) == Decimal("49.975")
    assert attainment(Decimal(200), Decimal(100), Direction.LOWER) == 50
    assert share(3, 4) == 75
    assert share(0, 0) is None
