"""What of an organisation's values and figures an actor may see (issue 12), for every
reader (the indicator page, its export, the API): inside the organisation everything; outside
it, only what its approved forms hold, or what the system brought in as history
(`permissions.counts_as_approved`). A figure is withheld while any value it counts is not
yet approved; it is then shown as "not yet approved", never as zero or as missing. National
and group figures, and the rankings, count every saved value and are not filtered."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import OuterRef, Q, QuerySet, Subquery

from nq57.accounts.access import Actor
from nq57.core.periods import Period
from nq57.orgs.models import PATH_SEPARATOR, Organization

from .. import permissions
from ..choices import SubmissionStatus
from ..models import DataSet, DataValue, Indicator, Submission
from .figures import FigureKey, IndicatorValue, Scope, figures

NOT_APPROVED = [s for s in SubmissionStatus.values if s != SubmissionStatus.APPROVED]


def with_form_status(values: QuerySet[DataValue]) -> QuerySet[DataValue]:
    """`values`, each with the status of its form (`form_status`; None: no form sent)."""
    form = Submission.objects.filter(
        dataset_id=OuterRef("element__dataset_id"),
        org_id=OuterRef("org_id"),
        period=OuterRef("period"),
    )
    return values.annotate(form_status=Subquery(form.values("status")[:1]))


def not_yet_approved() -> Q:
    """`permissions.counts_as_approved` negated, in SQL, over `with_form_status` values."""
    return Q(form_status__in=NOT_APPROVED) | Q(form_status__isnull=True, entered_by__isnull=False)


def monitor_paths(indicator: Indicator) -> list[str]:
    """The organisations monitoring the indicator and the forms its data are entered on."""
    forms = DataSet.objects.filter(elements__in=indicator.terms.values("element"))
    paths = set(forms.values_list("monitor__path", flat=True))
    return sorted({indicator.monitor.path, *paths})


def _outsiders(
    actor: Actor, indicator: Indicator, orgs: Sequence[Organization]
) -> list[Organization]:
    """The organisations among `orgs` whose unapproved values `actor` may not see (the
    monitors are read only when the actor's own place leaves some out)."""
    outside = [o for o in orgs if not permissions.can_see_unapproved_values_of(actor, o, ())]
    if not outside:
        return []
    monitors = monitor_paths(indicator)
    return [o for o in outside if not permissions.can_see_unapproved_values_of(actor, o, monitors)]


def withheld_figures(
    actor: Actor, indicator: Indicator, scopes: Sequence[Scope], periods: Sequence[Period]
) -> set[tuple[str, Period]]:
    """The (scope label, period) of the organisations' figures `actor` may not see yet: some
    value in the organisation's subtree that the figure counts is not approved. At most
    two queries, none for the secretariat or a page of one's own organisations."""
    by_org = {scope.org.pk: scope for scope in scopes if scope.org is not None}
    outside = _outsiders(actor, indicator, [scope.org for scope in by_org.values() if scope.org])
    if not outside or not periods:
        return set()
    # The rows of a page are siblings: their parent's subtree holds them all.
    prefix = _shared_path([org.path for org in outside])
    pending = (
        with_form_status(
            DataValue.objects.filter(
                element__in=indicator.terms.values("element"),
                org__path__startswith=prefix,
                starts_on__gte=min(p.start for p in periods),
                ends_on__lte=max(p.end for p in periods),
            )
        )
        .filter(not_yet_approved())
        .values_list("org__path", "starts_on", "ends_on")
        .distinct()
    )
    # Each value not yet approved withholds the figures of the outside organisations above
    # it for the periods holding it: a walk up its path, not a scan of every organisation.
    outside_at = {org.path: by_org[org.pk].label for org in outside}
    withheld = set()
    for path, starts_on, ends_on in pending:
        for above in _paths_above(path):
            label = outside_at.get(above)
            if label is None:
                continue
            for period in periods:
                if period.start <= starts_on and ends_on <= period.end:
                    withheld.add((label, period))
    return withheld


def _paths_above(path: str) -> list[str]:
    """The paths of the organisation at `path` and of every one above it."""
    codes = path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)
    return [
        PATH_SEPARATOR + "".join(code + PATH_SEPARATOR for code in codes[:depth])
        for depth in range(1, len(codes) + 1)
    ]


def _shared_path(paths: Sequence[str]) -> str:
    """The path of the deepest organisation above or at every one of `paths`."""
    shared: list[str] = []
    split = [path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR) for path in paths]
    for codes in zip(*split, strict=False):  # as deep as the shallowest
        if len(set(codes)) > 1:
            break
        shared.append(codes[0])
    return PATH_SEPARATOR + "".join(code + PATH_SEPARATOR for code in shared)


def figures_for(
    actor: Actor,
    indicator: Indicator,
    periods: Sequence[Period],
    scopes: Sequence[Scope],
    *,
    today: date,
) -> dict[FigureKey, IndicatorValue]:
    """`figures` of one indicator as `actor` may see them: an organisation's figure that
    counts values not yet approved is withheld from those outside it."""
    found = figures([indicator], periods, scopes, today=today)
    for label, period in withheld_figures(actor, indicator, scopes, periods):
        key = (indicator.code, label, period)
        found[key] = found[key].withheld()
    return found


def figure_for(
    actor: Actor, indicator: Indicator, period: Period, scope: Scope, *, today: date
) -> IndicatorValue:
    """One figure as `actor` may see it (the API's answer)."""
    return figures_for(actor, indicator, [period], [scope], today=today)[
        indicator.code, scope.label, period
    ]


def values_for(
    actor: Actor, indicator: Indicator, org: Organization, period: Period
) -> tuple[list[DataValue], bool]:
    """The values `org` itself entered for the indicator's terms in `period` that `actor` may
    see, and whether some were left out as not yet approved (one query, two outside)."""
    values = with_form_status(
        DataValue.objects.filter(
            org=org,
            element__in=indicator.terms.values("element"),
            starts_on__gte=period.start,
            ends_on__lte=period.end,
        )
    ).select_related("element", "entered_by")
    rows = list(values.order_by("starts_on", "element__code"))
    if not _outsiders(actor, indicator, [org]):
        return rows, False
    shown = [
        value
        for value in rows
        if permissions.counts_as_approved(_form_status_of(value), value.entered_by_id)
    ]
    return shown, len(shown) < len(rows)


def _form_status_of(value: DataValue) -> str | None:
    """The `form_status` `with_form_status` annotated the value with."""
    status: str | None = value.__dict__["form_status"]
    return status
