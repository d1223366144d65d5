"""What rankings read of data quality: every database's official score summed in SQL (the
fast path the readiness ranking and the quality ranking share), and the quality ranking of
databases and of their owners."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from operator import itemgetter
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection

from nq57.core.paging import PageRequest, page_of
from nq57.core.ranking import Placed, rank_with_ties
from nq57.orgs.models import Organization

from ...models import Database, QualityMethod
from ..methods import Methods
from ..rules import CRITERIA, HUNDREDTH, WEIGHT_TOTAL
from .scores import DatabaseScore, database_scores, day_end, eligible_results, period_scores

# The latest verified result of each criterion of each database for one quarter. An
# adjustment needs no "not superseded" test: it is recorded after the result it corrects, for
# the same database, quarter and criterion, and verified when made, so the latest verified
# result is the adjustment whenever the adjustment counts (test_quality_selection holds this
# to the plain rule). PostgreSQL keeps the first row of each group as it reads the index
# (`quality_by_period`, in this order) — a third faster at 10,000 databases than numbering
# every row; SQLite has no DISTINCT ON and numbers them.
LATEST_VERIFIED_SQL = {
    "postgresql": """
    SELECT DISTINCT ON (c.database_id, c.criterion)
           c.database_id, c.criterion, c.records_checked, c.records_passing
    FROM registry_checkresult c
    WHERE c.period_end = %s AND c.recorded_at < %s AND c.verified_at < %s
    ORDER BY c.database_id, c.criterion, c.recorded_at DESC, c.id DESC
""",
    "sqlite": """
    SELECT database_id, criterion, records_checked, records_passing FROM (
        SELECT c.database_id, c.criterion, c.records_checked, c.records_passing,
               ROW_NUMBER() OVER (
                   PARTITION BY c.database_id, c.criterion ORDER BY c.recorded_at DESC, c.id DESC
               ) AS place
        FROM registry_checkresult c
        WHERE c.period_end = %s AND c.recorded_at < %s AND c.verified_at < %s
    ) numbered
    WHERE place = 1
""",
}

# The official score of every database assessed in one quarter, summed by the database: each
# criterion's share in whole hundredths rounded half up, weighted as the quarter's method
# says — the integer arithmetic of `rules.score`, so both engines give the same figure to the
# hundredth. Raw SQL because the ORM cannot group rows a window has filtered. The sum is cast
# back to an integer: PostgreSQL sums bigints as numeric, which would divide exactly later.
WEIGHTED_SQL = """
SELECT database_id,
       CAST(SUM(CASE WHEN records_checked > 0 THEN {weight} * (
           (records_passing * 20000 + records_checked) / (2 * records_checked)) ELSE 0 END)
           AS BIGINT) AS total
FROM ({latest}) latest
GROUP BY database_id
"""


def weighted_statement(weights: Mapping[str, int]) -> str:
    """WEIGHTED_SQL for this database engine and these weights; its parameters are the
    quarter's last day and the as-of bound twice (`quarter_parameters`)."""
    weight = "CASE criterion {} ELSE 0 END".format(
        " ".join(f"WHEN '{name}' THEN {int(weights[name])}" for name in CRITERIA)
    )
    latest = LATEST_VERIFIED_SQL.get(connection.vendor, LATEST_VERIFIED_SQL["sqlite"])
    return WEIGHTED_SQL.format(weight=weight, latest=latest)


def quarter_parameters(end: date, as_of: date) -> list[Any]:
    bound = connection.ops.adapt_datetimefield_value(day_end(as_of))
    return [connection.ops.adapt_datefield_value(end), bound, bound]


def _weighted_hundredths(end: date, as_of: date, weights: Mapping[str, int]) -> dict[int, int]:
    """Per database with verified evidence for the quarter ending `end`, Σ weight × share in
    hundredths (see WEIGHTED_SQL)."""
    with connection.cursor() as cursor:
        cursor.execute(weighted_statement(weights), quarter_parameters(end, as_of))
        return {database: int(total) for database, total in cursor.fetchall()}


def official_score(total: int) -> Decimal:
    """A database's official score from its weighted hundredths, rounded half up."""
    return Decimal((2 * total + WEIGHT_TOTAL) // (2 * WEIGHT_TOTAL)).scaleb(-2)


@dataclass(frozen=True)
class LatestQuarter:
    """The latest quarter with verified evidence by a day, and the method that scores it
    (None: no method covers it, so its results give no official score)."""

    end: date
    method: QualityMethod | None
    weights: Mapping[str, int]


def latest_quarter(as_of: date, methods: Methods) -> LatestQuarter | None:
    eligible = eligible_results(as_of, official=True, databases=None)
    latest = eligible.order_by("-period_end").values_list("period_end", "period").first()
    if latest is None:
        return None
    end, period = latest
    chosen = methods.for_period(period)
    weights = methods.rule(chosen).weights if chosen else dict.fromkeys(CRITERIA, 0)
    return LatestQuarter(end, chosen, weights)


@dataclass(frozen=True)
class OfficialValue:
    """A database's official score as rankings read it, and the method that scored it."""

    score: Decimal
    method: str


def official_values(
    as_of: date, *, methods: Methods | None = None, every: Collection[int] | None = None
) -> dict[int, OfficialValue]:
    """`official_scores(as_of)`'s scores and methods, for rankings of every database (`every`:
    their ids, when the caller has read them): the latest quarter's summed in SQL, the few
    databases it doesn't cover through `official_scores`' path."""
    methods = methods or Methods()
    quarter = latest_quarter(as_of, methods)
    if quarter is None:
        return {}
    summed = _weighted_hundredths(quarter.end, as_of, quarter.weights)
    found: dict[int, OfficialValue] = {}
    if quarter.method is not None:
        code = quarter.method.code
        found = {
            database: OfficialValue(official_score(total), code)
            for database, total in summed.items()
        }
    known = set(
        Database.objects.order_by().values_list("pk", flat=True) if every is None else every
    )
    behind = known - set(summed)
    if behind:
        older = period_scores(as_of, methods, official=True, databases=sorted(behind))
        found.update({database: OfficialValue(s.score, s.method) for database, s in older.items()})
    return found


def official_score_values(as_of: date) -> dict[int, Decimal]:
    """`official_scores(as_of)`'s scores alone, for rankings of every database (see
    `official_values`)."""
    return {database: value.score for database, value in official_values(as_of).items()}


@dataclass(frozen=True)
class RankedDatabase:
    """A database shown in the ranking: ranked by `official_score` (the fast path), with
    `quality`, its full scoring (period, method, grade, criteria, provisional score)."""

    id: int
    code: str
    name: str
    owner_code: str
    owner_name: str
    official_score: Decimal | None
    quality: DatabaseScore | None


@dataclass(frozen=True)
class RankedOwner:
    code: str
    name: str
    score: Decimal | None  # the mean of its databases' official scores
    scored: int  # databases with an official score
    databases: int


@dataclass(frozen=True)
class QualityRanking:
    """The ranking as of a day: the databases shown (one page of them when paged), every
    owner, and the methods the scores used."""

    as_of: date
    databases: list[Placed[RankedDatabase]]
    owners: list[Placed[RankedOwner]]
    methods: list[QualityMethod]
    page: Page[Placed[RankedDatabase]] | None = None


def mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(HUNDREDTH, ROUND_HALF_UP)


# A database as the ranking sorts it: (id, code, name, owner id, official score). Plain
# tuples: the ranking orders every database, and only the page's become RankedDatabase.
Row = tuple[int, str, str, int, Decimal | None]


def _ranked_owners(
    rows: list[Row], owners: Mapping[int, tuple[str, str]]
) -> list[Placed[RankedOwner]]:
    scores: dict[int, list[Decimal]] = defaultdict(list)
    counts: dict[int, int] = defaultdict(int)
    for _pk, _code, _name, owner_id, value in rows:
        counts[owner_id] += 1
        if value is not None:
            scores[owner_id].append(value)
    ranked = [
        RankedOwner(
            code=owners[owner_id][0],
            name=owners[owner_id][1],
            score=mean(scores[owner_id]),
            scored=len(scores[owner_id]),
            databases=count,
        )
        for owner_id, count in counts.items()
    ]
    return rank_with_ties(
        ranked, score=lambda row: row.score, order=lambda row: (-row.scored, row.name, row.code)
    )


def _shown(
    row: Row, owners: Mapping[int, tuple[str, str]], scores: Mapping[int, DatabaseScore]
) -> RankedDatabase:
    pk, code, name, owner_id, value = row
    owner_code, owner_name = owners[owner_id]
    return RankedDatabase(pk, code, name, owner_code, owner_name, value, scores.get(pk))


def quality_ranking(
    as_of: date, *, owner: str = "", page: PageRequest | None = None
) -> QualityRanking:
    """Databases ranked by their official score as of the day (unverified ones listed last,
    unranked, their provisional score beside), and owners by the mean official score of
    their databases; the methods those scores used. `owner` keeps one owner's databases;
    `page` shows one page of them (else all).

    The ranks come from the official scores summed in SQL (`official_values`); the full
    scoring is read only for the databases shown and for those without an official score
    (whose provisional scores state methods too): at 10,000 databases that keeps the page
    off the full path, which the property test holds equal to the fast one."""
    methods = Methods()
    listed = list(Database.objects.order_by().values_list("pk", "code", "name", "owner_id"))
    owners = {  # code and name, the name read once per owner in the page's language
        org.pk: (org.code, org.name)
        for org in Organization.objects.filter(pk__in=Database.objects.values("owner_id"))
        .order_by()
        .only("pk", "code", "name_vi", "name_en")
    }
    values = official_values(as_of, methods=methods, every=[pk for pk, *_ in listed])
    rows: list[Row] = [
        (pk, code, name, owner_id, value.score if (value := values.get(pk)) else None)
        for pk, code, name, owner_id in listed
    ]
    kept = [row for row in rows if not owner or owners[row[3]][0] == owner]
    ranked = rank_with_ties(kept, score=itemgetter(4), order=itemgetter(1))
    paged = page_of(Paginator(ranked, page.size), page) if page is not None else None
    chosen: list[Placed[Row]] = list(paged.object_list) if paged is not None else ranked
    unranked = {row[0] for row in rows if row[4] is None}
    wanted: set[int] | None = {placed.item[0] for placed in chosen} | unranked
    if paged is None and len(kept) == len(rows):
        wanted = None  # every database: no list of ids to send
    scores = database_scores(as_of, wanted, methods=methods)
    shown = [Placed(placed.rank, _shown(placed.item, owners, scores)) for placed in chosen]
    if paged is not None:
        paged.object_list = shown
    used = {value.method for value in values.values()}
    used |= {scores[pk].method for pk in unranked if pk in scores}
    return QualityRanking(
        as_of=as_of,
        databases=shown,
        owners=_ranked_owners(rows, owners),
        methods=[method for method in methods.rows if method.code in used],
        page=paged,
    )
