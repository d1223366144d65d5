"""The daily judge (`manage.py commitments_judge`): each commitment that fell due on or
before the day and is not judged yet is judged as of its due date from what it is linked to,
read through each app's own as-of rules, and the judgement recorded once, audited and told to
the organisation and the secretariat.

A task counts as met when its completion was confirmed on or before the due date; a database
when its status in force that day is the promised one or further along; money when the
disbursements dated by then reach the promised share of the approval in force then. Indicator
figures have no dated history (the rollups hold the figure as it stands): the judge runs on the
due date, and a late run reads the figure then."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse

from nq57.accounts.access import holders_of
from nq57.accounts.choices import REPORTING_ROLES
from nq57.budget.choices import Stage
from nq57.budget.selectors.figures import disbursements, entries_in_force
from nq57.core import audit
from nq57.core.actors import SYSTEM
from nq57.core.periods import parse_period
from nq57.indicators.aggregation import FigureScope
from nq57.indicators.choices import Direction, ScopeKind
from nq57.indicators.selectors.figures import Scope, figures
from nq57.notices.services import notify
from nq57.registry.models import StatusEntry
from nq57.tasks.models import Task
from nq57.tasks.selectors.status_sql import annotate_status
from nq57.tasks.status import Status

from . import events, notices
from .choices import LinkKind
from .models import Commitment, Judgement
from .rules import LinkFinding, judge, reaches, share_reaches, status_reaches

COMPLETED = {Status.COMPLETED_ON_TIME.value, Status.COMPLETED_LATE.value}


def _plain(value: object) -> str:
    text = format(value, "f") if not isinstance(value, str) else value
    return text.rstrip("0").rstrip(".") if "." in text else text


def findings_as_of(commitment: Commitment, day: date) -> list[LinkFinding]:
    """Each link of the commitment as found on `day` (see the module for what meets each)."""
    found: list[LinkFinding] = []
    task_ids = [link.task_id for link in commitment.task_links.all()]
    tasks = annotate_status(Task.objects.filter(pk__in=task_ids).select_related("program"), day)
    for task in tasks.order_by("program__code", "code"):
        status = getattr(task, "status", None) or ""
        found.append(
            LinkFinding(
                LinkKind.TASK,
                f"{task.program.code}/{task.code} {task.title}"[:300],
                "completed",
                status or "not_assigned",
                status in COMPLETED,
            )
        )
    org = commitment.organization
    indicator_links = list(commitment.indicator_links.select_related("indicator"))
    if indicator_links:
        scope = Scope(FigureScope(ScopeKind.ORG, str(org.pk)), org)
        periods = sorted({parse_period(link.period) for link in indicator_links}, key=str)
        values = figures([link.indicator for link in indicator_links], periods, [scope], today=day)
        for link in indicator_links:
            figure = values[link.indicator.code, scope.label, parse_period(link.period)]
            higher = link.indicator.direction == Direction.HIGHER
            found.append(
                LinkFinding(
                    LinkKind.INDICATOR,
                    f"{link.indicator.code} {link.period} {link.indicator.name}"[:300],
                    ("≥ " if higher else "≤ ") + _plain(link.target),
                    _plain(figure.value) if figure.value is not None else "",
                    reaches(figure.value, link.target, higher_is_better=higher),
                )
            )
    for db_link in commitment.database_links.select_related("database"):
        entry = (
            StatusEntry.objects.filter(database=db_link.database, since__lte=day)
            .order_by("-since")
            .first()
        )
        status = entry.status if entry else None
        found.append(
            LinkFinding(
                LinkKind.DATABASE,
                f"{db_link.database.code} {db_link.database.name}"[:300],
                db_link.status,
                status or "",
                status_reaches(status, db_link.status),
            )
        )
    for money in commitment.budget_links.select_related("programme"):
        approved = (
            entries_in_force(money.year, day)
            .filter(organization=org, programme=money.programme, stage=Stage.APPROVED)
            .values_list("amount", flat=True)
        )
        approved_amount = sum(approved)
        disbursed = (
            disbursements(money.year, day)
            .filter(organization=org, programme=money.programme)
            .aggregate(total=Sum("amount"))["total"]
            or 0
        )
        share = f"{disbursed * 100 / approved_amount:.1f}" if approved_amount else ""
        found.append(
            LinkFinding(
                LinkKind.BUDGET,
                f"{money.year} {money.programme.code}",
                _plain(money.share),
                share,
                share_reaches(disbursed, approved_amount, money.share),
            )
        )
    return found


@dataclass(frozen=True)
class Judged:
    judged: int
    waiting: int  # not yet due

    def __str__(self) -> str:
        return f"commitments judged: {self.judged}; not yet due: {self.waiting}"


def _judge_one(commitment: Commitment) -> bool:
    """Judge one commitment as of its due date, once; False when another run was first."""
    findings = findings_as_of(commitment, commitment.due_on)
    verdict = judge(findings)
    try:
        with transaction.atomic():
            Judgement.objects.create(
                commitment=commitment,
                outcome=verdict.outcome,
                share=verdict.share,
                judged_on=commitment.due_on,
                details=[finding.as_dict() for finding in findings],
            )
            audit.record(
                SYSTEM,
                events.COMMITMENT_JUDGED,
                subject=commitment,
                data={
                    "outcome": verdict.outcome.value,
                    "share": str(verdict.share),
                    "met": verdict.met,
                    "links": verdict.total,
                },
            )
            recipients = holders_of(
                REPORTING_ROLES, org_ids=[commitment.organization_id], with_secretariat=True
            )
            notify(
                notices.JUDGED[verdict.outcome],
                recipients,
                key=f"commitment.judged:{commitment.pk}",
                params={
                    "leader": commitment.leader.full_name,
                    "org": commitment.organization.code,
                    "due_on": commitment.due_on.strftime("%d/%m/%Y"),
                    "share": str(verdict.share),
                },
                link=reverse("commitments:detail", args=[commitment.pk]),
            )
    except IntegrityError:
        return False  # judged meanwhile by another run: once is enough
    return True


def judge_due(on: date) -> Judged:
    """Judge every commitment due on or before `on` not judged yet (idempotent: a second run
    the same day, or a later one, judges nothing twice)."""
    due = (
        Commitment.objects.filter(due_on__lte=on, judgement__isnull=True)
        .select_related("organization", "leader")
        .prefetch_related("task_links")
        .order_by("due_on", "pk")
    )
    judged = sum(1 for commitment in due if _judge_one(commitment))
    waiting = Commitment.objects.filter(due_on__gt=on, judgement__isnull=True).count()
    return Judged(judged=judged, waiting=waiting)
