"""Every read of indicator figures: from the rollups only, a handful of rows per figure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from nq57.core.errors import ValidationFailed
from nq57.core.periods import Period, PeriodError, PeriodType, parse_period
from nq57.core.scoping import scope_of
from nq57.orgs.choices import OrgGroup
from nq57.orgs.lookup import OrgLookupError, resolve_org
from nq57.orgs.models import Organization

from .aggregation import NATIONAL, FigureScope, indicator_figure, progress_status, rounded
from .choices import Direction, Formula, ProgressStatus, ScopeKind, SubmissionStatus
from .models import DataSet, Indicator, Submission, Target, ValueRollup


@dataclass(frozen=True)
class Scope:
    """Whose figure, as asked: an organisation (with everything below it), a group, or the
    nation."""

    figure: FigureScope
    org: Organization | None = None

    @property
    def label(self) -> str:
        if self.org is not None:
            return self.org.code
        return self.figure.key or "national"


def scope_from(org: str | None = None, group: str | None = None) -> Scope:
    """The scope named by an organisation (code or name) or a group; the nation without."""
    if org and group:
        raise ValidationFailed(
            _("give an organisation or a group, not both"), fields={"group": [_("not both")]}
        )
    if org:
        try:
            found = resolve_org(org)
        except OrgLookupError as exc:
            raise ValidationFailed(str(exc), fields={"org": [str(exc)]}) from None
        return Scope(FigureScope(ScopeKind.ORG, str(found.pk)), found)
    if group:
        if group not in OrgGroup.values:
            message = _("group must be central or local")
            raise ValidationFailed(message, fields={"group": [message]})
        return Scope(FigureScope(ScopeKind.GROUP, group))
    return Scope(FigureScope(ScopeKind.NATIONAL, NATIONAL))


def get_indicator(code: str) -> Indicator:
    indicator = Indicator.objects.select_related("monitor").filter(code=code).first()
    if indicator is None:
        raise Http404
    return indicator


def period_for(indicator: Indicator, text: str) -> Period:
    """The period asked for, as long as the indicator's data are entered or longer."""
    try:
        period = parse_period(text)
    except PeriodError as exc:
        raise ValidationFailed(str(exc), fields={"period": [str(exc)]}) from None
    shortest = max(
        PeriodType(term.element.dataset.period_type).months
        for term in indicator.terms.select_related("element__dataset")
    )
    if period.type.months < shortest:
        message = _("%(code)s is computed for periods of %(months)s month(s) or longer") % {
            "code": indicator.code,
            "months": shortest,
        }
        raise ValidationFailed(message, fields={"period": [message]})
    return period


@dataclass(frozen=True)
class IndicatorValue:
    indicator: Indicator
    period: Period
    scope: Scope
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    target: Target | None
    progress_status: ProgressStatus | None
    contributors: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator.code,
            "name": self.indicator.name,
            "period": self.period.code,
            "scope": self.scope.label,
            "scope_kind": self.scope.figure.kind.value,
            "value": _number(rounded(self.value)),
            "unit": self.indicator.unit,
            "numerator": _number(self.numerator),
            "denominator": _number(self.denominator),
            "target": _number(self.target.value) if self.target else None,
            "target_period": self.target.period if self.target else None,
            "progress_status": self.progress_status.value if self.progress_status else None,
            "contributors": self.contributors,
        }


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def indicator_value(
    indicator: Indicator, period: Period, scope: Scope, *, today: date
) -> IndicatorValue:
    """An indicator's figure for a scope and a period, with its target and the judgement,
    read from the rollups (one query for the terms, one for the target)."""
    terms = list(indicator.terms.order_by("position").values_list("element_id", flat=True))
    rows = {
        element_id: (total, contributors)
        for element_id, total, contributors in ValueRollup.objects.filter(
            element_id__in=terms,
            scope=scope.figure.kind,
            scope_key=scope.figure.key,
            period=period.code,
        ).values_list("element_id", "total", "contributors")
    }
    totals = [rows[pk][0] if pk in rows and rows[pk][1] else None for pk in terms]
    figure = indicator_figure(Formula(indicator.formula), totals, indicator.factor)
    target = _target_for(indicator, period, scope)
    status = None
    if target is not None:
        target_period = parse_period(target.period)
        baseline_on = parse_period(target.baseline_period).end if target.baseline_period else None
        status = progress_status(
            value=figure.value,
            direction=Direction(indicator.direction),
            target=target.value,
            target_on=target_period.end,
            baseline=target.baseline,
            baseline_on=baseline_on,
            as_of=min(period.end, today),
        )
    return IndicatorValue(
        indicator,
        period,
        scope,
        figure.value,
        figure.numerator,
        figure.denominator,
        target,
        status,
        max((rows[pk][1] for pk in terms if pk in rows), default=0),
    )


def _target_for(indicator: Indicator, period: Period, scope: Scope) -> Target | None:
    """The target of the shortest period covering `period`: the organisation's own, else the
    national one (which every organisation and group is held to)."""
    candidates = [
        target
        for target in Target.objects.filter(indicator=indicator).order_by("org_id")
        if (target.org_id is None or (scope.org is not None and target.org_id == scope.org.pk))
        and parse_period(target.period).covers(period)
    ]
    candidates.sort(key=lambda t: (t.org_id is None, parse_period(t.period).type.months))
    return candidates[0] if candidates else None


def submissions_visible_to(actor: Any) -> QuerySet[Submission]:
    """Forms of the organisations in the actor's scope, and those of the data sets their
    organisation monitors."""
    scope = scope_of(actor)
    forms = Submission.objects.select_related("dataset", "org").order_by("-period", "org__path")
    if scope.everything:
        return forms
    monitored = Q(dataset__monitor_id__in=scope.subtree_org_ids())
    return forms.filter(Q(org_id__in=scope.subtree_org_ids()) | monitored)


@dataclass(frozen=True)
class CompletenessRow:
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
            status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED],
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
