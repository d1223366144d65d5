"""Indicator figures kept current at every write (DESIGN.md §2: rollups, never a batch).

For each data element, scope (every organisation's subtree, each group, the nation) and period
(the one entered and every longer one covering it), `ValueRollup` holds the sum of the own
figures of the organisations in the scope (`aggregation.element_total`). A write of values
computes, for each organisation and period it touches, the organisation's own figure before
and after (`aggregation.contribution`), and adds the difference to every scope the
organisation belongs to, in the write's transaction: a saved value is in the national figure
before the request returns.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction

from nq57.core.bulk import add_to_rows
from nq57.core.periods import Period, parse_period
from nq57.orgs.models import Organization

from .aggregation import NATIONAL, contribution
from .choices import ScopeKind, TimeAggregation
from .models import DataValue, ValueRollup


@dataclass(frozen=True)
class OrgPlace:
    """Where an organisation's figures count: its own subtree and its ancestors', its group,
    the nation."""

    pk: int
    path: str
    group: str
    ancestor_ids: tuple[int, ...]  # itself first, then up to the top

    def scopes(self) -> list[tuple[str, str]]:
        return [
            *((ScopeKind.ORG.value, str(pk)) for pk in self.ancestor_ids),
            (ScopeKind.GROUP.value, self.group),
            (ScopeKind.NATIONAL.value, NATIONAL),
        ]


def org_places(org_ids: Iterable[int] | None = None) -> dict[int, OrgPlace]:
    """The place of every organisation, or of those given (two small queries for a few)."""
    rows = Organization.objects.values_list("pk", "code", "path", "group")
    if org_ids is None:
        everyone = list(rows)
        wanted = everyone
    else:
        wanted = list(rows.filter(pk__in=set(org_ids)))
        codes = {code for _, _, path, _ in wanted for code in path.split("/") if code}
        everyone = list(rows.filter(code__in=codes))
    ids = {code: pk for pk, code, _, _ in everyone}
    return {
        pk: OrgPlace(
            pk,
            path,
            group,
            tuple(ids[code] for code in reversed([c for c in path.split("/") if c])),
        )
        for pk, _, path, group in wanted
    }


# (element id, scope, scope key, period code) -> [total change, contributors change]
Tally = dict[tuple[int, str, str, str], list[Decimal | int]]


def new_tally() -> Tally:
    return defaultdict(lambda: [Decimal(0), 0])


def add_change(
    tally: Tally,
    *,
    element_id: int,
    how: TimeAggregation,
    place: OrgPlace,
    before: dict[Period, Decimal],
    after: dict[Period, Decimal],
) -> None:
    """Add to `tally` what replacing an organisation's values of one element (`before`, by
    period) with `after` changes in every scope, for every period the change reaches."""
    reached = {
        covering for period in before.keys() | after.keys() for covering in period.containing()
    }
    for period in reached:
        old = contribution(before.items(), period, how)
        new = contribution(after.items(), period, how)
        if old == new:
            continue
        change = (new or Decimal(0)) - (old or Decimal(0))
        counted = (new is not None) - (old is not None)
        for scope, key in place.scopes():
            entry = tally[element_id, scope, key, period.code]
            entry[0] += change
            entry[1] += counted


def apply(tally: Tally) -> None:
    """Add the tally to the stored rollups (insert or increment), in the current transaction."""
    rows = [
        (element_id, scope, key, period, total, contributors)
        for (element_id, scope, key, period), (total, contributors) in tally.items()
        if total or contributors
    ]
    add_to_rows(
        ValueRollup, ("element_id", "scope", "scope_key", "period"), ("total", "contributors"), rows
    )


# --- rebuilding every rollup from the values, in SQL -----------------------------------------

# Each organisation's own figure per element and covering period, then its sum over every
# scope the organisation belongs to. A flow's own figure is the sum of its values inside the
# period; a stock's is its value of the latest period inside (ROW_NUMBER, in both engines).
_OWN_FIGURES = """
CREATE TEMP TABLE rollup_own AS
SELECT element_id, org_id, container, SUM(value) AS figure
FROM (
  SELECT v.element_id, v.org_id, c.container, v.value,
         ROW_NUMBER() OVER (PARTITION BY v.element_id, v.org_id, c.container
                            ORDER BY v.ends_on DESC) AS latest
  FROM indicators_datavalue v
  JOIN rollup_period c ON c.period = v.period
) ranked
JOIN indicators_dataelement e2 ON e2.id = ranked.element_id
WHERE e2.time_aggregation = 'sum' OR ranked.latest = 1
GROUP BY element_id, org_id, container
"""
_SCOPE_SUMS = """
INSERT INTO indicators_valuerollup (element_id, scope, scope_key, period, total, contributors)
SELECT o.element_id, s.scope, s.scope_key, o.container, SUM(o.figure), COUNT(*)
FROM rollup_own o JOIN rollup_scope s ON s.org_id = o.org_id
GROUP BY o.element_id, s.scope, s.scope_key, o.container
"""


@transaction.atomic
def rebuild() -> int:
    """Recompute every rollup from the stored values, in one transaction; returns the
    number of rollup rows. For repairs, for loading many values at once (`make bench`), and
    for the tests, which hold it equal to the rollups kept at every write."""
    if connection.vendor == "postgresql":
        # Writers of values wait, and those under way finish first: none of their changes
        # is lost between the values read here and the rollups replaced.
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE indicators_datavalue IN SHARE MODE")
    periods = set(DataValue.objects.values_list("period", flat=True).distinct())
    containers = [
        (code, covering.code) for code in periods for covering in parse_period(code).containing()
    ]
    scopes = [
        (pk, scope, key) for pk, place in org_places().items() for scope, key in place.scopes()
    ]
    ValueRollup.objects.all().delete()
    with connection.cursor() as cursor:
        for statement in (
            "DROP TABLE IF EXISTS rollup_period",
            "DROP TABLE IF EXISTS rollup_scope",
            "DROP TABLE IF EXISTS rollup_own",
            "CREATE TEMP TABLE rollup_period (period varchar(7), container varchar(7))",
            "CREATE TEMP TABLE rollup_scope (org_id bigint, scope varchar(8), "
            "scope_key varchar(24))",
        ):
            cursor.execute(statement)
        cursor.executemany("INSERT INTO rollup_period VALUES (%s, %s)", containers)
        cursor.executemany("INSERT INTO rollup_scope VALUES (%s, %s, %s)", scopes)
        cursor.execute(_OWN_FIGURES)
        cursor.execute(_SCOPE_SUMS)
        cursor.execute("DROP TABLE rollup_own")
    return ValueRollup.objects.count()
