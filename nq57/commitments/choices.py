"""Enumerations of leaders' written commitments."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Outcome(models.TextChoices):
    """What a commitment came to at its date, judged from what it is linked to."""

    KEPT = "kept", pgettext_lazy("commitment", "Kept")
    PARTLY = "partly", pgettext_lazy("commitment", "Partly kept")
    BROKEN = "broken", pgettext_lazy("commitment", "Broken")


class LinkKind(models.TextChoices):
    """What a commitment promises, one kind per linked model."""

    TASK = "task", _("Task completed")
    INDICATOR = "indicator", _("Indicator target reached")
    DATABASE = "database", _("Database state reached")
    BUDGET = "budget", _("Budget disbursed")
