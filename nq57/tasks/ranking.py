"""The ranking of the top-level organisations by on-time completion of the tasks they lead:
public, the same whoever looks, the formula stated on its page."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, Protocol, TypeVar

from nq57.core.ranking import Placed, rank_with_ties
from nq57.orgs.choices import OrgGroup

from .models import Program
from .selectors.public_ranking import counts_by_top_org
from .selectors.summaries import SummaryRow, breakdown_orgs
from .status import StatusCounts, on_time_rate, one_decimal


class Rated(Protocol):
    """What the on-time ranking reads of a row."""

    @property
    def name(self) -> str: ...

    @property
    def counts(self) -> StatusCounts: ...


R = TypeVar("R", bound=Rated)

# The on-time ranking's figures, each with its public list; the formula as the API states it.
RANKING_FIGURES = ("completed_on_time", "completed_late", "overdue", "in_progress", "total")
ON_TIME_FORMULA = "completed_on_time / (completed_on_time + completed_late + overdue) * 100"


def rank_by_on_time(rows: Iterable[R]) -> list[Placed[R]]:
    """Highest on-time rate, as shown (one decimal), first; ties share a rank (1, 2, 2, 4) and
    are listed by more tasks completed on time, then by name; organisations with nothing
    fallen due come last, unranked, by name."""
    return rank_with_ties(
        rows,
        score=lambda row: one_decimal(on_time_rate(row.counts)),
        order=lambda row: (-row.counts.completed_on_time, row.name),
    )


def on_time_ranking(*, as_of: date, program: Program | None) -> dict[str, list[Placed[SummaryRow]]]:
    """Ministries and agencies, and provinces, each ranked among their own group, over the
    tasks each answers for (`selectors.public_ranking`): the same whoever looks."""
    counts = counts_by_top_org(as_of=as_of, program=program)
    rows = [
        SummaryRow(org.code, org.name, counts.get(org.path, StatusCounts()), group=org.group)
        for org in breakdown_orgs(None)
    ]
    return {
        group: rank_by_on_time(row for row in rows if row.group == group)
        for group in (OrgGroup.CENTRAL, OrgGroup.LOCAL)
    }


def ranking_as_dict(
    groups: dict[str, list[Placed[SummaryRow]]], *, as_of: date, program: Program | None
) -> dict[str, Any]:
    """The on-time ranking as the API answers it: per group, its rows in rank order."""
    return {
        "as_of": as_of.isoformat(),
        "program": program.code if program else None,
        "formula": ON_TIME_FORMULA,
        "groups": {
            group: [
                {
                    "rank": placed.rank,
                    "org": placed.item.key,
                    "name": placed.item.name,
                    **{key: getattr(placed.item.counts, key) for key in RANKING_FIGURES},
                    "on_time_rate": one_decimal(on_time_rate(placed.item.counts)),
                }
                for placed in ranked
            ]
            for group, ranked in groups.items()
        },
    }
