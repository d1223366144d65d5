"""Kinds and groups of organisations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    STEERING_COMMITTEE = "steering_committee", _("Steering committee")
    MINISTRY = "ministry", _("Ministry")
    MINISTRY_AGENCY = "ministry_agency", _("Ministry-level agency")
    GOVERNMENT_AGENCY = "government_agency", _("Government agency")
    # The other central bodies that receive tasks and budget (DESIGN.md §6), outside the
    # Government: they report on tasks but are not asked for the ministries' indicator forms.
    PARTY_BODY = "party_body", _("Party body")
    STATE_BODY = "state_body", _("State body (National Assembly, President, courts, audit)")
    MASS_ORGANISATION = "mass_organisation", _("Fatherland Front")
    NATIONAL_UNIVERSITY = "national_university", _("National university")
    PROVINCE = "province", _("Province")
    COMMUNE = "commune", _("Commune")
    UNIT = "unit", _("Unit")


class OrgGroup(models.TextChoices):
    CENTRAL = "central", _("Central (ministries and agencies)")
    LOCAL = "local", _("Local (provinces and communes)")


LOCAL_KINDS = frozenset({OrgKind.PROVINCE, OrgKind.COMMUNE})
