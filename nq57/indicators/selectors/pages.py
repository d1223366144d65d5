"""The indicator pages: a card per indicator, and one indicator's page (its scope, the
organisations one level below, the trend through the year, the values behind it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.utils.translation import gettext as _

from nq57.accounts.access import Actor
from nq57.core.periods import Period, PeriodType, parse_period, period_of
from nq57.orgs.models import Organization

from ..aggregation import FigureScope
from ..choices import IndicatorGroup, ScopeKind
from ..models import DataValue, Indicator
from . import visibility
from .figures import IndicatorValue, Scope, figures, scope_from
from .periods import opening_period


@dataclass(frozen=True)
class Card:
    """An indicator's figures on the overview: the nation's, the central and local groups'."""

    indicator: Indicator
    national: IndicatorValue
    central: IndicatorValue
    local: IndicatorValue


def overview(period: Period | None, *, today: date) -> tuple[Period, list[Card]]:
    """A card per indicator for the period (those entered for longer periods than asked get
    the period of their own kind that holds it), in four queries; without a period, the
    latest that has data (two more). The period shown, and the cards."""
    # The strategic ones first, then those the committees set targets for: the figures
    # quoted in their notices.
    indicators = sorted(
        Indicator.objects.select_related("monitor").annotate(targeted=Count("targets")),
        key=lambda indicator: (
            indicator.group != IndicatorGroup.STRATEGIC,
            not indicator.targeted,
            indicator.code,
        ),
    )
    if period is None:
        period = opening_period(indicators, today=today)
    scopes = [scope_from(), scope_from(group="central"), scope_from(group="local")]
    own = {indicator.code: _fitting(indicator, period) for indicator in indicators}
    found = figures(indicators, sorted(set(own.values())), scopes, today=today)
    return period, [
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
    """A row of the indicator page: an organisation (None: the whole country) and its figure."""

    code: str
    name: str
    org: Organization | None
    figure: IndicatorValue
    has_children: bool


@dataclass(frozen=True)
class IndicatorPage:
    """Everything the indicator page shows."""

    indicator: Indicator
    scope: Scope
    total: OrgFigure
    central_rows: list[OrgFigure]
    local_rows: list[OrgFigure]
    trend: list[IndicatorValue]
    values: list[DataValue]
    # Some of the organisation's values are not yet approved: left out for this viewer.
    values_hidden: bool
    breadcrumbs: list[Organization]

    @property
    def rows(self) -> list[OrgFigure]:
        return [*self.central_rows, *self.local_rows]


def indicator_page(
    actor: Actor, indicator: Indicator, period: Period, scope: Scope, *, today: date
) -> IndicatorPage:
    """Everything the indicator page shows, in a bounded number of queries: the figure of
    the scope, of each organisation one level below it, the trend of the scope through the
    year, and the values entered for the organisation itself, as the viewer may see them
    (`visibility`: outside an organisation, only what its approved forms hold)."""
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
    found = visibility.figures_for(
        actor, indicator, sorted({period, *trend_periods}), [scope, *row_scopes], today=today
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
    values, hidden = visibility.values_for(actor, indicator, org, period) if org else ([], False)
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
