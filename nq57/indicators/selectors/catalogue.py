"""The catalogue as its pages and the API read it: data sets with their elements,
indicators with their terms, an indicator's targets, and what an actor may pick when
editing (the catalogue is public to officials; changing it is for the secretariat and the
monitoring organisations' deciders)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, QuerySet
from django.http import Http404

from nq57.accounts.access import Actor, is_secretariat, organisations_with_role
from nq57.accounts.choices import DECIDING_ROLES
from nq57.core.periods import parse_period
from nq57.orgs.models import Organization

from .. import permissions
from ..models import DataElement, DataSet, Indicator, IndicatorTerm, Target


@dataclass(frozen=True)
class CataloguePage:
    """Every data set with its elements and every indicator with its terms, and which
    monitoring organisations' rows the viewer may change."""

    datasets: list[DataSet]
    indicators: Sequence[Indicator]  # each with `target_count`
    editable_monitor_ids: frozenset[int]
    may_add: bool


def data_sets_with_elements() -> QuerySet[DataSet]:
    return (
        DataSet.objects.select_related("monitor")
        .prefetch_related(Prefetch("elements", DataElement.objects.order_by("code")))
        .order_by("code")
    )


def indicators_with_terms() -> QuerySet[Indicator]:
    """Indicators with their monitor and terms (elements in order), strategic first."""
    terms = IndicatorTerm.objects.select_related("element").order_by("position")
    return (
        Indicator.objects.select_related("monitor")
        .prefetch_related(Prefetch("terms", terms))
        .order_by("-group", "code")  # "strategic" after "operational" in the alphabet
    )


def catalogue_page(actor: Actor) -> CataloguePage:
    """The catalogue page, in four queries (and the viewer's memberships, once)."""
    datasets = list(data_sets_with_elements())
    indicators = list(indicators_with_terms().annotate(target_count=Count("targets")))
    monitors = {d.monitor for d in datasets} | {i.monitor for i in indicators}
    editable = frozenset(org.pk for org in monitors if permissions.can_edit_catalogue(actor, org))
    return CataloguePage(datasets, indicators, editable, bool(editable) or may_add(actor))


def may_add(actor: Actor) -> bool:
    """Whether the actor may create anything in the catalogue: the secretariat, and the
    approvers and administrators of some organisation (it monitors what they create)."""
    return is_secretariat(actor) or bool(monitor_choices(actor))


def monitor_choices(actor: Actor, current: Organization | None = None) -> list[Organization]:
    """The organisations the actor may name as an indicator's monitor: any top-level one
    for the secretariat, else those where they approve or administer (and the current)."""
    if is_secretariat(actor):
        found = Organization.objects.filter(depth=0)
    else:
        found = Organization.objects.filter(pk__in=organisations_with_role(actor, DECIDING_ROLES))
    orgs = list(found.order_by("path"))
    if current is not None and current not in orgs:
        orgs.insert(0, current)
    return orgs


def target_org_choices() -> list[Organization]:
    """The organisations a target is most often for, offered by name: the top-level ones
    (any other is accepted by code or name)."""
    return list(Organization.objects.filter(depth=0).order_by("path"))


def dataset_choices(actor: Actor, current: DataSet | None = None) -> list[DataSet]:
    """The data sets a new data element may join: those whose monitor the actor edits."""
    found = [
        dataset
        for dataset in DataSet.objects.select_related("monitor").order_by("code")
        if permissions.can_edit_catalogue(actor, dataset.monitor) or dataset == current
    ]
    return found


def get_element(code: str) -> DataElement:
    """The data element with that code, with its data set and monitor, or 404."""
    found = DataElement.objects.select_related("dataset__monitor").filter(code=code).first()
    if found is None:
        raise Http404
    return found


def element_list() -> QuerySet[DataElement]:
    return DataElement.objects.select_related("dataset").order_by("dataset__code", "code")


@dataclass(frozen=True)
class TargetRow:
    """A target as its page lists it, its periods named."""

    target: Target
    period_label: str
    baseline_label: str


def target_rows(indicator: Indicator) -> list[TargetRow]:
    return [
        TargetRow(
            target,
            parse_period(target.period).label,
            parse_period(target.baseline_period).label if target.baseline_period else "",
        )
        for target in target_list(indicator)
    ]


def target_list(indicator: Indicator) -> QuerySet[Target]:
    """The indicator's targets: the nation's first, then by organisation and period."""
    return (
        Target.objects.filter(indicator=indicator)
        .select_related("org")
        .order_by(F("org__path").asc(nulls_first=True), "period")
    )
