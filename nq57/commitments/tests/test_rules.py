"""A commitment's judgement as a pure rule: kept when every link is met, broken when none is,
partly kept with the share otherwise."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nq57.commitments.choices import LinkKind, Outcome
from nq57.commitments.rules import (
    LinkFinding,
    judge,
    reaches,
    share_reaches,
    status_reaches,
)
from nq57.registry.choices import DatabaseStatus

findings = st.builds(
    LinkFinding,
    kind=st.sampled_from(LinkKind),
    label=st.text(max_size=5),
    promised=st.just(""),
    found=st.just(""),
    is_met=st.booleans(),
)


@given(st.lists(findings, min_size=1, max_size=40))
def test_exactly_one_outcome_matching_what_was_met(links: list[LinkFinding]) -> None:
    verdict = judge(links)
    met = sum(link.is_met for link in links)
    assert (verdict.met, verdict.total) == (met, len(links))
    if met == len(links):
        assert (verdict.outcome, verdict.share) == (Outcome.KEPT, Decimal("100.0"))
    elif met == 0:
        assert (verdict.outcome, verdict.share) == (Outcome.BROKEN, Decimal("0.0"))
    else:
        assert verdict.outcome == Outcome.PARTLY
        assert Decimal(0) < verdict.share < Decimal(100)


@given(st.lists(findings, min_size=1, max_size=40))
def test_the_share_is_the_met_fraction_to_one_decimal(links: list[LinkFinding]) -> None:
    verdict = judge(links)
    assert verdict.share == verdict.share.quantize(Decimal("0.1"))
    assert abs(verdict.share - Decimal(verdict.met) * 100 / len(links)) <= Decimal("0.05")


@given(st.lists(findings, min_size=1, max_size=20), st.randoms())
def test_the_order_of_links_changes_nothing(links: list[LinkFinding], rnd: object) -> None:
    shuffled = list(links)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert judge(shuffled) == judge(links)


@given(st.lists(findings, min_size=1, max_size=20))
def test_meeting_one_more_link_never_lowers_the_share(links: list[LinkFinding]) -> None:
    unmet = [i for i, link in enumerate(links) if not link.is_met]
    if not unmet:
        return
    better = list(links)
    first = better[unmet[0]]
    better[unmet[0]] = LinkFinding(first.kind, first.label, "", "", True)
    assert judge(better).share > judge(links).share


def test_one_of_three_is_a_third_rounded() -> None:
    links = [LinkFinding(LinkKind.TASK, str(i), "", "", i == 0) for i in range(3)]
    assert judge(links).share == Decimal("33.3")
    links = [LinkFinding(LinkKind.TASK, str(i), "", "", i < 2) for i in range(3)]
    assert judge(links).share == Decimal("66.7")


def test_nothing_to_measure_cannot_be_judged() -> None:
    with pytest.raises(ValueError, match="no links"):
        judge([])


def test_an_indicator_reaches_its_value_in_its_direction() -> None:
    assert reaches(Decimal(80), Decimal(80), higher_is_better=True)
    assert not reaches(Decimal("79.9"), Decimal(80), higher_is_better=True)
    assert reaches(Decimal(5), Decimal(8), higher_is_better=False)
    assert not reaches(None, Decimal(0), higher_is_better=True)


def test_a_database_further_along_meets_the_promise() -> None:
    assert status_reaches(DatabaseStatus.FORMED, DatabaseStatus.DEPLOYING)
    assert status_reaches(DatabaseStatus.DEPLOYING, DatabaseStatus.DEPLOYING)
    assert not status_reaches(DatabaseStatus.DEPLOYING, DatabaseStatus.FORMED)
    assert not status_reaches(None, DatabaseStatus.NOT_STARTED)


@given(st.integers(0, 10**9), st.integers(1, 10**9), st.decimals("0.1", "100", places=1))
def test_a_share_disbursed_is_met_exactly_at_the_promise(
    disbursed: int, approved: int, promised: Decimal
) -> None:
    assert share_reaches(disbursed, approved, promised) == (
        Decimal(disbursed) / Decimal(approved) * 100 >= promised
        or Decimal(disbursed) * 100 >= promised * approved
    )


def test_nothing_approved_cannot_be_met() -> None:
    assert not share_reaches(0, 0, Decimal("10.0"))
