"""The registry of national and specialised databases: what each is, who owns it, the lists
it belongs to, and its dated history of status and risk (its investment dossiers are in
`dossiers`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nq57.core.models import TimeStampedModel
from nq57.orgs.models import Organization

from ..choices import DatabaseKind, DatabaseStatus, RiskLevel


class DatabaseList(TimeStampedModel):
    """A list databases are set on (a resolution's 105 for 2025, Plan 02's 12)."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("database list")
        verbose_name_plural = _("database lists")

    def __str__(self) -> str:
        return self.code


class Database(TimeStampedModel):
    """A national or specialised database, owned by one organisation."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=500)
    kind = models.CharField(_("kind"), max_length=16, choices=DatabaseKind.choices)
    owner = models.ForeignKey(
        Organization,
        verbose_name=_("owner organisation"),
        on_delete=models.PROTECT,
        related_name="databases",
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    target_on = models.DateField(_("target date"), null=True, blank=True)
    # The day it was connected to the national data sharing platform (NDXP); none yet: None.
    connected_on = models.DateField(
        _("connected to the sharing platform on"), null=True, blank=True
    )
    lists = models.ManyToManyField(
        DatabaseList, verbose_name=_("lists"), related_name="databases", blank=True
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("database")
        verbose_name_plural = _("databases")

    def __str__(self) -> str:
        return self.code


class StatusEntry(models.Model):
    """A database's status and risk from `since` on, until a later entry (never rewritten)."""

    database = models.ForeignKey(Database, on_delete=models.CASCADE, related_name="status_entries")
    since = models.DateField(_("since"))
    status = models.CharField(_("status"), max_length=16, choices=DatabaseStatus.choices)
    risk = models.CharField(
        _("risk"), max_length=8, choices=RiskLevel.choices, default=RiskLevel.NORMAL
    )
    risk_reason = models.TextField(_("reason for the risk"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["database", "since"]
        verbose_name = _("status entry")
        verbose_name_plural = _("status entries")
        constraints = [
            models.UniqueConstraint(fields=["database", "since"], name="status_once_a_day"),
        ]
        # The as-of look-up: the latest entry of a database on or before a day.
        # The status carried along so that the rankings' pass over every entry in force reads
        # the index alone (PostgreSQL).
        indexes = [
            models.Index(
                fields=["database", "-since"], include=["status"], name="status_latest_first"
            )
        ]

    def __str__(self) -> str:
        return f"{self.database_id} {self.since}: {self.status}/{self.risk}"
