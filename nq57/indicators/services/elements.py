"""Editing the catalogue's data elements: created in a data set and changed by the
secretariat or the data set's monitoring organisation, through the pages and the API
alike, checked field by field, marked edited, audited (see `catalogue_edit`).

What would change an element's stored sums (its data set, its aggregation over time, its
kind of value) is refused once it has values, and so is any change that would leave an
indicator over it meaningless."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from nq57.accounts.access import Actor
from nq57.core import audit
from nq57.core.errors import NotPermitted
from nq57.core.locking import reread_for_update

from .. import catalogue_rules as rules
from .. import events, permissions
from ..choices import TimeAggregation, ValueType
from ..models import DataElement, DataSet, DataValue, Indicator
from .catalogue_edit import (
    REFUSED,
    FieldErrors,
    add_error,
    choice_field,
    element_facts,
    mark_edited,
    raise_if_any,
    text_field,
)

ELEMENT_FIELDS = ("name_vi", "name_en", "value_type", "time_aggregation", "allows_negative")
# What an element's values were entered and summed as: fixed once there are values.
FIXED_WITH_VALUES = ("dataset", "value_type", "time_aggregation")


def _dataset(errors: FieldErrors, code: Any) -> DataSet | None:
    if isinstance(code, DataSet):
        return code
    found = DataSet.objects.select_related("monitor").filter(code=str(code or "")).first()
    if found is None:
        add_error(errors, "dataset", _("unknown data set '%(code)s'") % {"code": code})
    return found


def _element_fields(errors: FieldErrors, values: dict[str, Any]) -> dict[str, Any]:
    """The element's editable fields, each checked; `values` holds those given."""
    checked: dict[str, Any] = {}
    if "name_vi" in values:
        checked["name_vi"] = text_field(errors, "name_vi", values["name_vi"], 300, required=True)
    if "name_en" in values:
        checked["name_en"] = text_field(errors, "name_en", values["name_en"], 300, required=False)
    if "value_type" in values:
        checked["value_type"] = choice_field(
            errors, "value_type", values["value_type"], ValueType.values
        )
    if "time_aggregation" in values:
        checked["time_aggregation"] = choice_field(
            errors, "time_aggregation", values["time_aggregation"], TimeAggregation.values
        )
    if "allows_negative" in values:
        checked["allows_negative"] = bool(values["allows_negative"])
    return checked


@transaction.atomic
def data_element_create(
    actor: Actor,
    *,
    dataset: DataSet | str,
    code: str,
    name_vi: str,
    name_en: str = "",
    value_type: str = ValueType.COUNT,
    time_aggregation: str = TimeAggregation.SUM,
    allows_negative: bool = False,
) -> DataElement:
    """A new data element in a data set, entered from the data set's next form on."""
    errors: FieldErrors = {}
    found = _dataset(errors, dataset)
    raise_if_any(errors)
    assert found is not None  # nosec B101  # narrows a type for mypy; no check rests on it
    if not permissions.can_edit_catalogue(actor, found.monitor):
        raise NotPermitted(str(REFUSED))
    code = str(code or "").strip()
    problem = rules.code_problem(code)
    if problem:
        add_error(errors, "code", problem)
    elif code in rules.RESERVED_ELEMENT_CODES:
        add_error(errors, "code", _("this code is reserved"))
    elif DataElement.objects.filter(code=code).exists():
        add_error(errors, "code", _("a data element with this code exists"))
    fields = _element_fields(
        errors,
        {
            "name_vi": name_vi,
            "name_en": name_en,
            "value_type": value_type,
            "time_aggregation": time_aggregation,
            "allows_negative": allows_negative,
        },
    )
    raise_if_any(errors)
    fields["name_en"] = fields["name_en"] or fields["name_vi"]
    element = DataElement(dataset=found, code=code, **fields)
    mark_edited(actor, element)
    element.save()
    audit.record(
        actor,
        events.DATA_ELEMENT_CREATED,
        subject=element,
        changes=audit.diff({}, _element_snapshot(element)),
    )
    return element


def _element_snapshot(element: DataElement) -> dict[str, Any]:
    return {
        "dataset": element.dataset.code,
        **{name: getattr(element, name) for name in ELEMENT_FIELDS},
    }


@transaction.atomic
def data_element_update(actor: Actor, *, element: DataElement, **changes: Any) -> DataElement:
    """Change a data element; its data set, kind of value and aggregation over time only
    while it has no values, and never so that an indicator over it stops making sense."""
    locked = reread_for_update(element, "dataset__monitor")
    if not permissions.can_edit_catalogue(actor, locked.dataset.monitor):
        raise NotPermitted(str(REFUSED))
    errors: FieldErrors = {}
    unknown = set(changes) - {*ELEMENT_FIELDS, "dataset"}
    for name in sorted(unknown):
        add_error(errors, name, _("this field cannot be changed here"))
    fields = _element_fields(errors, changes)
    new_dataset = _dataset(errors, changes["dataset"]) if "dataset" in changes else None
    if new_dataset is not None and not permissions.can_edit_catalogue(actor, new_dataset.monitor):
        raise NotPermitted(str(REFUSED))
    raise_if_any(errors)
    before = _element_snapshot(locked)
    if new_dataset is not None:
        locked.dataset = new_dataset
    for name, value in fields.items():
        setattr(locked, name, value)
    if not locked.name_en:
        locked.name_en = locked.name_vi
    after = _element_snapshot(locked)
    changed = audit.diff(before, after)
    if not changed:
        return locked
    _check_element_change(errors, locked, changed)
    raise_if_any(errors)
    mark_edited(actor, locked)
    locked.save()
    audit.record(actor, events.DATA_ELEMENT_UPDATED, subject=locked, changes=changed)
    return locked


def _check_element_change(
    errors: FieldErrors, element: DataElement, changed: dict[str, Any]
) -> None:
    """What the element's values and the indicators over it allow to change."""
    values = DataValue.objects.filter(element=element)
    if any(name in changed for name in FIXED_WITH_VALUES) and values.exists():
        for name in FIXED_WITH_VALUES:
            if name in changed:
                add_error(errors, name, _("the data element has values: create a new one instead"))
    negatives_left = "allows_negative" in changed and not element.allows_negative
    if negatives_left and values.filter(value__lt=0).exists():
        add_error(errors, "allows_negative", _("the data element has negative values"))
    facts = element_facts(element)
    for indicator in Indicator.objects.filter(terms__element=element).distinct():
        terms = [
            facts if term.element_id == element.pk else element_facts(term.element)
            for term in indicator.terms.select_related("element__dataset").order_by("position")
        ]
        problems = [
            *rules.formula_problems(indicator.formula, terms),
            *rules.period_type_problems(indicator.period_type, terms),
        ]
        # Beside what changed: the data set (its period type) or the kind of value.
        field = "dataset" if "dataset" in changed else "value_type"
        for problem in problems:
            add_error(errors, field, f"{indicator.code}: {problem}")
