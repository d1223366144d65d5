"""The tree of organisations: steering committees, ministries, provinces, communes and units."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from nq57.core.models import TimeStampedModel

from .choices import OrgGroup, OrgKind

PATH_SEPARATOR = "/"


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def subtree_of(self, org: Organization) -> OrganizationQuerySet:
        """The organisation and every organisation below it."""
        return self.filter(path__startswith=org.path)

    def in_group(self, group: str) -> OrganizationQuerySet:
        return self.filter(group=group)


class Organization(TimeStampedModel):
    """A body that assigns, leads or coordinates tasks; `path` lists the codes from the root."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=OrgKind.choices)
    group = models.CharField(_("group"), max_length=8, choices=OrgGroup.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent"),
    )
    # "/BKHCN/", "/01/00070/": the ancestors' codes, so a subtree is one prefix match.
    path = models.CharField(max_length=512, unique=True)
    depth = models.PositiveSmallIntegerField(default=0)
    # A closed organisation keeps its tasks and history but receives no new tasks.
    is_active = models.BooleanField(_("active"), default=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(code__contains=PATH_SEPARATOR), name="org_code_has_no_slash"
            ),
            # An empty path would be a prefix of every path: its members would see everything.
            models.CheckConstraint(
                condition=Q(path__startswith=PATH_SEPARATOR)
                & Q(path__endswith=Concat(Value(PATH_SEPARATOR), "code", Value(PATH_SEPARATOR))),
                name="org_path_ends_with_code",
            ),
            models.CheckConstraint(
                condition=Q(is_active=True, closed_on__isnull=True)
                | Q(is_active=False, closed_on__isnull=False),
                name="org_closed_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "vi").startswith("en") and self.name_en:
            return self.name_en
        return self.name_vi

    def clean(self) -> None:
        if PATH_SEPARATOR in self.code:
            raise ValidationError({"code": _("A code cannot contain '/'.")})

    def ancestors(self) -> models.QuerySet[Organization]:
        """The organisations above this one, the root first."""
        parts = self.path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)[:-1]
        prefixes = [
            PATH_SEPARATOR + PATH_SEPARATOR.join(parts[: i + 1]) + PATH_SEPARATOR
            for i in range(len(parts))
        ]
        return Organization.objects.filter(path__in=prefixes).order_by("depth")

    def is_within(self, other: Organization) -> bool:
        """True when this organisation is `other` or lies below it."""
        return self.path.startswith(other.path)


class OrganizationAlias(models.Model):
    """A normalised name (Vietnamese, English or a common short form) an organisation answers to."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="aliases")
    key = models.CharField(max_length=255, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="org_alias_unique"),
        ]

    def __str__(self) -> str:
        return self.key


PROVINCES = "provinces"


class Remit(TimeStampedModel):
    """What an organisation answers for, in the words the routing suggester reads: a
    description and lists of its fields, procedures, databases and the words people use for
    them, and the topics often sent to it that another body answers. A province's remit
    carries the names people write for it (the provinces merged into it in 2025 included);
    the remit all provinces share is the row with no organisation.

    Shipped as data (`data/remits.json`, loaded by `load_orgs`) and edited by the
    secretariat; a later load leaves an edited remit as the secretariat left it."""

    # The organisation's code, or PROVINCES for the remit every province shares.
    scope = models.CharField(max_length=32, unique=True)
    organization = models.OneToOneField(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="remit"
    )
    description = models.TextField(_("remit"), blank=True)
    fields = models.JSONField(_("fields"), default=list, blank=True)
    procedures = models.JSONField(_("procedures"), default=list, blank=True)
    databases = models.JSONField(_("databases"), default=list, blank=True)
    terms = models.JSONField(_("words people use"), default=list, blank=True)
    not_ours = models.JSONField(_("often sent here, answered elsewhere"), default=list, blank=True)
    place_names = models.JSONField(_("place names"), default=list, blank=True)
    source_version = models.PositiveIntegerField(default=0)  # the shipped file's version
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("remit")

    def __str__(self) -> str:
        return self.scope
