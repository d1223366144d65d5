"""The quality scores' selection in SQL (the latest ended period with evidence first, then the
databases it doesn't cover) agrees with the rule read plainly, on any history: results
recorded, verified or not, adjusted, over several quarters and databases."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nq57.core.actors import SYSTEM
from nq57.core.paging import PageRequest
from nq57.core.periods import parse_period
from nq57.orgs.models import Organization
from nq57.registry import services
from nq57.registry.models import CheckResult, Database
from nq57.registry.quality.selectors.owners import ScoreSum, official_sums_by_owner
from nq57.registry.quality.selectors.ranking import (
    OfficialValue,
    official_score_values,
    official_values,
    quality_ranking,
)
from nq57.registry.quality.selectors.scores import database_scores, day_end, official_scores

QUARTERS = ("2025Q1", "2025Q2", "2025Q3")
CRITERIA = ("correct", "live", "shared")


@dataclass(frozen=True)
class Drawn:
    database: int
    quarter: str
    criterion: str
    passing: int  # per mille of the records checked
    checked: int
    recorded: int  # days after the quarter's end
    verified: int | None  # days after recording, or never
    adjusted: int | None  # days after recording an assessor adjusts it, or never


results = st.lists(
    st.builds(
        Drawn,
        database=st.integers(0, 2),
        quarter=st.sampled_from(QUARTERS),
        criterion=st.sampled_from(CRITERIA),
        passing=st.integers(0, 1000),
        checked=st.integers(1, 9_973),
        recorded=st.integers(1, 40),
        verified=st.none() | st.integers(0, 30),
        adjusted=st.none() | st.integers(1, 30),
    ),
    max_size=12,
)
as_of_days = st.integers(0, 300).map(lambda n: date(2025, 4, 1) + timedelta(days=n))


def moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=9))


def plain_selection(as_of: date, *, official: bool) -> dict[int, tuple[int, ...]]:
    """The rule as written in quality.selectors.scores' docstring, read with no cleverness."""
    bound = day_end(as_of)
    rows = [
        r
        for r in CheckResult.objects.all()
        if r.recorded_at < bound
        and r.period_end <= as_of
        and (not official or (r.verified_at is not None and r.verified_at < bound))
        and not CheckResult.objects.filter(supersedes=r, recorded_at__lt=bound).exists()
    ]
    chosen: dict[int, tuple[int, ...]] = {}
    for database in {r.database_id for r in rows}:
        own = [r for r in rows if r.database_id == database]
        latest = max(r.period_end for r in own)
        picked = []
        for criterion in {r.criterion for r in own if r.period_end == latest}:
            same = [r for r in own if r.period_end == latest and r.criterion == criterion]
            picked.append(max(same, key=lambda r: (r.recorded_at, r.pk)).pk)
        chosen[database] = tuple(sorted(picked))
    return chosen


@pytest.mark.django_db
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(drawn=results, as_of=as_of_days)
def test_the_sql_selection_is_the_rule(drawn: list[Drawn], as_of: date, assessor: Any) -> None:
    CheckResult.objects.filter(supersedes__isnull=False).delete()
    CheckResult.objects.all().delete()
    Database.objects.all().delete()
    # Two owners, so that what is added up per owner is told apart.
    owners = [Organization.objects.get(code=code) for code in ("BTP", "BTP", "BTC")]
    databases = [
        services.database_save(
            SYSTEM, code=f"Q-{n}", name="Cơ sở dữ liệu", kind="national", owner=owner
        )[0]
        for n, owner in enumerate(owners)
    ]
    for item in drawn:
        end = parse_period(item.quarter).end
        recorded_on = end + timedelta(days=item.recorded)
        row = CheckResult.objects.create(
            database=databases[item.database],
            period=item.quarter,
            period_end=end,
            criterion=item.criterion,
            records_checked=item.checked,
            records_passing=item.checked * item.passing // 1000,
            source="owner",
            recorded_at=moment(recorded_on),
        )
        if item.verified is not None:
            row.verified_at = moment(recorded_on + timedelta(days=item.verified))
            row.save(update_fields=["verified_at"])
        if item.adjusted is not None and not CheckResult.objects.filter(supersedes=row).exists():
            at = moment(recorded_on + timedelta(days=item.adjusted))
            CheckResult.objects.create(
                database=row.database,
                period=row.period,
                period_end=row.period_end,
                criterion=row.criterion,
                records_checked=item.checked,
                records_passing=min(item.checked, item.checked * item.passing // 1000 + 1),
                source="assessor",
                recorded_at=at,
                verified_at=at,
                supersedes=row,
                reason="corrected after a sample check",
            )
    scored_officially = official_scores(as_of)
    official = {pk: scored.evidence for pk, scored in scored_officially.items()}
    assert official == plain_selection(as_of, official=True)
    # The rankings' shortcut (the latest quarter summed in SQL) gives the same scores, by the
    # same methods.
    assert official_score_values(as_of) == {
        pk: scored.score for pk, scored in scored_officially.items()
    }
    assert official_values(as_of) == {
        pk: OfficialValue(scored.score, scored.method) for pk, scored in scored_officially.items()
    }
    # The readiness ranking's shortcut (those scores added up per owner in SQL) too.
    owned = dict(Database.objects.values_list("pk", "owner_id"))
    per_owner: dict[int, list[Decimal]] = defaultdict(list)
    for pk, official_score in scored_officially.items():
        per_owner[owned[pk]].append(official_score.score)
    assert official_sums_by_owner(as_of) == {
        owner: ScoreSum(len(scores), sum(scores, Decimal(0))) for owner, scores in per_owner.items()
    }
    everything = plain_selection(as_of, official=False)
    scores = database_scores(as_of)
    assert set(scores) == set(everything)
    for pk, scored in scores.items():
        # The provisional score is given where its evidence differs from the official one.
        if scored.provisional is not None:
            assert scored.provisional.evidence == everything[pk]
        elif scored.verified:
            assert official[pk] == everything[pk]
        else:
            assert pk not in official
    # The quality ranking ranks by the shortcut and shows the full scoring: the two agree on
    # every row, and the methods it states are those of every score shown.
    ranking = quality_ranking(as_of, page=PageRequest(1, 2))
    for placed in [*ranking.databases, *quality_ranking(as_of).databases]:
        full = placed.item.quality
        assert placed.item.official_score == (full.score if full and full.verified else None)
        assert full == scores.get(placed.item.id)
    assert {method.code for method in ranking.methods} == {s.method for s in scores.values()}


@pytest.fixture
def assessor(db: Any) -> None:
    call_command("load_quality_methods", verbosity=0)
