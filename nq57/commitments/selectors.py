"""Reads of commitments: the tally per organisation, the pages' rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from .choices import Outcome
from .models import Commitment


@dataclass(frozen=True)
class CommitmentTally:
    judged: int  # commitments due within the year that have been judged
    kept: int
    partly: int
    broken: int


def commitment_tally(year: int) -> dict[int, CommitmentTally]:
    """Keyed by the committing Organization's id; only organisations with a judged commitment
    due in `year`."""
    rows = (
        Commitment.objects.filter(due_on__year=year, judgement__isnull=False)
        .values("organization_id")
        .annotate(
            judged=Count("pk"),
            kept=Count("pk", filter=Q(judgement__outcome=Outcome.KEPT)),
            partly=Count("pk", filter=Q(judgement__outcome=Outcome.PARTLY)),
            broken=Count("pk", filter=Q(judgement__outcome=Outcome.BROKEN)),
        )
        .order_by()
    )
    return {
        row["organization_id"]: CommitmentTally(
            row["judged"], row["kept"], row["partly"], row["broken"]
        )
        for row in rows
    }
