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
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import Exists, F, Max, OuterRef, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from nq57.core.ranking import Placed, rank_with_ties

from ...models import CheckResult, Database, QualityMethod
from ..methods import Methods
from ..rules import CRITERIA, HUNDREDTH, WEIGHT_TOTAL, Evidence, score

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


def _eligible(
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
    eligible = _eligible(as_of, official=official, databases=databases)
    latest = eligible.order_by("-period_end").values_list("period_end", flat=True).first()
    if latest is None:
        return
    covered: set[int] = set()
    for row in _latest_per_criterion(eligible.filter(period_end=latest)).values_list(*ROW):
        covered.add(row[0])
        yield row
    if databases is None:
        wanted = set(Database.objects.values_list("pk", flat=True))
    elif isinstance(databases, QuerySet):
        wanted = set(databases.values_list("pk", flat=True))
    else:
        wanted = set(databases)
    behind = sorted(wanted - covered)
    for start in range(0, len(behind), CHUNK):
        some = _eligible(as_of, official=official, databases=behind[start : start + CHUNK])
        older = _latest_per_criterion(
            some.annotate(
                latest_end=Window(Max("period_end"), partition_by=[F("database_id")])
            ).filter(period_end__lt=latest)
        )
        yield from older.filter(period_end=F("latest_end")).values_list(*ROW)


def _scored(
    as_of: date,
    methods: Methods,
    *,
    official: bool,
    databases: Iterable[int] | QuerySet[Any, Any] | None,
) -> dict[int, PeriodScore]:
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


# The official score of every database assessed in one quarter, summed by the database:
# the latest verified result of each criterion (ROW_NUMBER), its share in whole hundredths
# rounded half up, weighted as the quarter's method says — the integer arithmetic of
# `rules.score`, so both engines give the same figure to the hundredth. Raw SQL because
# the ORM cannot group rows a window has filtered. It needs no "not superseded" test: an
# adjustment is recorded after the result it corrects, for the same database, quarter and
# criterion, and verified when made, so the latest verified result is the adjustment whenever
# the adjustment counts (test_quality_selection holds this to the plain rule).
WEIGHTED_SQL = """
SELECT database_id,
       SUM(CASE WHEN records_checked > 0 THEN {weight} * (
           (records_passing * 20000 + records_checked) / (2 * records_checked)) ELSE 0 END)
FROM (
    SELECT c.database_id, c.criterion, c.records_checked, c.records_passing,
           ROW_NUMBER() OVER (
               PARTITION BY c.database_id, c.criterion ORDER BY c.recorded_at DESC, c.id DESC
           ) AS place
    FROM registry_checkresult c
    WHERE c.period_end = %s AND c.recorded_at < %s AND c.verified_at < %s
) latest
WHERE place = 1
GROUP BY database_id
"""


def _weighted_hundredths(end: date, as_of: date, weights: Mapping[str, int]) -> dict[int, int]:
    """Per database with verified evidence for the quarter ending `end`, Σ weight × share in
    hundredths (see WEIGHTED_SQL)."""
    weight = "CASE criterion {} ELSE 0 END".format(
        " ".join(f"WHEN '{name}' THEN {int(weights[name])}" for name in CRITERIA)
    )
    bound = connection.ops.adapt_datetimefield_value(day_end(as_of))
    day = connection.ops.adapt_datefield_value(end)
    with connection.cursor() as cursor:
        cursor.execute(WEIGHTED_SQL.format(weight=weight), [day, bound, bound])
        return {database: int(total) for database, total in cursor.fetchall()}


def official_score_values(as_of: date) -> dict[int, Decimal]:
    """`official_scores(as_of)`'s scores alone, for rankings of every database: the latest
    quarter's summed in SQL, the few databases it doesn't cover through `official_scores`."""
    methods = Methods()
    eligible = _eligible(as_of, official=True, databases=None)
    latest = eligible.order_by("-period_end").values_list("period_end", "period").first()
    if latest is None:
        return {}
    end, period = latest
    chosen = methods.for_period(period)
    weights = methods.rule(chosen).weights if chosen else dict.fromkeys(CRITERIA, 0)
    summed = _weighted_hundredths(end, as_of, weights)
    found: dict[int, Decimal] = {}
    if chosen is not None:
        found = {
            database: Decimal((2 * total + WEIGHT_TOTAL) // (2 * WEIGHT_TOTAL)).scaleb(-2)
            for database, total in summed.items()
        }
    behind = set(Database.objects.values_list("pk", flat=True)) - set(summed)
    if behind:
        older = _scored(as_of, methods, official=True, databases=sorted(behind))
        found.update({database: scored.score for database, scored in older.items()})
    return found


def official_scores(
    as_of: date, databases: Iterable[int] | QuerySet[Any, Any] | None = None
) -> dict[int, PeriodScore]:
    """Every database with verified evidence by `as_of` → its official score (what rankings
    count); one query for the results, one for the methods."""
    return _scored(as_of, Methods(), official=True, databases=databases)


def database_scores(
    as_of: date,
    databases: Iterable[int] | QuerySet[Any, Any] | None = None,
    *,
    methods: Methods | None = None,
) -> dict[int, DatabaseScore]:
    """Every database with evidence recorded by `as_of` (of `databases`, ids or a queryset
    of ids, else all) → its DatabaseScore. Databases without evidence are left out."""
    methods = methods or Methods()
    official = _scored(as_of, methods, official=True, databases=databases)
    everything = _scored(as_of, methods, official=False, databases=databases)
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


# One database's page ---------------------------------------------------------------------


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


# The ranking ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankedDatabase:
    id: int
    code: str
    name: str
    owner_code: str
    owner_name: str
    quality: DatabaseScore | None

    @property
    def official_score(self) -> Decimal | None:
        if self.quality is None or not self.quality.verified:
            return None
        return self.quality.score


@dataclass(frozen=True)
class RankedOwner:
    code: str
    name: str
    score: Decimal | None  # the mean of its databases' official scores
    scored: int  # databases with an official score
    databases: int


@dataclass(frozen=True)
class QualityRanking:
    as_of: date
    databases: list[Placed[RankedDatabase]]
    owners: list[Placed[RankedOwner]]
    methods: list[QualityMethod]


def mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(HUNDREDTH, ROUND_HALF_UP)


def quality_ranking(as_of: date, *, owner: str = "") -> QualityRanking:
    """Databases ranked by their official score as of the day (unverified ones listed last,
    unranked, their provisional score beside), and owners by the mean official score of
    their databases; the methods those scores used. `owner` keeps one owner's databases."""
    databases = Database.objects.select_related("owner").only(
        "pk", "code", "name", "owner__code", "owner__name_vi", "owner__name_en"
    )
    methods = Methods()
    scores = database_scores(as_of, methods=methods)
    rows = [
        RankedDatabase(
            id=database.pk,
            code=database.code,
            name=database.name,
            owner_code=database.owner.code,
            owner_name=database.owner.name,
            quality=scores.get(database.pk),
        )
        for database in databases
    ]
    by_owner: dict[str, list[RankedDatabase]] = defaultdict(list)
    for row in rows:
        by_owner[row.owner_code].append(row)
    owners = [
        RankedOwner(
            code=code,
            name=owned[0].owner_name,
            score=mean([s for s in (row.official_score for row in owned) if s is not None]),
            scored=sum(row.official_score is not None for row in owned),
            databases=len(owned),
        )
        for code, owned in by_owner.items()
    ]
    shown = [row for row in rows if not owner or row.owner_code == owner]
    used = {score.method for score in scores.values()}
    return QualityRanking(
        as_of=as_of,
        databases=rank_with_ties(
            shown, score=lambda row: row.official_score, order=lambda row: row.code
        ),
        owners=rank_with_ties(
            owners, score=lambda row: row.score, order=lambda row: (-row.scored, row.name)
        ),
        methods=[method for method in methods.rows if method.code in used],
    )
