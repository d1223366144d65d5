"""The arithmetic of indicators, checked on random values: subtrees, periods, ratios, groups."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from nq57.core.periods import Period, PeriodType, parse_period
from nq57.indicators.aggregation import (
    NATIONAL,
    Entry,
    FigureScope,
    contribution,
    element_total,
    indicator_figure,
    progress_status,
)
from nq57.indicators.choices import Direction, Formula, ProgressStatus, ScopeKind, TimeAggregation

# A small tree: a province with two communes, a ministry with a unit.
ORGS = {
    "/01/": "local",
    "/01/00004/": "local",
    "/01/00008/": "local",
    "/BKHCN/": "central",
    "/BKHCN/U1/": "central",
}
MONTHS_2025 = [Period(2025, month, PeriodType.MONTH) for month in range(1, 13)]
NATION = FigureScope(ScopeKind.NATIONAL, NATIONAL)

amounts = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)
entries = st.lists(
    st.builds(
        lambda path, period, value: Entry(path, ORGS[path], period, value),
        st.sampled_from(sorted(ORGS)),
        st.sampled_from(MONTHS_2025),
        amounts,
    ),
    max_size=40,
    unique_by=lambda e: (e.org_path, e.period),
)
how = st.sampled_from(list(TimeAggregation))
year = parse_period("2025")


def zero(value: Decimal | None) -> Decimal:
    return value if value is not None else Decimal(0)


@given(entries, how)
def test_a_subtree_is_its_own_values_plus_its_childrens_subtrees(
    values: list[Entry], over_time: TimeAggregation
) -> None:
    province = element_total(values, year, over_time, FigureScope(ScopeKind.ORG, "/01/"))
    own = contribution(
        [(e.period, e.value) for e in values if e.org_path == "/01/"], year, over_time
    )
    children = [
        element_total(values, year, over_time, FigureScope(ScopeKind.ORG, path))
        for path in ("/01/00004/", "/01/00008/")
    ]
    assert zero(province) == zero(own) + sum(zero(c) for c in children)
    assert (province is None) == (own is None and all(c is None for c in children))


@given(entries)
def test_a_flow_over_a_year_is_the_sum_of_its_quarters_and_of_its_months(
    values: list[Entry],
) -> None:
    def total(period: Period) -> Decimal:
        return zero(element_total(values, period, TimeAggregation.SUM, NATION))

    quarters = [Period(2025, q, PeriodType.QUARTER) for q in range(1, 5)]
    halves = [Period(2025, h, PeriodType.HALF_YEAR) for h in range(1, 3)]
    assert total(year) == sum(map(total, quarters)) == sum(map(total, halves))
    assert total(year) == sum(map(total, MONTHS_2025)) == sum(e.value for e in values)


@given(entries)
def test_a_stock_is_each_organisations_latest_value_summed(values: list[Entry]) -> None:
    latest: dict[str, Entry] = {}
    for entry in values:
        if entry.org_path not in latest or entry.period > latest[entry.org_path].period:
            latest[entry.org_path] = entry
    expected = sum((e.value for e in latest.values()), Decimal(0)) if latest else None
    assert element_total(values, year, TimeAggregation.LAST, NATION) == expected
    # A quarter's stock is the latest within the quarter only.
    q1 = parse_period("2025Q1")
    in_q1 = [e for e in values if q1.covers(e.period)]
    assert element_total(values, q1, TimeAggregation.LAST, NATION) == element_total(
        in_q1, year, TimeAggregation.LAST, NATION
    )


@given(entries, how)
def test_the_nation_is_the_central_group_plus_the_local_group(
    values: list[Entry], over_time: TimeAggregation
) -> None:
    central = element_total(values, year, over_time, FigureScope(ScopeKind.GROUP, "central"))
    local = element_total(values, year, over_time, FigureScope(ScopeKind.GROUP, "local"))
    assert zero(element_total(values, year, over_time, NATION)) == zero(central) + zero(local)


pairs = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=10**6)
    ).map(lambda p: (min(p), max(p))),
    min_size=1,
    max_size=20,
)


@given(pairs)
def test_a_ratio_is_the_sum_of_numerators_over_the_sum_of_denominators(
    parts: list[tuple[int, int]],
) -> None:
    numerator = Decimal(sum(top for top, _ in parts))
    denominator = Decimal(sum(bottom for _, bottom in parts))
    figure = indicator_figure(Formula.RATIO, [numerator, denominator], Decimal(100))
    assert figure.value == numerator / denominator * 100
    assert (figure.numerator, figure.denominator) == (numerator, denominator)
    assert Decimal(0) <= figure.value <= Decimal(100)


def test_a_ratio_is_not_the_mean_of_the_percentages() -> None:
    # A large ministry at 60% and a small one at 10%: 610 of 1,100 is 55.45%, not 35%.
    figure = indicator_figure(Formula.RATIO, [Decimal(610), Decimal(1100)], Decimal(100))
    assert figure.value is not None
    assert round(figure.value, 2) == Decimal("55.45")
    assert indicator_figure(Formula.RATIO, [Decimal(5), Decimal(0)], Decimal(100)).value is None
    assert indicator_figure(Formula.RATIO, [None, Decimal(3)]).value is None


def test_a_sum_formula_adds_the_elements_present() -> None:
    figure = indicator_figure(Formula.SUM, [Decimal(2), None, Decimal(5)])
    assert figure.value == 7
    assert indicator_figure(Formula.SUM, [None, None]).value is None


@given(
    st.decimals(min_value=0, max_value=100, places=2),
    st.decimals(min_value=0, max_value=50, places=2),
    st.integers(min_value=0, max_value=365),
)
def test_progress_follows_the_straight_line_from_baseline_to_target(
    value: Decimal, baseline: Decimal, day: int
) -> None:
    start, end = date(2025, 1, 1), date(2026, 1, 1)
    as_of = date.fromordinal(start.toordinal() + day)
    status = progress_status(
        value=value,
        direction=Direction.HIGHER,
        target=Decimal(80),
        target_on=end,
        baseline=baseline,
        baseline_on=start,
        as_of=as_of,
    )
    line = baseline + (80 - baseline) * Decimal(day) / Decimal((end - start).days)
    if value >= 80:
        assert status == ProgressStatus.ACHIEVED
    elif value >= line:
        assert status == ProgressStatus.ON_TRACK
    else:
        assert status == ProgressStatus.OFF_TRACK


def test_lower_is_better_reverses_the_judgement() -> None:
    def judge(value: int | None, as_of: date) -> ProgressStatus | None:
        return progress_status(
            value=None if value is None else Decimal(value),
            direction=Direction.LOWER,
            target=Decimal(100),
            target_on=date(2025, 12, 31),
            baseline=Decimal(1000),
            baseline_on=date(2024, 12, 31),
            as_of=as_of,
        )

    assert judge(90, date(2025, 6, 30)) == ProgressStatus.ACHIEVED
    assert judge(500, date(2025, 6, 30)) == ProgressStatus.ON_TRACK  # the line is at ~554
    assert judge(600, date(2025, 6, 30)) == ProgressStatus.OFF_TRACK
    assert judge(101, date(2025, 12, 31)) == ProgressStatus.OFF_TRACK
    assert judge(None, date(2025, 6, 30)) is None
