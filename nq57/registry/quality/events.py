"""The audit events of data quality, with the sentence each shows in a timeline."""

from django.utils.translation import gettext_lazy as _

from nq57.core import audit

QUALITY_METHOD_LOADED = audit.register(
    "quality_method.loaded", _("{actor} loaded quality method {target}")
)
CHECK_RECORDED = audit.register(
    "quality_check.recorded", _("{actor} recorded a quality check of database {target}")
)
CHECK_VERIFIED = audit.register(
    "quality_check.verified", _("{actor} verified a quality check of database {target}")
)
CHECK_ADJUSTED = audit.register(
    "quality_check.adjusted", _("{actor} adjusted a quality check of database {target}")
)
