"""Every read of indicator figures: from the rollups only, a handful of rows per figure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.accounts.access import scope_of
from nq57.core.errors import ValidationFailed
from nq57.core.periods import Period, PeriodError, PeriodType, parse_period, period_of
from nq57.orgs.choices import OrgGroup
from nq57.orgs.lookup import OrgLookupError, resolve_org
from nq57.orgs.models import Organization

from . import permissions
from .aggregation import NATIONAL, FigureScope, indicator_figure, progress_status, rounded
from .choices import Direction, Formula, ProgressStatus, ScopeKind, SubmissionStatus
from .models import (
    DataElement,
    DataSet,
    DataValue,
    Indicator,
    IndicatorTerm,
    Submission,
    Target,
    ValueRollup,
)


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
    """An indicator's figure for a scope and a period, with its target and the judgement."""
    return figures([indicator], [period], [scope], today=today)[indicator.code, scope.label, period]


FigureKey = tuple[str, str, Period]  # indicator code, scope label, period


def figures(
    indicators: Sequence[Indicator],
    periods: Sequence[Period],
    scopes: Sequence[Scope],
    *,
    today: date,
) -> dict[FigureKey, IndicatorValue]:
    """Every indicator's figure for every scope and period asked, from the rollups, in three
    queries whatever their number: the terms, the rollup rows, the targets."""
    terms: dict[int, list[int]] = {indicator.pk: [] for indicator in indicators}
    for indicator_id, element_id in (
        IndicatorTerm.objects.filter(indicator__in=indicators)
        .order_by("indicator_id", "position")
        .values_list("indicator_id", "element_id")
    ):
        terms[indicator_id].append(element_id)
    condition = Q(pk__in=[])
    for scope in scopes:
        condition |= Q(scope=scope.figure.kind, scope_key=scope.figure.key)
    stored: dict[tuple[int, str, str, str], tuple[Decimal, int]] = {
        (element_id, kind, key, period): (total, contributors)
        for element_id, kind, key, period, total, contributors in ValueRollup.objects.filter(
            condition,
            element_id__in={pk for pks in terms.values() for pk in pks},
            period__in={period.code for period in periods},
        ).values_list("element_id", "scope", "scope_key", "period", "total", "contributors")
    }
    targets = list(Target.objects.filter(indicator__in=indicators))
    answers: dict[FigureKey, IndicatorValue] = {}
    for indicator in indicators:
        for scope in scopes:
            for period in periods:
                rows = [
                    stored.get((pk, scope.figure.kind.value, scope.figure.key, period.code))
                    for pk in terms[indicator.pk]
                ]
                totals = [row[0] if row and row[1] else None for row in rows]
                figure = indicator_figure(Formula(indicator.formula), totals, indicator.factor)
                target = _target_for(indicator, period, scope, targets)
                answers[indicator.code, scope.label, period] = IndicatorValue(
                    indicator,
                    period,
                    scope,
                    figure.value,
                    figure.numerator,
                    figure.denominator,
                    target,
                    _judge(indicator, figure.value, target, period, today),
                    max((row[1] for row in rows if row), default=0),
                )
    return answers


def _judge(
    indicator: Indicator,
    value: Decimal | None,
    target: Target | None,
    period: Period,
    today: date,
) -> ProgressStatus | None:
    if target is None:
        return None
    return progress_status(
        value=value,
        direction=Direction(indicator.direction),
        target=target.value,
        target_on=parse_period(target.period).end,
        baseline=target.baseline,
        baseline_on=parse_period(target.baseline_period).end if target.baseline_period else None,
        as_of=min(period.end, today),
    )


def _target_for(
    indicator: Indicator, period: Period, scope: Scope, targets: Sequence[Target]
) -> Target | None:
    """The target of the shortest period covering `period`: the organisation's own, else the
    national one (which every organisation and group is held to)."""
    candidates = [
        target
        for target in targets
        if target.indicator_id == indicator.pk
        and (target.org_id is None or (scope.org is not None and target.org_id == scope.org.pk))
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


# --- pages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    indicator: Indicator
    national: IndicatorValue
    central: IndicatorValue
    local: IndicatorValue


def overview(period: Period, *, today: date) -> list[Card]:
    """A card per indicator for the period (those entered for longer periods than asked get
    the period of their own kind that holds it), in three queries."""
    # Those the committees set targets for first: the figures quoted in their notices.
    indicators = sorted(
        Indicator.objects.select_related("monitor").annotate(targeted=Count("targets")),
        key=lambda indicator: (not indicator.targeted, indicator.code),
    )
    scopes = [scope_from(), scope_from(group="central"), scope_from(group="local")]
    own = {indicator.code: _fitting(indicator, period) for indicator in indicators}
    found = figures(indicators, sorted(set(own.values())), scopes, today=today)
    return [
        Card(
            indicator,
            *(found[indicator.code, scope.label, own[indicator.code]] for scope in scopes),
        )
        for indicator in indicators
    ]


def _fitting(indicator: Indicator, period: Period) -> Period:
    """`period`, or the period of the indicator's own kind holding it when `period` is
    shorter than what the indicator is computed for."""
    kind = PeriodType(indicator.period_type)
    return period if period.type.months >= kind.months else period_of(period.start, kind)


@dataclass(frozen=True)
class OrgFigure:
    code: str
    name: str
    org: Organization | None
    figure: IndicatorValue
    has_children: bool


@dataclass(frozen=True)
class IndicatorPage:
    indicator: Indicator
    scope: Scope
    total: OrgFigure
    central_rows: list[OrgFigure]
    local_rows: list[OrgFigure]
    trend: list[IndicatorValue]
    values: list[DataValue]
    values_hidden: bool
    breadcrumbs: list[Organization]

    @property
    def rows(self) -> list[OrgFigure]:
        return [*self.central_rows, *self.local_rows]


def indicator_page(
    actor: Any, indicator: Indicator, period: Period, scope: Scope, *, today: date
) -> IndicatorPage:
    """Everything the indicator page shows, in a bounded number of queries: the figure of
    the scope, of each organisation one level below it, the trend of the scope through the
    year, and the values entered for the organisation itself when the viewer may see them
    (its own subtree's, or those of approved forms)."""
    org = scope.org
    below = list(
        Organization.objects.filter(depth=0).order_by("path")
        if org is None
        else org.children.order_by("path")
    )
    parents = set(
        Organization.objects.filter(parent__in=below)
        .order_by()
        .values_list("parent_id", flat=True)
        .distinct()
    )
    row_scopes = [Scope(FigureScope(ScopeKind.ORG, str(o.pk)), o) for o in below]
    kind = PeriodType(indicator.period_type)
    steps = [p for p in parse_period(str(period.year)).months() if p.end <= period.end]
    trend_periods = sorted({period_of(p.start, kind) for p in steps}) or [period]
    found = figures(
        [indicator], sorted({period, *trend_periods}), [scope, *row_scopes], today=today
    )
    rows = [
        OrgFigure(o.code, o.name, o, found[indicator.code, s.label, period], o.pk in parents)
        for o, s in zip(below, row_scopes, strict=True)
    ]
    total = OrgFigure(
        org.code if org else "",
        org.name if org else _("Whole country"),
        org,
        found[indicator.code, scope.label, period],
        True,
    )
    values: list[DataValue] = []
    hidden = False
    if org is not None:
        if permissions.can_see_values_of(actor, org):
            values = list(
                DataValue.objects.filter(
                    org=org,
                    element__in=indicator.terms.values("element"),
                    starts_on__gte=period.start,
                    ends_on__lte=period.end,
                )
                .select_related("element", "entered_by")
                .order_by("starts_on", "element__code")
            )
        else:
            hidden = True
    return IndicatorPage(
        indicator,
        scope,
        total,
        [r for r in rows if r.org and r.org.group == "central"],
        [r for r in rows if r.org and r.org.group == "local"],
        [found[indicator.code, scope.label, p] for p in trend_periods],
        values,
        hidden,
        [*org.ancestors(), org] if org else [],
    )


@dataclass(frozen=True)
class EntryChoice:
    """What the entry page is about: a data set, an organisation the user enters for, a
    period; and the elements with their stored values."""

    datasets: list[DataSet]
    orgs: list[Organization]
    dataset: DataSet | None
    org: Organization | None
    period: Period | None
    elements: list[DataElement]
    stored: dict[str, DataValue]
    submission: Submission | None
    problem: str = ""

    @property
    def ready(self) -> bool:
        return self.dataset is not None and self.org is not None and self.period is not None

    @property
    def query(self) -> str:
        if not self.ready:
            return ""
        assert self.dataset
        assert self.org
        assert self.period
        return f"dataset={self.dataset.code}&org={self.org.code}&period={self.period.code}"


def entry_choice(actor: Any, params: Any) -> EntryChoice:
    """The data set, organisation and period of the entry page, checked: only organisations
    the user enters for, only periods of the data set's kind."""

    datasets = list(DataSet.objects.select_related("monitor").order_by("code"))
    scope = scope_of(actor)
    enterable = Organization.objects.order_by("path")
    if not scope.everything:
        enterable = enterable.filter(pk__in=scope.subtree_org_ids())
    # The organisations the user belongs to come first; the rest of their subtrees by code.
    own = [m.organization for m in actor.memberships.select_related("organization")]
    dataset = next((d for d in datasets if d.code == params.get("dataset")), None)
    org = None
    problem = ""
    if params.get("org"):
        try:
            org = resolve_org(params["org"])
        except OrgLookupError as exc:
            problem = str(exc)
        if org is not None and not permissions.can_enter_for(actor, org.path):
            org, problem = None, _("You may not enter values for this organisation.")
    elif own:
        org = own[0]
    period = None
    if dataset is not None:
        kind = PeriodType(dataset.period_type)
        try:
            period = parse_period(params["period"]) if params.get("period") else None
        except PeriodError as exc:
            problem = str(exc)
        if period is None or period.type is not kind:
            period = period_of(timezone.localdate(), kind).previous()
    elements = list(dataset.elements.order_by("pk")) if dataset else []
    stored: dict[str, DataValue] = {}
    submission = None
    if dataset is not None and org is not None and period is not None:
        stored = {
            v.element.code: v
            for v in DataValue.objects.filter(
                org=org, element__in=elements, period=period.code
            ).select_related("element")
        }
        submission = Submission.objects.filter(dataset=dataset, org=org, period=period.code).first()
    return EntryChoice(
        datasets,
        own or list(enterable[:50]),
        dataset,
        org,
        period,
        elements,
        stored,
        submission,
        problem,
    )


def forms_to_decide(actor: Any, dataset: DataSet, period: Period) -> list[Submission]:
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


def get_submission_for_user(actor: Any, pk: int) -> Submission:
    found = submissions_visible_to(actor).select_related("dataset__monitor").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
