"""Enumerations of the budget ledger."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Stage(models.TextChoices):
    """Where money stands. A proposal and an approval are amounts in force (a later dated
    entry replaces an earlier one); a disbursement is a transaction (entries add up)."""

    PROPOSED = "proposed", _("Proposed")
    # "Approved" alone is a task's completion approved; money approved reads otherwise.
    APPROVED = "approved", pgettext_lazy("budget stage", "Approved")
    DISBURSED = "disbursed", _("Disbursed")


# The stages whose latest entry replaces the earlier ones.
IN_FORCE_STAGES = frozenset({Stage.PROPOSED, Stage.APPROVED})


class SpendingBasis(models.TextChoices):
    """The totals of state spending the science, technology and digital share is divided by:
    Resolution 57 asks for at least 3 %, and which total is meant changes the figure."""

    TOTAL = "total", _("Total state budget expenditure")
    BALANCED = "balanced", _("State budget expenditure within the balance")
