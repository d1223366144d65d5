"""What rankings read of data quality: every database's official score summed in SQL (the
fast path the readiness ranking and the quality ranking share), and the quality ranking of
databases and of their owners."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection

from nq57.core.ranking import Placed, rank_with_ties

from ...models import Database, QualityMethod
from ..methods import Methods
from ..rules import CRITERIA, HUNDREDTH, WEIGHT_TOTAL
from .scores import DatabaseScore, database_scores, day_end, eligible_results, period_scores

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
    eligible = eligible_results(as_of, official=True, databases=None)
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
        older = period_scores(as_of, methods, official=True, databases=sorted(behind))
        found.update({database: scored.score for database, scored in older.items()})
    return found


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
