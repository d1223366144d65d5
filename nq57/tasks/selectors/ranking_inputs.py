"""What the composite ranking (`nq57.web.composite`) reads of tasks, for every top-level
organisation at once, over the tasks each answers for (`public_ranking`), whoever looks: the
status counts, and how many of the open ones were reported on lately. Both are keyed by the
organisation's id."""

from __future__ import annotations

from datetime import date

from nq57.orgs.selectors import top_level_orgs

from ..status import StatusCounts
from . import public_ranking


def _ids_by_path() -> dict[str, int]:
    return dict(top_level_orgs().values_list("path", "pk"))


def status_counts_by_top_org(*, as_of: date) -> dict[int, StatusCounts]:
    """The status counts as of `as_of` of the tasks each top-level organisation answers for."""
    ids = _ids_by_path()
    counts = public_ranking.counts_by_top_org(as_of=as_of)
    return {ids[path]: row for path, row in counts.items() if path in ids}


def freshness_by_top_org(*, today: date, stale_days: int) -> dict[int, tuple[int, int]]:
    """For each top-level organisation with open tasks it answers for: (those reported on
    within `stale_days` days, all of them), judged today."""
    ids = _ids_by_path()
    counts = public_ranking.freshness_by_top_org(today=today, stale_days=stale_days)
    return {ids[path]: pair for path, pair in counts.items() if path in ids}
