"""What the composite ranking (`nq57.web.composite`) reads of indicators: the weights in
force, and two of its components for every top-level organisation at once. The ranking is
public and computed over all values whoever looks, so these take no actor."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from nq57.core.periods import Period, PeriodType, parse_period, period_of
from nq57.orgs.models import Organization
from nq57.tasks import rollups as task_rollups

from .. import scoring
from ..aggregation import FigureScope
from ..choices import Direction, ScopeKind, SubmissionStatus
from ..models import DataSet, Indicator, RankingWeights, Submission
from .figures import Scope, figures


def ranking_weights() -> RankingWeights:
    """The weights in force (the defaults until the secretariat sets them)."""
    return RankingWeights.objects.first() or RankingWeights()


def kpi_attainment_by_org(
    orgs: Sequence[Organization], *, as_of: date
) -> dict[int, Decimal | None]:
    """The mean attainment of the indicators with a target over `as_of`'s year, for each
    organisation's subtree (None: no indicator with both a figure and a target)."""
    year = parse_period(str(as_of.year))
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


def forms_on_time_by_org(orgs: Sequence[Organization], *, as_of: date) -> dict[int, Decimal | None]:
    """Forms submitted by their due date ÷ forms due by `as_of` this year, over the
    organisations of each top-level organisation's subtree expected to report."""
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
