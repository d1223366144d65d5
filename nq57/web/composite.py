"""The composite ranking of ministries and agencies, and of provinces: on-time completion of
tasks, indicator targets reached, forms submitted on time and fresh task updates, weighted as
the secretariat sets them. It spans apps, so it lives above them and reads each through its
selectors, every component in one or two queries for every organisation at once; the
arithmetic is in `nq57.indicators.scoring`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import TypeVar

from django.conf import settings

from nq57.core.dates import parse_day
from nq57.core.periods import MAX_YEAR, MIN_YEAR
from nq57.core.ranking import rank_by_score
from nq57.indicators import scoring
from nq57.indicators import selectors as indicator_selectors
from nq57.orgs.choices import OrgGroup
from nq57.orgs.models import Organization
from nq57.tasks.selectors import ranking_inputs as task_inputs
from nq57.tasks.status import on_time_rate

T = TypeVar("T")
Component = dict[int, Decimal | None]  # organisation id → a share from 0 to 100 (or None)


@dataclass(frozen=True)
class ScoredOrg:
    """A top-level organisation's place: its rank (None: no score), components and score."""

    rank: int | None
    org: Organization
    components: dict[str, Decimal | None]
    score: Decimal | None


def ranking_date(text: str) -> date:
    """The as-of date of a ranking from 30/11/2026 or 2026-11-30, within the years periods
    cover (the indicators' year of the date must be a period); ValueError otherwise."""
    as_of = parse_day(text)
    if not MIN_YEAR <= as_of.year <= MAX_YEAR:
        raise ValueError(text)
    return as_of


def composite_ranking(
    *, as_of: date, today: date, weights: dict[str, int]
) -> dict[str, list[ScoredOrg]]:
    """Ministries and agencies, and provinces, each ranked among their own group, the same
    whoever looks: the task components count the tasks each organisation answers for
    (`tasks.selectors.public_ranking`). Freshness is judged today: the date of each task's
    latest report is kept, not its history."""
    orgs = list(Organization.objects.filter(depth=0).order_by("path"))
    components = {
        "on_time": _on_time(as_of),
        "kpi": indicator_selectors.kpi_attainment_by_org(orgs, as_of=as_of),
        "reporting": indicator_selectors.forms_on_time_by_org(orgs, as_of=as_of),
        "freshness": _freshness(today),
    }
    result: dict[str, list[ScoredOrg]] = {}
    for group in (OrgGroup.CENTRAL, OrgGroup.LOCAL):
        scored = []
        for org in orgs:
            if org.group == group:
                parts = {name: values.get(org.pk) for name, values in components.items()}
                scored.append(ScoredOrg(None, org, parts, scoring.composite(parts, weights)))
        result[group] = [
            replace(placed.item, rank=placed.rank)
            for placed in rank_by_score(
                scored, score=lambda row: row.score, name=lambda row: row.org.name
            )
        ]
    return result


def _on_time(as_of: date) -> Component:
    """Completed on time ÷ (completed on time + late + overdue), per top-level organisation."""
    counts = task_inputs.status_counts_by_top_org(as_of=as_of)
    return {pk: on_time_rate(row) for pk, row in counts.items()}


def _freshness(today: date) -> Component:
    """Open tasks with a progress report in the last N days ÷ open tasks, judged today."""
    counts = task_inputs.freshness_by_top_org(today=today, stale_days=settings.NQ57_STALE_DAYS)
    return {pk: scoring.share(fresh, total) for pk, (fresh, total) in counts.items()}
