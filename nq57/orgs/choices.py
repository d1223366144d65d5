"""Kinds and groups of organisations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    STEERING_COMMITTEE = "steering_committee", _("Steering committee")
    MINISTRY = "ministry", _("Ministry")
    MINISTRY_AGENCY = "ministry_agency", _("Ministry-level agency")
    GOVERNMENT_AGENCY = "government_agency", _("Government agency")
    PROVINCE = "province", _("Province")
    COMMUNE = "commune", _("Commune")
    UNIT = "unit", _("Unit")


class OrgGroup(models.TextChoices):
    CENTRAL = "central", _("Central (ministries and agencies)")
    LOCAL = "local", _("Local (provinces and communes)")


LOCAL_KINDS = frozenset({OrgKind.PROVINCE, OrgKind.COMMUNE})
