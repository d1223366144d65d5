"""What the composite ranking (`nq57.web.composite`) reads of tasks, for every top-level
organisation at once: the status counts of the tasks its subtree leads, and how many of its
open tasks were reported on lately. Both are keyed by the organisation's id."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from nq57.accounts.access import Actor
from nq57.orgs.selectors import root_ids, top_level_orgs

from ..status import StatusCounts
from .summaries import SummaryQuery, freshness_by_lead, task_summary


def status_counts_by_top_org(actor: Actor, *, as_of: date) -> dict[int, StatusCounts]:
    """The status counts as of `as_of` of the tasks each top-level organisation's subtree
    leads, as the actor sees them."""
    _, rows = task_summary(actor, SummaryQuery(as_of=as_of, by="org"))
    ids = dict(top_level_orgs().values_list("code", "pk"))
    return {ids[row.key]: row.counts for row in rows}


def freshness_by_top_org(*, today: date, stale_days: int) -> dict[int, tuple[int, int]]:
    """For each top-level organisation with open tasks in its subtree: (open tasks reported
    on within `stale_days` days, open tasks), judged today."""
    roots = root_ids()
    fresh: dict[int, int] = defaultdict(int)
    total: dict[int, int] = defaultdict(int)
    for lead_id, (recent, open_) in freshness_by_lead(today, stale_days).items():
        fresh[roots[lead_id]] += recent
        total[roots[lead_id]] += open_
    return {pk: (fresh[pk], total[pk]) for pk in total}
