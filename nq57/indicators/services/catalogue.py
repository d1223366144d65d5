"""Loading the built-in catalogue: data sets, data elements, indicators and their targets.

The built-in catalogue is only the starting set: a data element, indicator or target the
secretariat (or the monitoring organisation) changed through the pages or the API carries
`edited_at`, and a later load leaves it exactly as they left it; everything else follows
the code."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from nq57.accounts.access import Actor
from nq57.core import audit
from nq57.orgs.models import Organization

from .. import builtin, events
from ..models import DataElement, DataSet, Indicator, IndicatorTerm, Target


@transaction.atomic
def catalogue_load(actor: Actor) -> dict[str, int]:
    """Create or update the built-in data sets, data elements, indicators and targets; run
    again, it changes nothing, and it never overwrites what was edited."""
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


def _create_or_follow(
    model: type[DataElement | Indicator | Target], lookup: dict[str, Any], fields: dict[str, Any]
) -> tuple[Any, bool]:
    """The row of `lookup`, created from `fields`, or brought back to them unless it was
    edited (then it stays as it is); whether it is new."""
    # Under a lock: an edit committing meanwhile is seen, never overwritten.
    row = model._default_manager.select_for_update().filter(**lookup).first()
    if row is None:
        return model._default_manager.create(**lookup, **fields), True
    if row.edited_at is None:
        changed = [name for name, value in fields.items() if getattr(row, name) != value]
        for name in changed:
            setattr(row, name, fields[name])
        if changed:
            row.save(update_fields=changed)
    return row, False


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
            element, _is_new = _create_or_follow(
                DataElement,
                {"code": element_spec.code},
                {
                    "dataset_id": dataset.pk,
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
    """One built-in indicator with its terms and targets; whether it is new. An edited
    indicator keeps its fields and terms; an edited target keeps its value."""
    indicator, is_new = _create_or_follow(
        Indicator,
        {"code": spec.code},
        {
            "name_vi": spec.name_vi,
            "name_en": spec.name_en,
            "group": spec.group.value,
            "formula": spec.formula.value,
            "factor": spec.factor,
            "unit": spec.unit,
            "direction": spec.direction.value,
            "period_type": spec.period_type.value,
            "monitor_id": monitors[spec.monitor],
        },
    )
    terms = [elements[code].pk for code in spec.terms]
    if not indicator.is_edited and (
        list(indicator.terms.values_list("element_id", flat=True)) != terms
    ):
        indicator.terms.all().delete()
        IndicatorTerm.objects.bulk_create(
            IndicatorTerm(indicator=indicator, element_id=pk, position=position)
            for position, pk in enumerate(terms)
        )
    for target in spec.targets:
        _create_or_follow(
            Target,
            {
                "indicator": indicator,
                "org_id": monitors[target.org] if target.org else None,
                "period": target.period,
            },
            {
                "value": target.value,
                "baseline": target.baseline,
                "baseline_period": target.baseline_period,
            },
        )
    return indicator, is_new
