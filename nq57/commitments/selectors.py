"""Reads of commitments: the tally per organisation, the pages' rows."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from nq57.core.actors import Actor
from nq57.orgs.models import Organization
from nq57.registry.choices import DatabaseStatus
from nq57.tasks.choices import STATUS_LABELS

from .choices import LinkKind, Outcome
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


@dataclass(frozen=True)
class FindingRow:
    """One link of a judgement as the page shows it: words for codes, numbers as numbers."""

    kind: str
    label: str
    promised: str | Decimal
    found: str | Decimal
    is_met: bool
    unit: str = ""


def _as_number(text: str) -> Decimal | str:
    try:
        return Decimal(text)
    except InvalidOperation:
        return text


def _words(kind: str, value: str) -> str | Decimal:
    if not value:
        return ""
    if kind == LinkKind.TASK:
        if value == "completed":
            return str(_("Completed"))
        if value == "not_assigned":
            return str(_("Not assigned by then"))
        return str(STATUS_LABELS.get(value, value))
    if kind == LinkKind.DATABASE:
        return str(DatabaseStatus(value).label) if value in DatabaseStatus.values else value
    return _as_number(value)


def finding_rows(judgement: Judgement) -> list[FindingRow]:
    """The judgement's findings, each link's promise and finding in the reader's words."""
    rows = []
    for detail in judgement.details:
        kind = str(detail.get("kind", ""))
        promised = str(detail.get("promised", ""))
        sign = ""
        if kind == LinkKind.INDICATOR and promised[:2] in ("≥ ", "≤ "):
            sign, promised = promised[:2], promised[2:]
        shown = _words(kind, promised)
        rows.append(
            FindingRow(
                kind=kind,
                label=str(detail.get("label", "")),
                promised=f"{sign}{number_format(shown)}" if sign else shown,
                found=_words(kind, str(detail.get("found", ""))),
                is_met=bool(detail.get("is_met")),
                unit="%" if kind == LinkKind.BUDGET else "",
            )
        )
    return rows
