"""The audit events of data-subject requests and the breach register."""

from django.utils.translation import gettext_lazy as _

from nq57.core import audit

REQUEST_FILED = audit.register(
    "privacy.request_filed", _("{actor} filed personal-data request {target}")
)
REQUEST_ANSWERED = audit.register(
    "privacy.request_answered", _("{actor} answered personal-data request {target}")
)
REQUEST_REFUSED = audit.register(
    "privacy.request_refused", _("{actor} refused personal-data request {target}")
)
DATA_CORRECTED = audit.register(
    "privacy.data_corrected",
    _("{actor} corrected personal data as asked by request {target}"),
)
COPY_DOWNLOADED = audit.register(
    "privacy.copy_downloaded",
    _("{actor} downloaded the copy of personal data of request {target}"),
)
BREACH_RECORDED = audit.register(
    "privacy.breach_recorded", _("{actor} recorded personal-data breach {target}")
)
BREACH_NOTIFIED = audit.register(
    "privacy.breach_notified",
    _("{actor} recorded that the authority was notified of breach {target}"),
)
BREACH_CLOSED = audit.register(
    "privacy.breach_closed", _("{actor} closed personal-data breach {target}")
)
