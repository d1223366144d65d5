"""Forms: those an actor may see, who was expected to send a data set's form and who did,
and those waiting for the actor's decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat
from django.http import Http404

from nq57.accounts.access import Actor, deciding_org_ids, organisations_with_role
from nq57.accounts.choices import REPORTING_ROLES
from nq57.core.errors import ValidationFailed
from nq57.core.periods import Period, PeriodType, period_of
from nq57.orgs.models import Organization

from .. import permissions
from ..aggregation import rounded
from ..choices import SubmissionStatus
from ..models import DataSet, Submission
from .figures import Scope, period_or_current, scope_from
from .form_values import FormWithValues, with_values

# A form is sent once submitted, and stays so when approved (not when returned).
SENT = (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED)


def get_dataset(code: str) -> DataSet:
    """The data set with that code, with its monitoring organisation, or 404."""
    dataset = DataSet.objects.select_related("monitor").filter(code=code).first()
    if dataset is None:
        raise Http404
    return dataset


def submission_list(actor: Actor) -> QuerySet[Submission]:
    """The forms the actor may see, latest period first, with their data set and
    organisation."""
    return (
        Submission.objects.visible_to(actor)
        .select_related("dataset", "org")
        .order_by("-period", "org__path")
    )


def get_submission_for_user(actor: Actor, pk: int) -> Submission:
    """The form, or 404 when it does not exist or the actor may not see it."""
    found = submission_list(actor).select_related("dataset__monitor").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class CompletenessRow:
    """How many organisations were expected to send a form, how many did, on time, approved."""

    org: Organization | None  # None: the whole scope
    expected: int
    submitted: int
    on_time: int
    approved: int

    @property
    def rate(self) -> Decimal | None:
        return rounded(Decimal(self.submitted) * 100 / self.expected) if self.expected else None


def completeness(
    dataset: DataSet, period: Period, org: Organization | None
) -> tuple[CompletenessRow, list[CompletenessRow], list[Organization]]:
    """Who was expected to submit the data set's form for the period, who did, on time, and
    who has not: for the scope, each organisation one level below, and the list of those
    missing (two queries, whatever the tree)."""
    expected = Organization.objects.filter(kind__in=dataset.reporter_kinds, is_active=True)
    if org is not None:
        expected = expected.filter(path__startswith=org.path)
    expected_orgs = list(expected.only("pk", "code", "name_vi", "name_en", "path", "kind"))
    sent = {
        org_id: (submitted_on, due, state)
        for org_id, submitted_on, due, state in Submission.objects.filter(
            dataset=dataset,
            period=period.code,
            status__in=SENT,
        ).values_list("org_id", "submitted_on", "due_on", "status")
    }
    rows_orgs = list(Organization.objects.filter(depth=0) if org is None else org.children.all())

    def tally(members: list[Organization], whose: Organization | None) -> CompletenessRow:
        done = [sent[m.pk] for m in members if m.pk in sent]
        return CompletenessRow(
            whose,
            len(members),
            len(done),
            sum(1 for submitted_on, due, _ in done if submitted_on and submitted_on <= due),
            sum(1 for *_, state in done if state == SubmissionStatus.APPROVED),
        )

    rows = []
    for row_org in rows_orgs:
        members = [m for m in expected_orgs if m.path.startswith(row_org.path)]
        if members:
            rows.append(tally(members, row_org))
    missing = [m for m in expected_orgs if m.pk not in sent]
    return tally(expected_orgs, org), rows, missing


def forms_to_decide(actor: Actor, dataset: DataSet, period: Period) -> list[Submission]:
    """Submitted forms of the data set and period waiting for the actor's decision (the
    monitoring organisation's approvers)."""

    if not permissions.can_approve_for(actor, dataset):
        return []
    return list(
        Submission.objects.filter(
            dataset=dataset, period=period.code, status=SubmissionStatus.SUBMITTED
        )
        .select_related("org")
        .order_by("submitted_on", "org__path")[:100]
    )


@dataclass(frozen=True)
class FormsPage:
    """The forms page: a data set's completeness for a period in a scope, the forms waiting
    for the viewer's decision with their values, and the problems with what was asked."""

    datasets: list[DataSet]
    dataset: DataSet
    period: Period
    scope: Scope
    whole: CompletenessRow
    rows: list[CompletenessRow]
    missing: list[Organization]
    pending: list[FormWithValues]
    problems: list[str]


def forms_page(actor: Actor, *, dataset: str, period: str, org: str, today: date) -> FormsPage:
    """The data set asked for (else the first), the period asked for turned into one of its
    kind (else the current one), the organisation's subtree (else the nation)."""
    datasets = list(DataSet.objects.order_by("code"))
    chosen = next((d for d in datasets if d.code == dataset), datasets[0])
    kind = PeriodType(chosen.period_type)
    asked, problem = period_or_current(period, kind, today=today)
    problems = [problem] if problem else []
    if asked.type is not kind:
        asked = period_of(asked.start, kind)
    try:
        scope = scope_from(org or None)
    except ValidationFailed as failure:
        problems.append(failure.message)
        scope = scope_from()
    whole, rows, missing = completeness(chosen, asked, scope.org)
    pending = with_values(chosen, asked.code, forms_to_decide(actor, chosen, asked))
    return FormsPage(datasets, chosen, asked, scope, whole, rows, missing, pending, problems)


def forms_to_approve(actor: Actor) -> QuerySet[Submission]:
    """Submitted forms of every data set and period waiting for the actor's decision (the
    monitoring organisation's approvers, and the secretariat), the earliest sent first."""
    orgs = deciding_org_ids(actor)
    qs = Submission.objects.filter(status=SubmissionStatus.SUBMITTED)
    if orgs is not None:
        qs = qs.filter(dataset__monitor_id__in=orgs)
    return qs.select_related("dataset", "org").order_by("submitted_on", "period", "org__path")


def forms_returned(actor: Actor) -> QuerySet[Submission]:
    """Forms returned to the organisations where the actor enters values (exactly there),
    the latest returned first: to be corrected and sent again."""
    orgs = organisations_with_role(actor, REPORTING_ROLES)
    return (
        Submission.objects.filter(status=SubmissionStatus.RETURNED, org_id__in=orgs)
        .select_related("dataset", "org")
        .order_by("-decided_on", "-pk")
    )


def reporting_period(dataset: DataSet, today: date) -> Period:
    """The period whose form is being reported now: the last one that has ended (November's
    from 1 December, due `due_days` later)."""
    return period_of(today, PeriodType(dataset.period_type)).previous()


def forms_owed(actor: Actor, today: date) -> QuerySet[DataSet]:
    """The data sets whose form for the period being reported one of the actor's
    organisations (where they enter values, exactly there) must send and has not sent."""
    # One query, data sets and all (the menu counts it on every page): the period being
    # reported is chosen per data set by its period type, and an organisation must report
    # when its kind, quoted, is in the data set's JSON list of kinds.
    being_reported = Case(
        *[
            When(period_type=kind.value, then=Value(period_of(today, kind).previous().code))
            for kind in PeriodType
        ],
        output_field=CharField(),
    )
    sent = Submission.objects.filter(
        dataset=OuterRef(OuterRef("pk")),
        org=OuterRef("pk"),
        period=OuterRef(OuterRef("being_reported")),
        status__in=SENT,
    )
    owing = (
        Organization.objects.filter(
            pk__in=organisations_with_role(actor, REPORTING_ROLES), is_active=True
        )
        .annotate(
            quoted_kind=Concat(Value('"'), F("kind"), Value('"')),
            kinds_of_dataset=Cast(OuterRef("reporter_kinds"), TextField()),
        )
        .filter(kinds_of_dataset__contains=F("quoted_kind"))
        .filter(~Exists(sent))
    )
    return (
        DataSet.objects.annotate(being_reported=being_reported)
        .filter(Exists(owing))
        .order_by("code")
    )


def organisations_owing(dataset: DataSet, period: Period) -> QuerySet[Organization]:
    """Every active organisation that must send the data set's form for the period and has
    not sent it (a returned or draft form is not sent)."""
    sent = Submission.objects.filter(
        dataset=dataset, org=OuterRef("pk"), period=period.code, status__in=SENT
    )
    return Organization.objects.filter(kind__in=dataset.reporter_kinds, is_active=True).filter(
        ~Exists(sent)
    )
