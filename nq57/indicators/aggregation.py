"""The arithmetic of indicators as plain functions: what a figure is, for any organisation,
group and period.

A value belongs to the organisation it is entered for. An organisation's own figure for a
period comes from its values of the periods inside it: their sum for a flow, the latest for a
stock (`contribution`). The figure of a scope (an organisation with everything below it, a
group, the nation) is the sum of its organisations' own figures (`element_total`); a ratio is
the sum of the numerators over the sum of the denominators, never a mean of percentages. The
rollups store these sums, kept current at every write, and the tests hold them to these
functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from nq57.core.periods import Period

from .choices import Direction, Formula, ProgressStatus, ScopeKind, TimeAggregation

NATIONAL = ""  # the key of the national scope


@dataclass(frozen=True)
class Entry:
    """One stored value of one data element."""

    org_path: str
    group: str
    period: Period
    value: Decimal


@dataclass(frozen=True)
class FigureScope:
    """Whose figure: an organisation's subtree (`key` its path), a group (`key` central or
    local), or the nation."""

    kind: ScopeKind
    key: str = NATIONAL

    def includes(self, org_path: str, group: str) -> bool:
        if self.kind == ScopeKind.ORG:
            return org_path.startswith(self.key)
        if self.kind == ScopeKind.GROUP:
            return group == self.key
        return True


def contribution(
    values: Iterable[tuple[Period, Decimal]], period: Period, how: TimeAggregation
) -> Decimal | None:
    """One organisation's own figure for `period` from its values of one data element: their
    sum, or the value of the latest period inside; None when it has none inside."""
    inside = [(entered, value) for entered, value in values if period.covers(entered)]
    if not inside:
        return None
    if how == TimeAggregation.SUM:
        return sum((value for _, value in inside), Decimal(0))
    # Latest by end date; of two periods ending together, the longer was reported for it.
    return max(inside, key=lambda item: (item[0].end, item[0].type.months))[1]


def element_total(
    entries: Iterable[Entry], period: Period, how: TimeAggregation, scope: FigureScope
) -> Decimal | None:
    """The figure of a data element for a scope: the sum of the own figures of the
    organisations in it; None when none of them has a value for the period."""
    by_org: dict[str, list[tuple[Period, Decimal]]] = {}
    for entry in entries:
        if scope.includes(entry.org_path, entry.group):
            by_org.setdefault(entry.org_path, []).append((entry.period, entry.value))
    total: Decimal | None = None
    for values in by_org.values():
        own = contribution(values, period, how)
        if own is not None:
            total = own if total is None else total + own
    return total


@dataclass(frozen=True)
class IndicatorFigure:
    """An indicator's value with the parts it was computed from."""

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


def indicator_figure(
    formula: Formula, totals: Sequence[Decimal | None], factor: Decimal = Decimal(1)
) -> IndicatorFigure:
    """The indicator from its data elements' totals, in the order the formula names them (a
    ratio: numerator, denominator). A ratio over a zero or missing denominator has no value."""
    if formula == Formula.RATIO:
        numerator, denominator = totals
        if numerator is None or denominator is None or denominator == 0:
            return IndicatorFigure(None, numerator, denominator)
        return IndicatorFigure(numerator / denominator * factor, numerator, denominator)
    if formula == Formula.SUM:
        present = [total for total in totals if total is not None]
        return IndicatorFigure(sum(present, Decimal(0)) if present else None)
    return IndicatorFigure(totals[0])


def rounded(value: Decimal | None, places: int = 2) -> Decimal | None:
    """Half up, as figures are quoted: 39.975 -> 39.98."""
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def progress_status(
    *,
    value: Decimal | None,
    direction: Direction,
    target: Decimal,
    target_on: date,
    baseline: Decimal | None,
    baseline_on: date | None,
    as_of: date,
) -> ProgressStatus | None:
    """Achieved when the value reaches the target; otherwise on track when it is at least
    where a straight line from the baseline to the target would be at `as_of`, off track when
    not. Without a value there is no judgement; without a baseline, only achieved or off
    track once the target date has come, on track before it."""
    if value is None:
        return None
    better = (lambda a, b: a >= b) if direction == Direction.HIGHER else (lambda a, b: a <= b)
    if better(value, target):
        return ProgressStatus.ACHIEVED
    if as_of >= target_on:
        return ProgressStatus.OFF_TRACK
    if baseline is None or baseline_on is None or baseline_on >= target_on:
        return ProgressStatus.ON_TRACK
    elapsed = max((as_of - baseline_on).days, 0)
    expected = baseline + (target - baseline) * Decimal(elapsed) / Decimal(
        (target_on - baseline_on).days
    )
    return ProgressStatus.ON_TRACK if better(value, expected) else ProgressStatus.OFF_TRACK
