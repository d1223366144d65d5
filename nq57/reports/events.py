"""The audit events of the reports, with the sentence each shows in a timeline."""

from django.utils.translation import gettext_lazy as _

from nq57.core import audit

REPORT_FILED = audit.register("issued_report.filed", _("{actor} filed the signed report {target}"))
