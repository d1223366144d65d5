"""The readiness arithmetic: each component a share of its own counts, the score a weighted
mean that stays between its components and never falls when one of them rises; the method
file weighs exactly the components."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nq57.registry.readiness.method import method_from, readiness_method
from nq57.registry.readiness.rules import (
    COMPONENTS,
    ReadinessCounts,
    components,
    readiness_score,
)


@st.composite
def counts(draw: st.DrawFn) -> ReadinessCounts:
    def part_of(whole: int) -> int:
        return draw(st.integers(0, whole))

    databases = draw(st.integers(0, 60))
    due = draw(st.integers(0, 40))
    answered = draw(st.integers(0, 40))

    scores = draw(st.lists(st.integers(0, 10_000).map(lambda n: Decimal(n) / 100), max_size=8))
    granted = part_of(answered)
    refused = answered - granted
    return ReadinessCounts(
        databases=databases,
        formed=part_of(databases),
        connected=part_of(databases),
        assessed=len(scores),
        quality_total=sum(scores, Decimal(0)),
        due=due,
        on_time=part_of(due),
        answered=answered,
        granted=granted,
        refused=refused,
        overruled=part_of(refused),
    )


weights = st.lists(st.integers(0, 100), min_size=len(COMPONENTS), max_size=len(COMPONENTS)).map(
    lambda values: dict(zip(COMPONENTS, values, strict=True))
)


@given(counts())
def test_every_component_is_a_share_or_nothing_to_measure(found: ReadinessCounts) -> None:
    parts = components(found)
    assert set(parts) == set(COMPONENTS)
    for value in parts.values():
        assert value is None or 0 <= value <= 100
    assert (parts["formed"] is None) == (found.databases == 0)
    assert (parts["on_time"] is None) == (found.due == 0)
    assert (parts["quality"] is None) == (found.assessed == 0)


@given(counts(), weights)
def test_the_score_lies_between_the_components_it_weighs(
    found: ReadinessCounts, weighed: dict[str, int]
) -> None:
    score = readiness_score(found, weighed)
    present = [v for k, v in components(found).items() if v is not None and weighed[k] > 0]
    if not present:
        assert score is None
    else:
        assert score is not None
        # Decimal division rounds at the context's 28 significant digits, so a weighted mean
        # of equal shares (100/11 each, say) may differ from them in that last digit.
        slack = Decimal("1e-20")
        assert min(present) - slack <= score <= max(present) + slack


@given(counts(), st.sampled_from(["formed", "connected"]))
def test_one_more_database_formed_or_connected_never_lowers_the_score(
    found: ReadinessCounts, field: str
) -> None:
    if getattr(found, field) >= found.databases:
        return
    better = replace(found, **{field: getattr(found, field) + 1})
    weighed = readiness_method().weights
    before, after = readiness_score(found, weighed), readiness_score(better, weighed)
    assert before is not None
    assert after is not None
    assert after >= before


def test_the_shipped_method_weighs_every_component_to_a_hundred() -> None:
    method = readiness_method()
    assert set(method.weights) == set(COMPONENTS)
    assert sum(method.weights.values()) == 100
    assert method.code


@pytest.mark.parametrize(
    "weights",
    [
        dict.fromkeys(COMPONENTS, 20),  # 120
        {**dict.fromkeys(COMPONENTS[:5], 20)},  # a component missing
        {**dict.fromkeys(COMPONENTS, 0), "formed": 100, "other": 0},
        {**dict.fromkeys(COMPONENTS, 0), "formed": 101, "quality": -1},
        {**dict.fromkeys(COMPONENTS, 0), "formed": 99.5, "quality": 0.5},
    ],
)
def test_a_method_that_does_not_weigh_exactly_the_components_to_a_hundred_is_refused(
    weights: dict[str, object],
) -> None:
    with pytest.raises(ValueError, match="weight"):
        method_from({"code": "x", "weights": weights})
