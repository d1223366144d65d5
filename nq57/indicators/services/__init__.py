"""Every write of the indicator system, one module per seam: the built-in catalogue, its
edits (data elements, indicators, targets), values (one, or a
file's), forms, the ranking's weights. Callers import them from here
(`services.values_save(...)`), with the type a values call takes; a refused batch raises
the exchange kit's `ImportRejected`."""

from ..value_checks import ValueInput
from .catalogue import catalogue_load
from .catalogue_edit import indicator_create, indicator_update
from .elements import data_element_create, data_element_update
from .submissions import submission_approve, submission_return, submission_submit
from .targets import target_set
from .values import value_set, values_save
from .weights import ranking_weights_set

__all__ = [
    "ValueInput",
    "catalogue_load",
    "data_element_create",
    "data_element_update",
    "indicator_create",
    "indicator_update",
    "ranking_weights_set",
    "submission_approve",
    "submission_return",
    "submission_submit",
    "target_set",
    "value_set",
    "values_save",
]
