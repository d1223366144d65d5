"""Reads of commitments: the tally per organisation, the pages' rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from nq57.core.actors import Actor
from nq57.orgs.models import Organization

from .choices import Outcome
from .models import Commitment, Judgement, Leader
from .record import with_links


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


def get_commitment_for_user(actor: Actor, pk: int) -> Commitment:
    """A commitment the official sees, its links loaded; 404 when missing or not theirs."""
    found = with_links(Commitment.objects.visible_to(actor).filter(pk=pk)).select_related(
        "judgement", "organization", "leader"
    )
    commitment = found.first()
    if commitment is None:
        raise Http404
    return commitment


def get_signed_commitment(pk: int) -> Commitment:
    """A signed commitment, public: its file is on the organisation's public page."""
    commitment = Commitment.objects.filter(pk=pk).exclude(signed_file="").first()
    if commitment is None:
        raise Http404
    return commitment


def _public_rows(queryset: QuerySet[Commitment]) -> list[Commitment]:
    return list(
        queryset.select_related("leader", "organization", "judgement").order_by("-due_on", "pk")
    )


def judgement_of(commitment: Commitment) -> Judgement | None:
    return commitment.judgement_or_none


@dataclass(frozen=True)
class OutcomeCounts:
    kept: int
    partly: int
    broken: int
    open: int


def outcome_counts(commitments: list[Commitment]) -> OutcomeCounts:
    outcomes = [c.judgement.outcome if c.judgement_or_none else None for c in commitments]
    return OutcomeCounts(
        kept=outcomes.count(Outcome.KEPT),
        partly=outcomes.count(Outcome.PARTLY),
        broken=outcomes.count(Outcome.BROKEN),
        open=outcomes.count(None),
    )


@dataclass(frozen=True)
class OrgCommitments:
    """An organisation's public page of commitments: each with its judgement."""

    organization: Organization
    commitments: list[Commitment]
    counts: OutcomeCounts


def org_commitments(code: str) -> OrgCommitments:
    """Public: every commitment of the organisation of `code` (404 when there is none)."""
    org = Organization.objects.filter(code=code).first()
    if org is None:
        raise Http404
    rows = _public_rows(Commitment.objects.filter(organization=org))
    return OrgCommitments(org, rows, outcome_counts(rows))


@dataclass(frozen=True)
class LeaderRecord:
    """A leader's record: their commitments over time, oldest first, with outcomes."""

    leader: Leader
    commitments: list[Commitment]
    counts: OutcomeCounts


def leader_record(pk: int) -> LeaderRecord:
    """Public, as the commitments are: the leader's commitments by due date."""
    leader = Leader.objects.select_related("organization").filter(pk=pk).first()
    if leader is None:
        raise Http404
    rows = list(
        Commitment.objects.filter(leader=leader)
        .select_related("leader", "organization", "judgement")
        .order_by("due_on", "pk")
    )
    return LeaderRecord(leader, rows, outcome_counts(rows))
