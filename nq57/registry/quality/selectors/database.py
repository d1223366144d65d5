"""One database's quality page as of a date: the period shown and its method, the official
and provisional scores, each criterion's evidence and history, and the trend over every
period with evidence (the rule of `scores`, applied to one database's rows in Python)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ...models import CheckResult, Database, QualityMethod
from ..methods import Methods
from ..rules import CRITERIA
from .scores import PeriodScore, day_end, period_score


@dataclass
class CriterionDetail:
    """A criterion of one period: its weight and check, the result the official score uses
    and the one the provisional score uses (when another), and every result recorded."""

    criterion: str
    weight: int
    measures: dict[str, str]
    official: CheckResult | None
    provisional: CheckResult | None
    history: list[CheckResult]

    @property
    def shown(self) -> CheckResult | None:
        return self.official or self.provisional


@dataclass
class TrendPoint:
    period: str
    official: PeriodScore | None
    provisional: PeriodScore | None


@dataclass
class DatabaseQuality:
    """One database's quality as of a date: the period shown, its method, the scores, each
    criterion's evidence, and the trend over every period with evidence."""

    database: Database
    as_of: date
    period: str | None
    method: QualityMethod | None
    official: PeriodScore | None
    provisional: PeriodScore | None
    criteria: list[CriterionDetail] = field(default_factory=list)
    trend: list[TrendPoint] = field(default_factory=list)


def _pick(
    rows: list[CheckResult], *, official: bool, bound: datetime, adjusted: set[int]
) -> dict[str, CheckResult]:
    """The evidence of each criterion among one period's rows (sorted oldest first)."""
    picked: dict[str, CheckResult] = {}
    for row in rows:
        if row.pk in adjusted:
            continue
        if official and (row.verified_at is None or row.verified_at >= bound):
            continue
        picked[row.criterion] = row
    return picked


def _as_tuples(picked: dict[str, CheckResult]) -> list[tuple[Any, ...]]:
    return [
        (row.criterion, row.records_checked, row.records_passing, row.pk) for row in picked.values()
    ]


def database_quality(
    database: Database, as_of: date, *, period: str | None = None
) -> DatabaseQuality:
    """The page of one database's quality as of `as_of`, for `period` (else the latest with
    evidence)."""
    bound = day_end(as_of)
    rows = list(
        CheckResult.objects.filter(database=database, recorded_at__lt=bound, period_end__lte=as_of)
        .select_related("recorded_by", "verified_by")
        .order_by("period_end", "criterion", "recorded_at", "pk")
    )
    adjusted = {row.supersedes_id for row in rows if row.supersedes_id is not None}
    by_period: dict[str, list[CheckResult]] = defaultdict(list)
    for row in rows:
        by_period[row.period].append(row)
    methods = Methods()
    trend = []
    picks: dict[str, tuple[dict[str, CheckResult], dict[str, CheckResult]]] = {}
    for code, period_rows in by_period.items():
        official = _pick(period_rows, official=True, bound=bound, adjusted=adjusted)
        overall = _pick(period_rows, official=False, bound=bound, adjusted=adjusted)
        picks[code] = (official, overall)
        trend.append(
            TrendPoint(
                period=code,
                official=period_score(methods, code, _as_tuples(official)) if official else None,
                provisional=period_score(methods, code, _as_tuples(overall)),
            )
        )
    shown = period if period in picks else (trend[-1].period if trend else None)
    page = DatabaseQuality(
        database=database,
        as_of=as_of,
        period=shown,
        method=None,
        official=None,
        provisional=None,
        trend=trend,
    )
    if shown is None:
        return page
    point = next(point for point in trend if point.period == shown)
    page.official = point.official
    page.provisional = point.provisional
    page.method = methods.for_period(shown)
    definition = page.method.definition if page.method else {"criteria": {}}
    official, overall = picks[shown]
    for name in CRITERIA:
        described = definition["criteria"].get(name, {})
        first = official.get(name)
        latest = overall.get(name)
        page.criteria.append(
            CriterionDetail(
                criterion=name,
                weight=described.get("weight", 0),
                measures=described.get("measures", {}),
                official=first,
                provisional=latest if latest is not first else None,
                history=[row for row in by_period[shown] if row.criterion == name],
            )
        )
    return page
