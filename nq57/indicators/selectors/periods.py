"""Periods as the indicator pages offer them: chosen from a list of named periods ("Tháng
11/2026", "Quý IV/2026", "Năm 2026"), never typed as codes, and the latest period that has
data, where the pages open."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from nq57.core.periods import Period, PeriodType, parse_period, period_of

from ..aggregation import NATIONAL
from ..choices import ScopeKind
from ..models import Indicator, IndicatorTerm, ValueRollup


@dataclass(frozen=True)
class PeriodOption:
    """One choice of a period list: the code sent, the name shown."""

    code: str
    label: str


@dataclass(frozen=True)
class PeriodGroup:
    """The periods of one kind, latest first, under the kind's name."""

    label: str
    options: list[PeriodOption]


def _kind_labels() -> dict[PeriodType, str]:
    return {
        PeriodType.YEAR: _("Years"),
        PeriodType.HALF_YEAR: _("Half-years"),
        PeriodType.QUARTER: _("Quarters"),
        PeriodType.MONTH: _("Months"),
    }


def kinds_from(shortest: PeriodType | str) -> list[PeriodType]:
    """`shortest` and every longer kind of period."""
    months = PeriodType(shortest).months
    return [kind for kind in PeriodType if kind.months >= months]


def period_options(
    kinds: Collection[PeriodType | str],
    *,
    today: date,
    selected: Period | None = None,
    years_back: int = 2,
    years_ahead: int = 0,
    started_only: bool = True,
) -> list[PeriodGroup]:
    """The periods of `kinds` from `years_back` years before today's to `years_ahead`
    after (only those begun by today when `started_only`), longest kinds first, latest
    first; the selected period is always among them."""
    wanted = {PeriodType(kind) for kind in kinds}
    groups = []
    for kind, label in _kind_labels().items():
        if kind not in wanted:
            continue
        periods = {
            period
            for year in range(today.year - years_back, today.year + years_ahead + 1)
            for period in parse_period(str(year)).parts(kind)
            if not started_only or period.start <= today
        }
        if selected is not None and selected.type is kind:
            periods.add(selected)
        ordered = sorted(periods, reverse=True)
        groups.append(PeriodGroup(label, [PeriodOption(p.code, p.label) for p in ordered]))
    return groups


def latest_period_with_data(indicators: Sequence[Indicator]) -> Period | None:
    """The latest period, of the period type of one of `indicators`, that has a value
    counted for one of them (from the national rollups: two small queries); of two ending
    together, the longer. None when nothing was entered."""
    kinds_of: dict[int, set[PeriodType]] = {}
    for element_id, kind in IndicatorTerm.objects.filter(indicator__in=indicators).values_list(
        "element_id", "indicator__period_type"
    ):
        kinds_of.setdefault(element_id, set()).add(PeriodType(kind))
    if not kinds_of:
        return None
    found = [
        period
        for element_id, code in ValueRollup.objects.filter(
            scope=ScopeKind.NATIONAL,
            scope_key=NATIONAL,
            contributors__gt=0,
            element_id__in=kinds_of,
        )
        .values_list("element_id", "period")
        .distinct()
        for period in [parse_period(code)]
        if period.type in kinds_of[element_id]
    ]
    return max(found, key=lambda p: (p.end, p.type.months), default=None)


def opening_period(indicators: Sequence[Indicator], *, today: date) -> Period:
    """Where an indicator page opens: the latest period with data, else the current year."""
    return latest_period_with_data(indicators) or period_of(today, PeriodType.YEAR)
