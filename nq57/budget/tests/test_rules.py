"""The ledger's arithmetic as pure rules: amounts as people type them, the amount in force,
and sums that no order of entries changes."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nq57.budget.choices import Stage
from nq57.budget.rules import Figures, Line, figures, in_force, parse_amount
from nq57.core.exchange import CellError

amounts = st.integers(min_value=0, max_value=10**12)
START = date(2025, 1, 1)
days = st.integers(min_value=0, max_value=400).map(lambda n: START + timedelta(days=n))
keys = st.sampled_from(["BKHCN/NQ57", "BTC/NQ57", "01/DA06"])
lines = st.builds(
    Line,
    key=keys,
    stage=st.sampled_from(Stage.values),
    amount=st.integers(min_value=0, max_value=10**9),
    dated=days,
    order=st.integers(min_value=0, max_value=10**6),
)
# Record order is unique in a ledger (it is the entry's id).
ledgers = st.lists(lines, max_size=30, unique_by=lambda line: line.order)


def grouped(value: int, mark: str) -> str:
    return f"{value:,}".replace(",", mark)


@given(value=amounts, mark=st.sampled_from([".", ",", " ", "\u00a0"]))
def test_an_amount_grouped_any_way_people_group_it_reads_back(value: int, mark: str) -> None:
    assert parse_amount(grouped(value, mark)) == value
    assert parse_amount(str(value)) == value
    assert parse_amount(f"  {grouped(value, mark)} ") == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9.149", 9149),
        ("1.234.567", 1234567),
        ("1,234,567", 1234567),
        ("16 716 074", 16716074),
        ("14.797.456", 14797456),
        ("0", 0),
        (1918618, 1918618),
        (13659992.0, 13659992),
    ],
)
def test_the_amounts_of_the_contract(text: object, expected: int) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "12,5",
        "1.234,5",
        "1,234.567",
        "1.23.456",
        "12.34",
        "-5",
        "-1.000",
        "abc",
        "1e6",
        "1.234.56",
        "1..234",
        "١٢٣",
        12.5,
        True,
        float("nan"),
    ],
)
def test_what_is_not_a_whole_amount_is_refused_with_its_value(text: object) -> None:
    with pytest.raises(CellError):
        parse_amount(text)


@given(ledger=ledgers, as_of=days, data=st.data())
def test_any_order_of_entries_gives_the_same_figures(
    ledger: list[Line], as_of: date, data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(ledger))
    assert figures(shuffled, as_of) == figures(ledger, as_of)


@given(ledger=ledgers, as_of=days)
def test_the_amount_in_force_is_the_latest_on_or_before_the_day(
    ledger: list[Line], as_of: date
) -> None:
    for (key, stage), chosen in in_force(ledger, as_of).items():
        candidates = [
            line
            for line in ledger
            if (line.key, line.stage) == (key, stage) and line.dated <= as_of
        ]
        assert chosen.dated <= as_of
        assert max(candidates, key=lambda line: (line.dated, line.order)) == chosen


@given(
    ledger=ledgers,
    key=keys,
    stage=st.sampled_from([Stage.PROPOSED, Stage.APPROVED]),
    amount=amounts,
    as_of=days,
)
def test_a_later_revision_replaces_and_earlier_days_keep_the_old_amount(
    ledger: list[Line], key: str, stage: str, amount: int, as_of: date
) -> None:
    later = as_of + timedelta(days=1)
    revision = Line(key, stage, amount, later, order=10**7)
    before, after = figures(ledger, as_of), figures([*ledger, revision], later)
    field = "proposed" if stage == Stage.PROPOSED else "approved"
    assert getattr(after[key], field) == amount
    assert figures([*ledger, revision], as_of) == before


@given(ledger=ledgers, key=keys, amount=amounts, day=days, as_of=days)
def test_a_disbursement_adds_from_its_day(
    ledger: list[Line], key: str, amount: int, day: date, as_of: date
) -> None:
    paid = Line(key, Stage.DISBURSED, amount, day, order=10**7)
    before = figures(ledger, as_of).get(key, Figures())
    after = figures([*ledger, paid], as_of).get(key, Figures())
    assert after.disbursed == before.disbursed + (amount if day <= as_of else 0)
    assert (after.proposed, after.approved) == (before.proposed, before.approved)


@given(ledger=ledgers, as_of=days)
def test_unallocated_is_proposed_minus_approved(ledger: list[Line], as_of: date) -> None:
    for found in figures(ledger, as_of).values():
        assert found.unallocated == found.proposed - found.approved
        if found.approved:
            assert found.disbursement_rate == Decimal(found.disbursed) * 100 / Decimal(
                found.approved
            )
