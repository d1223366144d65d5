"""The audit events of investment dossiers, with the sentence each shows in a timeline."""

from django.utils.translation import gettext_lazy as _

from nq57.core import audit

REGISTERED = audit.register(
    "dossier.registered", _("{actor} registered investment dossier {target}")
)
APPROVED = audit.register("dossier.approved", _("{actor} approved investment dossier {target}"))
RETURNED = audit.register(
    "dossier.returned",
    _("{actor} returned investment dossier {target}: documents are missing"),
)
RESUBMITTED = audit.register(
    "dossier.resubmitted", _("{actor} resubmitted investment dossier {target}")
)
