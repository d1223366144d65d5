"""An indicator's figure for any scope and period, read from the rollups only: a handful of
rows per figure, with its target and the judgement against it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from nq57.core.errors import ValidationFailed
from nq57.core.periods import Period, PeriodError, PeriodType, parse_period, period_of
from nq57.orgs.choices import OrgGroup
from nq57.orgs.lookup import OrgLookupError, resolve_org
from nq57.orgs.models import Organization

from ..aggregation import NATIONAL, FigureScope, indicator_figure, progress_status, rounded
from ..choices import Direction, Formula, ProgressStatus, ScopeKind
from ..models import Indicator, IndicatorTerm, Target, ValueRollup


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
    """The indicator with that code, or 404 (the catalogue is public)."""
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


def period_or_current(text: str, kind: PeriodType, *, today: date) -> tuple[Period, str]:
    """The period `text` names; else (blank, or not understood: the problem is returned) the
    current period of `kind`."""
    text = text.strip()
    if text:
        try:
            return parse_period(text), ""
        except PeriodError as exc:
            return period_of(today, kind), str(exc)
    return period_of(today, kind), ""


# What a figure's `visibility` says: shown, or withheld until the organisation's forms are
# approved (the API's contract: the numbers are then null, never zero).
SHOWN, NOT_YET_APPROVED = "shown", "not_yet_approved"


@dataclass(frozen=True)
class IndicatorValue:
    """A figure as pages, the API and exports show it."""

    indicator: Indicator
    period: Period
    scope: Scope
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    target: Target | None
    progress_status: ProgressStatus | None
    contributors: int
    # An organisation's figure counting values not yet approved, for someone outside it
    # (`visibility.figures_for`): shown as "not yet approved", its numbers kept back.
    is_withheld: bool = False

    def withheld(self) -> IndicatorValue:
        """This figure as those outside the organisation see it before its form is approved:
        the target stays (targets are public), the numbers go."""
        return replace(
            self,
            value=None,
            numerator=None,
            denominator=None,
            progress_status=None,
            contributors=0,
            is_withheld=True,
        )

    def as_dict(self) -> dict[str, Any]:
        if self.is_withheld:
            numbers = dict.fromkeys(
                ("value", "numerator", "denominator", "progress_status", "contributors")
            )
            return {**self._described(), **numbers, "visibility": NOT_YET_APPROVED}
        return {
            **self._described(),
            "value": _number(rounded(self.value)),
            "numerator": _number(self.numerator),
            "denominator": _number(self.denominator),
            "progress_status": self.progress_status.value if self.progress_status else None,
            "contributors": self.contributors,
            "visibility": SHOWN,
        }

    def _described(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator.code,
            "name": self.indicator.name,
            "period": self.period.code,
            "scope": self.scope.label,
            "scope_kind": self.scope.figure.kind.value,
            "unit": self.indicator.unit,
            "target": _number(self.target.value) if self.target else None,
            "target_period": self.target.period if self.target else None,
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
