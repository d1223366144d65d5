"""Enumerations of data quality: the six criteria of "correct – sufficient – clean – live –
unified – shared" and where a check result came from."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Criterion(models.TextChoices):
    CORRECT = "correct", pgettext_lazy("data quality criterion", "Correct")
    SUFFICIENT = "sufficient", pgettext_lazy("data quality criterion", "Sufficient")
    CLEAN = "clean", pgettext_lazy("data quality criterion", "Clean")
    LIVE = "live", pgettext_lazy("data quality criterion", "Live")
    UNIFIED = "unified", pgettext_lazy("data quality criterion", "Unified")
    SHARED = "shared", pgettext_lazy("data quality criterion", "Shared")


class EvidenceSource(models.TextChoices):
    OWNER = "owner", _("Owner")
    SYSTEM = "system", _("Owner's system")
    ASSESSOR = "assessor", _("Assessor")
