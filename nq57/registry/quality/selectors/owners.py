"""The official quality scores of every owner's databases, added up per owner in SQL: what the
readiness ranking reads (the mean score of a ministry's or province's databases), without
bringing 10,000 databases' scores into Python."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection

from ..methods import Methods
from ..rules import WEIGHT_TOTAL
from .ranking import latest_quarter, quarter_parameters, weighted_statement
from .scores import period_scores

# Per owner: its databases, those the latest quarter scores, and the sum of their official
# scores in hundredths (each rounded half up first, as `official_score` does).
BY_OWNER_SQL = """
SELECT d.owner_id, COUNT(*), COUNT(s.database_id),
       SUM((2 * s.total + {total}) / (2 * {total}))
FROM registry_database d
LEFT JOIN ({weighted}) s ON s.database_id = d.id
GROUP BY d.owner_id
"""

# The databases of some owners without verified evidence for the quarter: the few scored on
# an older quarter.
UNSCORED_SQL = """
SELECT d.id, d.owner_id
FROM registry_database d
WHERE d.owner_id IN ({owners}) AND NOT EXISTS (
    SELECT 1 FROM registry_checkresult c
    WHERE c.database_id = d.id AND c.period_end = %s AND c.recorded_at < %s
      AND c.verified_at < %s
)
"""


@dataclass(frozen=True)
class ScoreSum:
    """An owner's databases with an official score, and those scores added up."""

    scored: int = 0
    total: Decimal = Decimal(0)


def official_sums_by_owner(as_of: date, *, methods: Methods | None = None) -> dict[int, ScoreSum]:
    """Per owner id, its databases' official scores as of `as_of` (`official_values`' scores,
    grouped by the database's owner): the latest quarter's added up in SQL, the databases it
    doesn't score through the full path."""
    methods = methods or Methods()
    quarter = latest_quarter(as_of, methods)
    if quarter is None:
        return {}
    parameters = quarter_parameters(quarter.end, as_of)
    statement = BY_OWNER_SQL.format(
        weighted=weighted_statement(quarter.weights), total=WEIGHT_TOTAL
    )
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0])  # scored, hundredths
    behind: list[int] = []
    with connection.cursor() as cursor:
        cursor.execute(statement, parameters)
        for owner, databases, scored, hundredths in cursor.fetchall():
            if databases > scored:
                behind.append(owner)
            if scored and quarter.method is not None:
                sums[owner] = [scored, int(hundredths)]
        if behind:
            placeholders = ", ".join(["%s"] * len(behind))
            cursor.execute(UNSCORED_SQL.format(owners=placeholders), [*behind, *parameters])
            unscored = dict(cursor.fetchall())
    if behind and unscored:
        older = period_scores(as_of, methods, official=True, databases=sorted(unscored))
        for database, found in older.items():
            owned = sums[unscored[database]]
            owned[0] += 1
            owned[1] += int(found.score.scaleb(2))
    return {
        owner: ScoreSum(scored, Decimal(hundredths).scaleb(-2))
        for owner, (scored, hundredths) in sums.items()
    }
