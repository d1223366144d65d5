"""Forms of the catalogue pages: they parse and show errors; the services check and write
(a code, a formula's terms, a period are all checked there, whatever the page sent)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nq57.core.periods import PeriodType
from nq57.orgs.models import Organization

from .choices import PERIOD_SHAPES, Direction, Formula, IndicatorGroup, TimeAggregation, ValueType
from .models import DataElement, DataSet

# Enough for a sum over the elements of one form; a ratio takes two.
MAX_TERMS = 6


def period_type_choices() -> list[tuple[str, Any]]:
    return [(kind.value, PERIOD_SHAPES[kind][0]) for kind in PeriodType]


def _choices(form: forms.Form, name: str, choices: list[tuple[str, Any]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)  # nosec B101  # narrows a type for mypy; no check rests on it
    field.choices = choices


class DataElementForm(forms.Form):
    dataset = forms.ChoiceField(label=_("Data set (form)"))
    code = forms.CharField(
        label=_("Code"),
        max_length=64,
        help_text=_("Lower-case letters, digits and _; it cannot change later."),
    )
    name_vi = forms.CharField(label=_("Name (Vietnamese)"), max_length=300)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    value_type = forms.ChoiceField(label=_("Value type"), choices=ValueType.choices)
    time_aggregation = forms.ChoiceField(label=_("Over time"), choices=TimeAggregation.choices)
    allows_negative = forms.BooleanField(label=_("May be negative"), required=False)

    def __init__(
        self, *args: Any, datasets: Sequence[DataSet], editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "dataset", [(d.code, d.name) for d in datasets])
        if editing:
            del self.fields["code"]


def _grouped_elements(elements: Sequence[DataElement]) -> list[tuple[str, Any]]:
    """Element choices under their data set's name, as a select's option groups."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for element in elements:
        groups.setdefault(element.dataset.name, []).append((element.code, element.name))
    return [("", "—"), *groups.items()]


class IndicatorForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=64,
        help_text=_("Lower-case letters, digits and _; it cannot change later."),
    )
    name_vi = forms.CharField(label=_("Name (Vietnamese)"), max_length=300)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    group = forms.ChoiceField(label=_("Indicator group"), choices=IndicatorGroup.choices)
    formula = forms.ChoiceField(label=_("Formula"), choices=Formula.choices)
    factor = forms.CharField(
        label=_("Factor"),
        initial="1",
        help_text=_("A ratio is multiplied by it: 100 for a percentage."),
    )
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    period_type = forms.ChoiceField(label=_("Computed for each"), required=False)
    monitor = forms.ChoiceField(label=_("Monitoring organisation"))
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    # Errors about the terms as a whole are shown beside the first one.
    service_field_names = {"terms": "term_1"}

    def __init__(
        self,
        *args: Any,
        elements: Sequence[DataElement],
        monitors: Sequence[Organization],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]
        _choices(self, "period_type", [("", _("As its data elements")), *period_type_choices()])
        _choices(self, "monitor", [(o.code, o.name) for o in monitors])
        choices = _grouped_elements(elements)
        for position in range(1, MAX_TERMS + 1):
            self.fields[f"term_{position}"] = forms.ChoiceField(
                label=_("Data element %(n)s") % {"n": position},
                choices=choices,
                required=position == 1,
                help_text=_("A ratio: 1 is the numerator, 2 the denominator.")
                if position == 1
                else "",
            )

    def service_values(self) -> dict[str, Any]:
        """The cleaned fields as the services take them: the terms as one ordered list."""
        data = dict(self.cleaned_data)
        terms = [data.pop(f"term_{n}") for n in range(1, MAX_TERMS + 1)]
        data["terms"] = [code for code in terms if code]
        return data


class TargetForm(forms.Form):
    """One target: the page offers named periods and organisations; any text is checked by
    the service, so a forged value is refused there with its reason."""

    org = forms.CharField(
        label=_("Organisation (code or name; empty: whole country)"), required=False
    )
    period = forms.CharField(label=_("Period"))
    value = forms.CharField(label=_("Target"), max_length=40)
    baseline = forms.CharField(label=_("Baseline"), max_length=40, required=False)
    baseline_period = forms.CharField(label=_("Baseline period"), required=False)
