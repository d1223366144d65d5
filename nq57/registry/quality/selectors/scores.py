"""Reads of data quality, as of a date D (reproducible for any D):

- the evidence of a (database, period, criterion) is its latest result recorded on or before
  D that no adjustment recorded by then supersedes;
- the official score counts only results verified on or before D (an assessor's adjustment
  is verified when made); a provisional score from all the evidence, verified or not, is
  shown beside it, labelled, where it differs;
- a database is scored on its latest period ended on or before D that has such evidence,
  by the method of that period (the latest valid on or before its start).

`database_scores` does this for many databases in two queries (and one for the methods): the
database picks its rows with window functions and the pure rules add them up."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Exists, F, Max, OuterRef, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from ...models import CheckResult, Database
from ..methods import Methods
from ..rules import Evidence, score

# What the scoring reads of a result, in this order.
ROW = ("database_id", "period", "criterion", "records_checked", "records_passing", "pk")
# Databases per query when looking for older periods: under SQLite's limit on a statement's
# parameters (32,766), so up to that many databases behind take one query.
CHUNK = 30_000


def day_end(as_of: date) -> datetime:
    """The first instant after `as_of` in the site's time zone: recorded "on or before" the
    day means before it."""
    return timezone.make_aware(datetime.combine(as_of + timedelta(days=1), time.min))


@dataclass(frozen=True)
class PeriodScore:
    """A database's score for one period by one method, from the results `evidence` (ids)."""

    period: str
    method: str
    score: Decimal
    grade: str
    criteria: dict[str, Decimal | None]
    evidence: tuple[int, ...] = ()


@dataclass(frozen=True)
class DatabaseScore:
    """A database's quality as of a date: the official score when there is verified
    evidence (`verified` True), else the provisional one (`verified` False); `provisional`
    is the score from all the evidence, beside the official one, when it differs."""

    database_id: int
    period: str
    method: str
    score: Decimal
    grade: str
    criteria: dict[str, Decimal | None]
    verified: bool
    provisional: PeriodScore | None = None


def eligible_results(
    as_of: date, *, official: bool, databases: Iterable[int] | QuerySet[Any, Any] | None
) -> QuerySet[CheckResult, Any]:
    """The results that may count as of the day: recorded by then for a period ended by
    then, not superseded by an adjustment recorded by then (verified by then when
    `official`)."""
    bound = day_end(as_of)
    rows = CheckResult.objects.filter(recorded_at__lt=bound, period_end__lte=as_of)
    if databases is not None:
        rows = rows.filter(database_id__in=databases)
    if official:
        rows = rows.filter(verified_at__lt=bound)
    adjusted = CheckResult.objects.filter(supersedes_id=OuterRef("pk"), recorded_at__lt=bound)
    return rows.filter(~Exists(adjusted))


def _latest_per_criterion(rows: QuerySet[CheckResult, Any]) -> QuerySet[CheckResult, Any]:
    """Of `rows`, the latest of each (database, period, criterion)."""
    return rows.annotate(
        place=Window(
            RowNumber(),
            partition_by=[F("database_id"), F("period_end"), F("criterion")],
            order_by=[F("recorded_at").desc(), F("pk").desc()],
        )
    ).filter(place=1)


def _chosen_rows(
    as_of: date, *, official: bool, databases: Iterable[int] | QuerySet[Any, Any] | None
) -> Iterator[tuple[Any, ...]]:
    """For each database, its latest period with evidence as of the day, and in it the
    latest result of each criterion (verified ones only when `official`), as (database,
    period, criterion, checked, passing, pk) rows.

    Most databases are assessed every quarter, so their latest period is the latest ended
    one with any evidence: that period's rows are read first (a few per database, not the
    whole history: at a million results this is what keeps the read fast), then the
    databases it doesn't cover have their own latest period found among their rows only."""
    eligible = eligible_results(as_of, official=official, databases=databases)
    latest = eligible.order_by("-period_end").values_list("period_end", flat=True).first()
    if latest is None:
        return
    covered: set[int] = set()
    for row in _latest_per_criterion(eligible.filter(period_end=latest)).values_list(*ROW):
        covered.add(row[0])
        yield row
    if databases is None:
        wanted = set(Database.objects.order_by().values_list("pk", flat=True))
    elif isinstance(databases, QuerySet):
        wanted = set(databases.values_list("pk", flat=True))
    else:
        wanted = set(databases)
    behind = sorted(wanted - covered)
    for start in range(0, len(behind), CHUNK):
        some = eligible_results(as_of, official=official, databases=behind[start : start + CHUNK])
        older = _latest_per_criterion(
            some.annotate(
                latest_end=Window(Max("period_end"), partition_by=[F("database_id")])
            ).filter(period_end__lt=latest)
        )
        yield from older.filter(period_end=F("latest_end")).values_list(*ROW)


def period_scores(
    as_of: date,
    methods: Methods,
    *,
    official: bool,
    databases: Iterable[int] | QuerySet[Any, Any] | None,
) -> dict[int, PeriodScore]:
    """Each database (of `databases`, else all) with evidence by `as_of` → its score on its
    latest period with evidence (verified evidence only when `official`)."""
    grouped: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in _chosen_rows(as_of, official=official, databases=databases):
        grouped[row[0]].append(row)
    found: dict[int, PeriodScore] = {}
    for database_id, picked in grouped.items():
        scored = period_score(methods, picked[0][1], picked)
        if scored is not None:
            found[database_id] = scored
    return found


def period_score(
    methods: Methods, period: str, picked: Iterable[tuple[Any, ...]]
) -> PeriodScore | None:
    """The score of (…, criterion, checked, passing, pk) rows of one period; None when no
    method was valid yet."""
    chosen = methods.for_period(period)
    if chosen is None:
        return None
    picked = list(picked)
    result = score(methods.rule(chosen), (Evidence(r[-4], r[-3], r[-2]) for r in picked))
    return PeriodScore(
        period=period,
        method=chosen.code,
        score=result.score,
        grade=result.grade,
        criteria=dict(result.criteria),
        evidence=tuple(sorted(r[-1] for r in picked)),
    )


def official_scores(
    as_of: date, databases: Iterable[int] | QuerySet[Any, Any] | None = None
) -> dict[int, PeriodScore]:
    """Every database with verified evidence by `as_of` → its official score (what rankings
    count); one query for the results, one for the methods."""
    return period_scores(as_of, Methods(), official=True, databases=databases)


def database_scores(
    as_of: date,
    databases: Iterable[int] | QuerySet[Any, Any] | None = None,
    *,
    methods: Methods | None = None,
) -> dict[int, DatabaseScore]:
    """Every database with evidence recorded by `as_of` (of `databases`, ids or a queryset
    of ids, else all) → its DatabaseScore. Databases without evidence are left out."""
    methods = methods or Methods()
    official = period_scores(as_of, methods, official=True, databases=databases)
    everything = period_scores(as_of, methods, official=False, databases=databases)
    scores: dict[int, DatabaseScore] = {}
    for database_id, overall in everything.items():
        verified = official.get(database_id)
        shown = verified or overall
        differs = verified is not None and verified.evidence != overall.evidence
        scores[database_id] = DatabaseScore(
            database_id=database_id,
            period=shown.period,
            method=shown.method,
            score=shown.score,
            grade=shown.grade,
            criteria=shown.criteria,
            verified=verified is not None,
            provisional=overall if differs else None,
        )
    return scores
