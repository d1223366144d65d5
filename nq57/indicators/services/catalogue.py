"""Loading the built-in catalogue: data sets, data elements, indicators and their targets."""

from __future__ import annotations

from django.db import transaction

from nq57.accounts.access import Actor
from nq57.core import audit
from nq57.orgs.models import Organization

from .. import builtin, events
from ..models import DataElement, DataSet, Indicator, IndicatorTerm, Target


@transaction.atomic
def catalogue_load(actor: Actor) -> dict[str, int]:
    """Create or update the built-in data sets, data elements, indicators and targets; run
    again, it changes nothing."""
    monitors = dict(Organization.objects.values_list("code", "pk"))
    elements = _load_data_sets(monitors)
    created = updated = 0
    for spec in builtin.INDICATORS:
        indicator, is_new = _load_indicator(spec, monitors, elements)
        if is_new:
            created += 1
            audit.record(actor, events.INDICATOR_DEFINED, subject=indicator)
        else:
            updated += 1
    return {"indicators_created": created, "indicators_kept": updated}


def _load_data_sets(monitors: dict[str, int]) -> dict[str, DataElement]:
    """The built-in data sets and their elements, created or updated; the elements by code."""
    elements: dict[str, DataElement] = {}
    for spec in builtin.DATA_SETS:
        dataset, _is_new = DataSet.objects.update_or_create(
            code=spec.code,
            defaults={
                "name_vi": spec.name_vi,
                "name_en": spec.name_en,
                "period_type": spec.period_type.value,
                "monitor_id": monitors[spec.monitor],
                "due_days": spec.due_days,
                "reporter_kinds": [kind.value for kind in spec.reporters],
            },
        )
        for element_spec in spec.elements:
            element, _is_new = DataElement.objects.update_or_create(
                code=element_spec.code,
                defaults={
                    "dataset": dataset,
                    "name_vi": element_spec.name_vi,
                    "name_en": element_spec.name_en,
                    "value_type": element_spec.value_type.value,
                    "time_aggregation": element_spec.over_time.value,
                },
            )
            elements[element.code] = element
    return elements


def _load_indicator(
    spec: builtin.IndicatorSpec, monitors: dict[str, int], elements: dict[str, DataElement]
) -> tuple[Indicator, bool]:
    """One built-in indicator with its terms and targets; whether it is new."""
    indicator, is_new = Indicator.objects.update_or_create(
        code=spec.code,
        defaults={
            "name_vi": spec.name_vi,
            "name_en": spec.name_en,
            "formula": spec.formula.value,
            "factor": spec.factor,
            "unit": spec.unit,
            "direction": spec.direction.value,
            "period_type": spec.period_type.value,
            "monitor_id": monitors[spec.monitor],
        },
    )
    terms = [elements[code].pk for code in spec.terms]
    if list(indicator.terms.values_list("element_id", flat=True)) != terms:
        indicator.terms.all().delete()
        IndicatorTerm.objects.bulk_create(
            IndicatorTerm(indicator=indicator, element_id=pk, position=position)
            for position, pk in enumerate(terms)
        )
    for target in spec.targets:
        Target.objects.update_or_create(
            indicator=indicator,
            org_id=monitors[target.org] if target.org else None,
            period=target.period,
            defaults={
                "value": target.value,
                "baseline": target.baseline,
                "baseline_period": target.baseline_period,
            },
        )
    return indicator, is_new
