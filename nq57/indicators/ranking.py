"""The composite ranking of ministries and agencies, and of provinces: on-time completion of
tasks, indicator targets reached, forms submitted on time and fresh task updates, weighted as
the secretariat sets them. Each component is read in one or two queries for every
organisation at once; the arithmetic is in `scoring`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings

from nq57.orgs.choices import OrgGroup
from nq57.orgs.models import Organization
from nq57.tasks import rollups as task_rollups
from nq57.tasks import selectors as task_selectors
from nq57.tasks.selectors import SummaryQuery

from . import scoring, selectors


@dataclass(frozen=True)
class ScoredOrg:
    rank: int | None
    org: Organization
    components: dict[str, Decimal | None]
    score: Decimal | None


def composite_ranking(
    actor: Any, *, as_of: date, today: date, weights: dict[str, int]
) -> dict[str, list[ScoredOrg]]:
    """Ministries and agencies, and provinces, each ranked among their own group. Freshness
    is judged today: the date of each task's latest report is kept, not its history."""
    orgs = list(Organization.objects.filter(depth=0).order_by("path"))
    components = {
        "on_time": _on_time(actor, as_of),
        "kpi": selectors.kpi_attainment_by_org(orgs, as_of=as_of),
        "reporting": selectors.forms_on_time_by_org(orgs, as_of=as_of),
        "freshness": _freshness(today),
    }
    result: dict[str, list[ScoredOrg]] = {}
    for group in (OrgGroup.CENTRAL, OrgGroup.LOCAL):
        members = [org for org in orgs if org.group == group]
        parts = {
            org.pk: {name: values.get(org.pk) for name, values in components.items()}
            for org in members
        }
        scores = {str(org.pk): scoring.composite(parts[org.pk], weights) for org in members}
        by_key = {str(org.pk): org for org in members}
        result[group] = [
            ScoredOrg(placed.rank, by_key[placed.key], parts[int(placed.key)], placed.score)
            for placed in scoring.rank_scores(scores, {k: o.name for k, o in by_key.items()})
        ]
    return result


def _on_time(actor: Any, as_of: date) -> dict[int, Decimal | None]:
    """Completed on time ÷ (completed on time + late + overdue), per top-level subtree."""
    _, rows = task_selectors.task_summary(actor, SummaryQuery(as_of=as_of, by="org"))
    ids = dict(Organization.objects.filter(depth=0).values_list("code", "pk"))
    return {
        ids[row.key]: scoring.share(
            row.counts.completed_on_time,
            row.counts.completed_on_time + row.counts.completed_late + row.counts.overdue,
        )
        for row in rows
    }


def _freshness(today: date) -> dict[int, Decimal | None]:
    """Open tasks with a progress report in the last N days ÷ open tasks, judged today."""
    roots = task_rollups.root_ids()
    fresh: dict[int, int] = defaultdict(int)
    total: dict[int, int] = defaultdict(int)
    for lead_id, (recent, open_) in task_selectors.freshness_by_lead(
        today, settings.NQ57_STALE_DAYS
    ).items():
        fresh[roots[lead_id]] += recent
        total[roots[lead_id]] += open_
    return {pk: scoring.share(fresh[pk], total[pk]) for pk in total}
