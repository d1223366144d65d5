"""The public rankings' figures, each with the address of the public list of exactly the tasks
it counts (`/ranking/<org>/tasks/`), and their JSON shapes for the API. Nothing here reads who
looks: the rankings are the same for everyone."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.urls import reverse

from nq57.core.ranking import Placed
from nq57.tasks.models import Program
from nq57.tasks.ranking import RANKING_FIGURES
from nq57.tasks.selectors.summaries import SummaryRow

from .composite import ScoredOrg
from .dashboard import Figure, OrgRow


def public_list_url(code: str, *, status: str, as_of: date, program: Program | None = None) -> str:
    """The public list of the tasks behind one figure of organisation `code`."""
    params = {"status": status, "as_of": as_of.isoformat()}
    if program is not None:
        params["program"] = program.code
    return f"{reverse('web:ranking_tasks', args=[code])}?{urlencode(params)}"


def ranked_rows(
    groups: dict[str, list[Placed[SummaryRow]]], *, as_of: date, program: Program | None
) -> dict[str, list[Placed[OrgRow]]]:
    """The on-time ranking's rows, every count a link to its public list."""

    def row_of(row: SummaryRow) -> OrgRow:
        figures = {
            key: Figure(
                getattr(row.counts, key),
                public_list_url(row.key, status=key, as_of=as_of, program=program),
            )
            for key in RANKING_FIGURES
        }
        return OrgRow(row.key, row.name, row.group, True, None, row.counts, figures)

    return {
        group: [Placed(placed.rank, row_of(placed.item)) for placed in ranked]
        for group, ranked in groups.items()
    }


def component_links(
    groups: dict[str, list[ScoredOrg]], *, as_of: date, today: date
) -> dict[str, dict[str, str]]:
    """Per organisation code, the public lists behind the composite's task components: the
    tasks fallen due as of the date (on-time completion), the open tasks today (freshness)."""
    return {
        scored.org.code: {
            "on_time": public_list_url(scored.org.code, status="fallen_due", as_of=as_of),
            "freshness": public_list_url(scored.org.code, status="open", as_of=today),
        }
        for ranked in groups.values()
        for scored in ranked
    }
