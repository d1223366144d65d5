"""The composite ranking of ministries and agencies, and of provinces: on-time completion of
tasks, indicator targets reached, forms submitted on time and fresh task updates, weighted as
the secretariat sets them. Each component is read in one or two queries for every
organisation at once; the arithmetic is in `scoring`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings

from nq57.core.periods import Period, PeriodType, parse_period, period_of
from nq57.orgs.choices import OrgGroup
from nq57.orgs.models import Organization
from nq57.tasks import rollups as task_rollups
from nq57.tasks.selectors import summaries as task_selectors
from nq57.tasks.selectors.summaries import SummaryQuery

from . import scoring
from .aggregation import FigureScope
from .choices import Direction, ScopeKind, SubmissionStatus
from .models import DataSet, Indicator, Submission
from .selectors import Scope, figures


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
    year = parse_period(str(as_of.year))
    components = {
        "on_time": _on_time(actor, as_of),
        "kpi": _kpi(orgs, year, as_of),
        "reporting": _reporting(orgs, as_of),
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


def _kpi(orgs: list[Organization], year: Period, as_of: date) -> dict[int, Decimal | None]:
    """The mean attainment of the indicators with a target, over the year, per subtree."""
    indicators = list(Indicator.objects.filter(targets__isnull=False).distinct())
    scopes = [Scope(FigureScope(ScopeKind.ORG, str(org.pk)), org) for org in orgs]
    found = figures(indicators, [year], scopes, today=as_of)
    result: dict[int, Decimal | None] = {}
    for org, scope in zip(orgs, scopes, strict=True):
        reached = [
            scoring.attainment(answer.value, answer.target.value, Direction(indicator.direction))
            for indicator in indicators
            for answer in [found[indicator.code, scope.label, year]]
            if answer.value is not None and answer.target is not None
        ]
        result[org.pk] = scoring.mean(reached)
    return result


def _reporting(orgs: list[Organization], as_of: date) -> dict[int, Decimal | None]:
    """Forms submitted by their due date ÷ forms due by `as_of` this year, over the
    organisations of each subtree expected to report."""
    roots = task_rollups.root_ids()
    expected: dict[int, int] = defaultdict(int)
    on_time: dict[int, int] = defaultdict(int)
    members = list(Organization.objects.values_list("pk", "kind"))
    for dataset in DataSet.objects.all():
        due = _periods_due(dataset, as_of)
        if not due:
            continue
        for pk, kind in members:
            if kind in dataset.reporter_kinds:
                expected[roots[pk]] += len(due)
        sent = Submission.objects.filter(
            dataset=dataset,
            period__in=[p.code for p in due],
            status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED],
            submitted_on__isnull=False,
            org__kind__in=dataset.reporter_kinds,
        ).values_list("org_id", "submitted_on", "due_on")
        for org_id, submitted_on, due_on in sent:
            if submitted_on is not None and submitted_on <= due_on:
                on_time[roots[org_id]] += 1
    return {org.pk: scoring.share(on_time[org.pk], expected[org.pk]) for org in orgs}


def _periods_due(dataset: DataSet, as_of: date) -> list[Period]:
    """The data set's periods of `as_of`'s year whose forms were due on or before it."""
    kind = PeriodType(dataset.period_type)
    period = period_of(date(as_of.year, 1, 1), kind)
    due = []
    while period.year == as_of.year:
        if period.end + timedelta(days=dataset.due_days) <= as_of:
            due.append(period)
        period = period_of(period.end + timedelta(days=1), kind)
    return due


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
