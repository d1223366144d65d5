"""The evaluation's rules: every score in exactly one band, a higher score never in a lower
band, thresholds that must fall as the bands do, weights renormalised over the criteria with
data, the proposals and their reasons, and a scheme file's mistakes named by version and field."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nq57.evaluation.rules import (
    CRITERIA,
    Band,
    Facts,
    SchemeError,
    band_of,
    criticism_reasons,
    reward_reasons,
    scheme_from,
    scheme_on,
    schemes_from,
    score_of,
)
from nq57.evaluation.services import BANDS_FILE

ORDER = [Band.EXCELLENT, Band.GOOD, Band.DONE, Band.NOT_DONE]  # best first


def scheme_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": "T.1",
        "valid_from": "2025-01-01",
        "source": "test",
        "weights": {"tasks": 40, "indicators": 20, "budget": 40},
        "thresholds": {"excellent": 90, "good": 75, "done": 50},
        "criticism": {"overdue_tasks": 3, "broken_commitments": 0},
    }
    data.update(changes)
    return data


thresholds = st.lists(
    st.decimals(min_value=0, max_value=100, places=2), min_size=3, max_size=3, unique=True
).map(lambda values: sorted(values, reverse=True))
scores = st.decimals(min_value=0, max_value=100, places=2)


@given(thresholds, scores)
def test_every_score_falls_in_exactly_one_band(lowest: list[Decimal], score: Decimal) -> None:
    scheme = scheme_from(
        scheme_data(
            thresholds=dict(zip(("excellent", "good", "done"), map(str, lowest), strict=True))
        )
    )
    band = band_of(score, scheme)
    # Exactly one: the band's lowest score is reached, the better band's is not.
    reached = [b for b, low in zip(ORDER, [*lowest, Decimal(0)], strict=True) if score >= low]
    assert reached[0] == band
    assert [b for b in ORDER if b == band] == [band]


@given(thresholds, scores, scores)
def test_a_higher_score_never_gets_a_lower_band(
    lowest: list[Decimal], one: Decimal, other: Decimal
) -> None:
    scheme = scheme_from(
        scheme_data(
            thresholds=dict(zip(("excellent", "good", "done"), map(str, lowest), strict=True))
        )
    )
    low, high = sorted((one, other))
    assert ORDER.index(band_of(high, scheme)) <= ORDER.index(band_of(low, scheme))


@given(st.lists(st.integers(min_value=0, max_value=100), min_size=3, max_size=3))
def test_thresholds_that_do_not_fall_strictly_are_refused(values: list[int]) -> None:
    data = scheme_data(thresholds=dict(zip(("excellent", "good", "done"), values, strict=True)))
    if values[0] > values[1] > values[2]:
        assert scheme_from(data).thresholds["good"] == values[1]
    else:
        with pytest.raises(SchemeError, match=r"scheme T\.1, field 'thresholds'"):
            scheme_from(data)


@given(
    st.fixed_dictionaries(
        {name: st.none() | st.decimals(min_value=0, max_value=100, places=2) for name in CRITERIA}
    ),
    st.fixed_dictionaries({name: st.integers(min_value=0, max_value=50) for name in CRITERIA}),
)
def test_weights_are_renormalised_over_the_criteria_with_data(
    components: dict[str, Decimal | None], weights: dict[str, int]
) -> None:
    score = score_of(components, weights)
    if not score.applied:
        assert score.value is None
        return
    assert sum(score.applied.values()) == pytest.approx(Decimal(100))
    assert score.value is not None
    present = [value for name in score.applied if (value := components[name]) is not None]
    assert min(present) <= score.value <= max(present)
    for name in score.not_applicable:
        assert components[name] is None
        assert weights[name] > 0


def test_a_missing_criterion_is_said_and_does_not_pull_the_score_down() -> None:
    weights = {"tasks": 60, "budget": 40}
    score = score_of({"tasks": Decimal(80), "budget": None}, weights)
    assert score.value == Decimal(80)
    assert score.not_applicable == ("budget",)
    assert score.applied == {"tasks": Decimal(100)}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"valid_from": "31/12/2025"}, "field 'valid_from'"),
        ({"weights": {"tasks": 101}}, "field 'weights.tasks'"),
        ({"weights": {"luck": 10}}, "field 'weights.luck'"),
        ({"weights": {"tasks": 0}}, "field 'weights'"),
        ({"thresholds": {"excellent": 90, "good": 75}}, "field 'thresholds'"),
        ({"thresholds": {"excellent": "x", "good": 75, "done": 5}}, "field 'thresholds.excellent'"),
        ({"thresholds": {"excellent": 120, "good": 75, "done": 5}}, "field 'thresholds.excellent'"),
        ({"criticism": {"overdue_tasks": -1}}, "field 'criticism.overdue_tasks'"),
        ({"source": ""}, "field 'source'"),
    ],
)
def test_a_wrong_scheme_is_refused_naming_version_and_field(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(SchemeError, match=r"^scheme T\.1, " + message.replace(".", r"\.")):
        scheme_from(scheme_data(**changes))


def test_a_version_stated_twice_is_refused() -> None:
    with pytest.raises(SchemeError, match=r"scheme T\.1, field 'version': stated twice"):
        schemes_from({"schemes": [scheme_data(), scheme_data()]})


def test_the_shipped_file_is_valid_and_task_results_weigh_most() -> None:
    (scheme,) = schemes_from(json.loads(BANDS_FILE.read_text(encoding="utf-8")))
    assert max(scheme.weights, key=lambda name: scheme.weights[name]) == "tasks"


def test_the_scheme_in_force_is_the_latest_valid_by_the_day() -> None:
    old = scheme_from(scheme_data(version="A", valid_from="2025-01-01"))
    new = scheme_from(scheme_data(version="B", valid_from="2026-01-01"))
    assert scheme_on([new, old], date(2025, 12, 31)) == old
    assert scheme_on([new, old], date(2026, 1, 1)) == new
    assert scheme_on([new, old], date(2024, 12, 31)) is None


def test_proposals_name_their_figures() -> None:
    scheme = scheme_from(scheme_data())
    top = Facts(Band.EXCELLENT, Decimal("95.00"), {"tasks": Decimal(95)}, 0, 0)
    assert [r.code for r in reward_reasons(top)] == ["band", "criterion:tasks"]
    assert criticism_reasons(top, scheme) == []
    # Top band yet too many overdue tasks: criticised for that, with the count and the limit.
    late = Facts(Band.EXCELLENT, Decimal("95.00"), {}, 4, 1)
    reasons = criticism_reasons(late, scheme)
    assert [(r.code, r.figures) for r in reasons] == [
        ("overdue_tasks", {"count": 4, "limit": 3}),
        ("broken_commitments", {"count": 1, "limit": 0}),
    ]
    low = Facts(Band.NOT_DONE, Decimal("10.00"), {}, 0, None)
    assert [r.code for r in criticism_reasons(low, scheme)] == ["band"]
    assert reward_reasons(low) == []
