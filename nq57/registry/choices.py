"""Enumerations of the registry of databases."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    REGISTERED = "registered", _("Registered")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")
