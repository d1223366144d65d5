"""The quality arithmetic as pure functions, with Hypothesis: a score lies within its grade's
band, the weights sum as stated, re-scoring the same evidence gives the same grade, the order
of the evidence does not matter, more passing records never lower a score."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nq57.registry.quality.methods import METHODS_FILE
from nq57.registry.quality.rules import (
    CRITERIA,
    Evidence,
    Method,
    MethodError,
    band_of,
    criterion_score,
    method_from,
    score,
)

ENTRIES = json.loads(METHODS_FILE.read_text(encoding="utf-8"))
METHODS = [method_from(entry["code"], entry["definition"]) for entry in ENTRIES]


@st.composite
def evidence(draw: st.DrawFn) -> Evidence:
    checked = draw(st.integers(0, 10_000_000))
    return Evidence(draw(st.sampled_from(CRITERIA)), checked, draw(st.integers(0, checked)))


def test_the_shipped_methods_differ_and_their_weights_sum_to_100() -> None:
    assert [m.code for m in METHODS] == ["2025-pilot", "2026"]
    assert all(sum(m.weights.values()) == 100 for m in METHODS)
    assert METHODS[0].weights != METHODS[1].weights
    assert METHODS[1].weights == {
        "correct": 25, "sufficient": 20, "clean": 15, "live": 15, "unified": 15, "shared": 10,
    }  # fmt: skip
    assert [(b.grade, b.minimum) for b in METHODS[1].bands] == [
        ("A", 90), ("B", 75), ("C", 50), ("D", 0),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["criteria"]["shared"].update(weight=11),  # 101
        lambda d: d["criteria"].pop("live"),
        lambda d: d["bands"].pop(),  # no band from 0
        lambda d: d["criteria"]["correct"].update(weight=True),
    ],
)
def test_a_method_that_breaks_the_rules_is_refused(change: object) -> None:
    definition = json.loads(json.dumps(ENTRIES[1]["definition"]))
    change(definition)  # type: ignore[operator]
    with pytest.raises(MethodError):
        method_from("bad", definition)


@given(st.lists(evidence(), max_size=30), st.sampled_from(METHODS))
def test_a_score_lies_within_its_band_and_rescoring_gives_the_same_grade(
    found: list[Evidence], method: object
) -> None:
    result = score(method, found)  # type: ignore[arg-type]
    low, high = band_of(method, result.grade)  # type: ignore[arg-type]
    assert low <= result.score
    assert high is None or result.score < high
    assert Decimal(0) <= result.score <= Decimal(100)
    assert score(method, list(found)) == result  # type: ignore[arg-type]


@given(st.lists(evidence(), max_size=30), st.sampled_from(METHODS), st.randoms())
def test_the_order_of_the_evidence_does_not_matter(
    found: list[Evidence], method: object, rng: object
) -> None:
    shuffled = list(found)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert score(method, shuffled) == score(method, found)  # type: ignore[arg-type]


@given(
    st.lists(evidence(), max_size=20),
    st.sampled_from(METHODS),
    st.sampled_from(CRITERIA),
    st.integers(1, 1_000_000),
)
def test_adding_passing_records_never_lowers_a_score(
    found: list[Evidence], method: object, criterion: str, more: int
) -> None:
    before = score(method, found)  # type: ignore[arg-type]
    after = score(method, [*found, Evidence(criterion, more, more)])  # type: ignore[arg-type]
    assert after.score >= before.score
    assert after.criteria[criterion] is not None


@given(st.sampled_from(METHODS))
def test_a_criterion_without_evidence_scores_0_and_says_so(method: object) -> None:
    result = score(method, [Evidence("correct", 100, 100)])  # type: ignore[arg-type]
    assert result.criteria["live"] is None
    assert result.score == Decimal(method.weights["correct"])  # type: ignore[attr-defined]
    assert criterion_score(0, 0) is None
    assert criterion_score(3, 2) == Decimal("66.67")


@given(st.integers(1, 10**12), st.data())
def test_the_whole_number_share_is_the_decimal_one(checked: int, data: st.DataObject) -> None:
    from decimal import ROUND_HALF_UP, Decimal

    from nq57.registry.quality.rules import criterion_score

    passing = data.draw(st.integers(0, checked))
    exact = (Decimal(passing) * 100 / Decimal(checked)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert criterion_score(checked, passing) == exact


@given(st.lists(evidence(), max_size=30), st.sampled_from(METHODS))
def test_the_score_is_the_weighted_sum_of_the_criteria_to_the_hundredth(
    found: list[Evidence], method: Method
) -> None:
    from decimal import ROUND_HALF_UP

    scored = score(method, found)
    weighted = sum(
        (Decimal(method.weights[name]) * (scored.criteria[name] or 0) for name in method.weights),
        Decimal(0),
    )
    exact = (weighted / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert scored.score == exact
