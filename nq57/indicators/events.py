"""The audit events of the catalogue (data elements, indicators, targets), values, forms
and the ranking's weights, with the sentence each shows in a timeline."""

from django.utils.translation import gettext_lazy as _

from nq57.core import audit

INDICATOR_DEFINED = audit.register("indicator.defined", _("{actor} defined indicator {target}"))
INDICATOR_UPDATED = audit.register("indicator.updated", _("{actor} changed indicator {target}"))
DATA_ELEMENT_CREATED = audit.register(
    "data_element.created", _("{actor} created data element {target}")
)
DATA_ELEMENT_UPDATED = audit.register(
    "data_element.updated", _("{actor} changed data element {target}")
)
TARGET_SET = audit.register("target.set", _("{actor} set target {target}"))
VALUE_ENTERED = audit.register("value.entered", _("{actor} entered value {target}"))
FORM_SUBMITTED = audit.register("form.submitted", _("{actor} submitted form {target}"))
FORM_APPROVED = audit.register("form.approved", _("{actor} approved form {target}"))
FORM_RETURNED = audit.register("form.returned", _("{actor} returned form {target}"))
RANKING_WEIGHTS_SET = audit.register(
    "ranking.weights_set", _("{actor} set the ranking's weights {target}")
)
