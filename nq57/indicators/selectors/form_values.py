"""What a monitoring organisation decides on: a submitted form with the values the
organisation entered for each data element of the data set and the period (None where it
entered none), so the values are seen before the form is approved or returned."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..models import DataElement, DataSet, DataValue, Submission


@dataclass(frozen=True)
class FormValue:
    element: DataElement
    value: DataValue | None


@dataclass(frozen=True)
class FormWithValues:
    submission: Submission
    values: list[FormValue]


def with_values(
    dataset: DataSet, period: str, submissions: Sequence[Submission]
) -> list[FormWithValues]:
    """The forms of one data set and period, each with its values, in the elements' order
    (the entry page's): two queries, however many forms."""
    if not submissions:
        return []
    elements = list(dataset.elements.order_by("pk"))
    stored = {
        (value.org_id, value.element_id): value
        for value in DataValue.objects.filter(
            element__in=elements, period=period, org_id__in={s.org_id for s in submissions}
        )
    }
    return [
        FormWithValues(s, [FormValue(e, stored.get((s.org_id, e.pk))) for e in elements])
        for s in submissions
    ]


def form_with_values(submission: Submission) -> FormWithValues:
    """One form with its values, for the page that confirms the decision on it."""
    return with_values(submission.dataset, submission.period, [submission])[0]
