"""The ranking of the top-level organisations by on-time completion of the tasks they lead:
public, the same whoever looks, the formula stated on its page."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol, TypeVar

from nq57.core.actors import Actor
from nq57.core.ranking import Placed, rank_with_ties
from nq57.orgs.choices import OrgGroup

from .models import Program
from .selectors.summaries import SummaryQuery, SummaryRow, task_summary
from .status import StatusCounts, on_time_rate, one_decimal


class Rated(Protocol):
    """What the on-time ranking reads of a row."""

    @property
    def name(self) -> str: ...

    @property
    def counts(self) -> StatusCounts: ...


R = TypeVar("R", bound=Rated)


def rank_by_on_time(rows: Iterable[R]) -> list[Placed[R]]:
    """Highest on-time rate, as shown (one decimal), first; ties share a rank (1, 2, 2, 4) and
    are listed by more tasks completed on time, then by name; organisations with nothing
    fallen due come last, unranked, by name."""
    return rank_with_ties(
        rows,
        score=lambda row: one_decimal(on_time_rate(row.counts)),
        order=lambda row: (-row.counts.completed_on_time, row.name),
    )


def on_time_ranking(
    actor: Actor, *, as_of: date, program: Program | None
) -> dict[str, list[Placed[SummaryRow]]]:
    """Ministries and agencies, and provinces, each ranked among their own group."""
    _, rows = task_summary(actor, SummaryQuery(as_of=as_of, program=program, by="org"))
    return {
        group: rank_by_on_time(row for row in rows if row.group == group)
        for group in (OrgGroup.CENTRAL, OrgGroup.LOCAL)
    }
