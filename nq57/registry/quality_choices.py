"""Enumerations of data quality: the six criteria of "correct – sufficient – clean – live –
unified – shared" and where a check result came from."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Criterion(models.TextChoices):
    CORRECT = "correct", _("Correct")
    SUFFICIENT = "sufficient", _("Sufficient")
    CLEAN = "clean", _("Clean")
    LIVE = "live", _("Live")
    UNIFIED = "unified", _("Unified")
    SHARED = "shared", _("Shared")


class EvidenceSource(models.TextChoices):
    OWNER = "owner", _("Owner")
    SYSTEM = "system", _("Owner's system")
    ASSESSOR = "assessor", _("Assessor")
