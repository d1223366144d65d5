"""The audit events of the annual evaluation, with the sentence each shows in a timeline."""

from django.utils.translation import gettext_lazy as _

from nq57.core import audit

SCHEME_LOADED = audit.register(
    "band_scheme.loaded", _("{actor} loaded evaluation band scheme {target}")
)
SCHEME_CHANGED = audit.register(
    "band_scheme.changed", _("{actor} changed evaluation band scheme {target}")
)
