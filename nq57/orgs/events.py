"""The audit events of the organisation tree, with the sentence each shows in a timeline."""

from django.utils.translation import gettext_lazy as _

from nq57.core import audit

ORG_CREATED = audit.register("org.created", _("{actor} created organisation {target}"))
ORG_UPDATED = audit.register("org.updated", _("{actor} updated organisation {target}"))
ORG_MOVED = audit.register("org.moved", _("{actor} moved organisation {target}"))
ORG_CLOSED = audit.register("org.closed", _("{actor} closed organisation {target}"))
REMIT_LOADED = audit.register("remit.loaded", _("{actor} loaded the shipped remit of {target}"))
REMIT_EDITED = audit.register("remit.edited", _("{actor} edited the remit of {target}"))
REMIT_RESTORED = audit.register(
    "remit.restored", _("{actor} restored the shipped remit of {target}")
)
