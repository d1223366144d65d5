"""Ranking of the top-level organisations by on-time completion of their tasks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from nq57.orgs.choices import OrgGroup
from nq57.tasks.models import Program
from nq57.tasks.selectors import summaries
from nq57.tasks.selectors.summaries import SummaryQuery

from .dashboard import OrgRow, dashboard_rows


@dataclass(frozen=True)
class Ranked:
    rank: int | None
    row: OrgRow


def rank_rows(rows: list[OrgRow]) -> list[Ranked]:
    """Highest on-time rate first; ties share a rank (1, 2, 2, 4) and are listed by more
    tasks completed on time, then by name; organisations with nothing fallen due come last,
    unranked."""
    rated = [row for row in rows if row.on_time_rate is not None]
    rated.sort(key=lambda r: (-(r.on_time_rate or 0), -r.counts.completed_on_time, r.name))
    ranked: list[Ranked] = []
    for position, row in enumerate(rated, start=1):
        same = ranked and ranked[-1].row.on_time_rate == row.on_time_rate
        ranked.append(Ranked(ranked[-1].rank if same else position, row))
    unrated = sorted((row for row in rows if row.on_time_rate is None), key=lambda r: r.name)
    return ranked + [Ranked(None, row) for row in unrated]


def ranking(actor: Any, *, as_of: date, program: Program | None) -> dict[str, list[Ranked]]:
    """Ministries and agencies, and provinces, each ranked among their own group."""
    query = SummaryQuery(as_of=as_of, program=program, by="org")
    _, rows = summaries.task_summary(actor, query)
    base = {"as_of": as_of.isoformat(), "program": program.code if program else None}
    org_rows = dashboard_rows(rows, base, show_empty=True)
    return {
        group: rank_rows([row for row in org_rows if row.group == group])
        for group in (OrgGroup.CENTRAL, OrgGroup.LOCAL)
    }
