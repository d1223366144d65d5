"""Enumerations of the registry of databases."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DatabaseKind(models.TextChoices):
    NATIONAL = "national", _("National database")
    SPECIALISED = "specialised", _("Specialised database")


class DatabaseStatus(models.TextChoices):
    FORMED = "formed", _("Formed and centralised")
    DEPLOYING = "deploying", _("Deploying")
    NOT_STARTED = "not_started", _("Not started")


class RiskLevel(models.TextChoices):
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High risk")


class DossierState(models.TextChoices):
    """Where an investment dossier stands after a step of its appraisal (`dossiers.rules`)."""

    REGISTERED = "registered", pgettext_lazy("investment dossier", "Registered")
    RESUBMITTED = "resubmitted", pgettext_lazy("investment dossier", "Resubmitted")
    APPROVED = "approved", pgettext_lazy("investment dossier", "Approved")
    RETURNED = "returned", pgettext_lazy("investment dossier", "Returned")
