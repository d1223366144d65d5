"""The evaluation's figures, each read once for every top-level organisation through the
selectors of the app that owns it, keyed by the organisation's id. Nothing here reads who
looks: like the rankings, the figures are the same for everyone; pages decide who sees them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q

from nq57.budget.rules import Figures
from nq57.budget.selectors.figures import year_budget
from nq57.core.ranking import share
from nq57.feedback.models import Item
from nq57.indicators.selectors.ranking import kpi_attainment_by_org
from nq57.orgs.models import Organization
from nq57.orgs.selectors import root_ids
from nq57.registry.readiness.method import readiness_method
from nq57.registry.readiness.rules import ReadinessCounts, readiness_score
from nq57.registry.readiness.selectors import readiness_counts
from nq57.tasks.models import ProgressReport
from nq57.tasks.selectors import ranking_inputs
from nq57.tasks.selectors.public_ranking import counted_tasks, open_condition
from nq57.tasks.status import StatusCounts, on_time_rate


@dataclass(frozen=True)
class Pair:
    """A count and what it is counted out of (a share when `whole` > 0)."""

    part: int = 0
    whole: int = 0

    @property
    def rate(self) -> Decimal | None:
        return share(self.part, self.whole)


@dataclass(frozen=True)
class Sources:
    """Every organisation's figures as of a day, for one year."""

    tasks: dict[int, StatusCounts]
    indicators: dict[int, Decimal | None]
    reporting: dict[int, Pair]
    readiness: dict[int, ReadinessCounts]
    budget: dict[int, Figures]
    feedback: dict[int, Pair]

    def readiness_score(self, org_id: int) -> Decimal | None:
        counts = self.readiness.get(org_id)
        return None if counts is None else readiness_score(counts, readiness_method().weights)

    def task_rate(self, org_id: int) -> Decimal | None:
        counts = self.tasks.get(org_id)
        return None if counts is None else on_time_rate(counts)

    def budget_rate(self, org_id: int) -> Decimal | None:
        """Disbursed ÷ approved, capped at 100: paying out more than approved earns nothing."""
        figures = self.budget.get(org_id)
        rate = None if figures is None else figures.disbursement_rate
        return None if rate is None else min(rate, Decimal(100))


def reporting_by_top_org(as_of: date) -> dict[int, Pair]:
    """Progress reporting on time as of `as_of`: of the deadline tasks open then that each
    organisation answers for, those with a progress report in the `NQ57_STALE_DAYS` days up to
    that day (or assigned within them) — the silence rule the reminders urge by, read from the
    reports' history so that a past year is judged as it stood on 31/12."""
    window = settings.NQ57_STALE_DAYS
    cutoff = date.fromordinal(as_of.toordinal() - window)
    reported = ProgressReport.objects.filter(
        task=OuterRef("pk"), reported_on__gte=cutoff, reported_on__lte=as_of
    )
    rows = (
        counted_tasks()
        .filter(open_condition(as_of))
        .alias(reported=Exists(reported))
        .values("lead_org_id")
        .annotate(
            open=Count("pk"),
            fresh=Count("pk", filter=Q(reported=True) | Q(assigned_on__gte=cutoff)),
        )
    )
    roots = root_ids()
    found: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        pair = found[roots[row["lead_org_id"]]]
        pair[0] += row["fresh"]
        pair[1] += row["open"]
    return {org: Pair(fresh, total) for org, (fresh, total) in found.items()}


def feedback_by_top_org(year: int, as_of: date) -> dict[int, Pair]:
    """Citizen answers on time: of the items whose answer fell due in `year` up to `as_of`
    with a body under each organisation, those answered by their due date."""
    start = date(year, 1, 1)
    rows = (
        Item.objects.filter(body__isnull=False, due_on__gte=start, due_on__lte=as_of)
        .order_by()
        .values("body_id")
        .annotate(
            due=Count("pk"),
            on_time=Count(
                "pk",
                filter=Q(answered_at__isnull=False)
                & Q(answered_at__date__lte=as_of)
                & Q(answered_at__date__lte=F("due_on")),
            ),
        )
    )
    roots = root_ids()
    found: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        pair = found[roots[row["body_id"]]]
        pair[0] += row["on_time"]
        pair[1] += row["due"]
    return {org: Pair(on_time, due) for org, (on_time, due) in found.items()}


def budget_by_top_org(year: int, as_of: date) -> dict[int, Figures]:
    """The year's money as of `as_of` of each organisation and the bodies under it."""
    roots = root_ids()
    found: dict[int, Figures] = defaultdict(Figures)
    for org, figures in year_budget(year, as_of).by_organization().items():
        found[roots[org]] += figures
    return dict(found)


def sources(year: int, as_of: date, orgs: list[Organization]) -> Sources:
    """Every figure of the evaluation of `year` as of `as_of` (a bounded number of queries)."""
    return Sources(
        tasks=ranking_inputs.status_counts_by_top_org(as_of=as_of),
        indicators=kpi_attainment_by_org(orgs, as_of=as_of),
        reporting=reporting_by_top_org(as_of),
        readiness=readiness_counts(as_of),
        budget=budget_by_top_org(year, as_of),
        feedback=feedback_by_top_org(year, as_of),
    )
