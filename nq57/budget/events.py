"""The audit events of the budget, with the sentence each shows in a timeline."""

from django.utils.translation import gettext_lazy as _

from nq57.core import audit

PROGRAMME_CREATED = audit.register(
    "budget_programme.created", _("{actor} created budget programme {target}")
)
ENTRY_RECORDED = audit.register(
    "budget_entry.recorded", _("{actor} recorded budget entry {target}")
)
ENTRY_TASKS_LINKED = audit.register(
    "budget_entry.tasks_linked", _("{actor} linked budget entry {target} to tasks")
)
STATE_SPENDING_RECORDED = audit.register(
    "state_spending.recorded", _("{actor} recorded a total of state spending {target}")
)
ALERT_RAISED = audit.register(
    "money_alert.raised", _("Money ahead of work: the daily watch raised {target}")
)
ALERT_CLEARED = audit.register(
    "money_alert.cleared", _("Money ahead of work: the daily watch cleared {target}")
)
