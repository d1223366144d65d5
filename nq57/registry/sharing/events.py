"""The audit events of data sharing, with the sentence each shows in a request's timeline."""

from django.utils.translation import gettext_lazy as _

from nq57.core import audit

SUBMITTED = audit.register("sharing.submitted", _("{actor} requested data: {target}"))
GRANTED = audit.register("sharing.granted", _("{actor} granted request {target}"))
REFUSED = audit.register(
    "sharing.refused", _("{actor} refused request {target}, with a justification")
)
UPHELD = audit.register("sharing.upheld", _("{actor} upheld the refusal of {target}"))
OVERRULED = audit.register("sharing.overruled", _("{actor} overruled the refusal of {target}"))
REMINDED = audit.register("sharing.reminded", _("The answer to {target} is overdue: reminded"))
ESCALATED = audit.register(
    "sharing.escalated", _("The answer to {target} is long overdue: raised to the authority")
)
