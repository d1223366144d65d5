"""What the entry page is about: the data set, the organisation and the period, checked,
with the values stored and the form's state."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from nq57.accounts.access import Actor, is_secretariat, memberships_of, scope_of
from nq57.core.periods import Period, PeriodError, PeriodType, parse_period, period_of
from nq57.orgs.lookup import OrgLookupError, resolve_org
from nq57.orgs.models import Organization

from .. import permissions
from ..models import DataElement, DataSet, DataValue, Submission


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
    # The same organisation's values of the period before, shown beside each field.
    previous: dict[str, DataValue] = field(default_factory=dict)

    @property
    def previous_period(self) -> Period | None:
        return self.period.previous() if self.period else None

    @property
    def ready(self) -> bool:
        return self.dataset is not None and self.org is not None and self.period is not None

    @property
    def query(self) -> str:
        if not self.ready:
            return ""
        assert self.dataset  # nosec B101  # narrows a type for mypy; no check rests on it
        assert self.org  # nosec B101  # narrows a type for mypy; no check rests on it
        assert self.period  # nosec B101  # narrows a type for mypy; no check rests on it
        return f"dataset={self.dataset.code}&org={self.org.code}&period={self.period.code}"


def entry_choice(actor: Actor, params: Mapping[str, str]) -> EntryChoice:
    """The data set, organisation and period of the entry page, checked: only organisations
    the user enters for, only periods of the data set's kind."""

    datasets = list(DataSet.objects.select_related("monitor").order_by("code"))
    scope = scope_of(actor)
    enterable = Organization.objects.order_by("path")
    if not is_secretariat(actor):  # an inspector sees everything but enters for no one
        enterable = enterable.filter(pk__in=scope.subtree_org_ids())
    # The organisations the user belongs to come first; the rest of their subtrees by code.
    own = _own_orgs(actor)
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
    elif own and permissions.can_enter_for(actor, own[0].path):
        org = own[0]
    period = None
    if dataset is not None:
        period, problem = _period(dataset, params.get("period"), problem)
    elements = list(dataset.elements.order_by("pk")) if dataset else []
    stored: dict[str, DataValue] = {}
    previous: dict[str, DataValue] = {}
    submission = None
    if dataset is not None and org is not None and period is not None:
        # This period's values and the period before's, in one query.
        for value in DataValue.objects.filter(
            org=org, element__in=elements, period__in=[period.code, period.previous().code]
        ).select_related("element"):
            (stored if value.period == period.code else previous)[value.element.code] = value
        submission = (
            Submission.objects.filter(dataset=dataset, org=org, period=period.code)
            .select_related("dataset", "org")
            .first()
        )
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
        previous,
    )


def _own_orgs(actor: Actor) -> list[Organization]:
    """The organisations the user is a member of (once per role), offered first."""
    return [membership.organization for membership in memberships_of(actor)]


def _period(dataset: DataSet, text: str | None, problem: str) -> tuple[Period, str]:
    """The period asked for when it is of the data set's kind, else the last one ended; and
    the problem to show (the one found so far, or why the period was not understood)."""
    kind = PeriodType(dataset.period_type)
    period = None
    try:
        period = parse_period(text) if text else None
    except PeriodError as exc:
        problem = str(exc)
    if period is None or period.type is not kind:
        period = period_of(timezone.localdate(), kind).previous()
    return period, problem
