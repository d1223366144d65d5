"""Data quality: the assessment methods (held as data, never edited once loaded) and the
check results recorded per database, period and criterion (never rewritten: an assessor's
adjustment is a new row that supersedes the one it corrects)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..quality.choices import Criterion, EvidenceSource
from .databases import Database


class QualityMethod(models.Model):
    """A version of the assessment method: each criterion's weight and what its check
    measures, and the grade bands. A new version is a new code."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    valid_from = models.DateField(_("valid from"))
    definition = models.JSONField(_("definition"))
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["valid_from", "code"]
        verbose_name = _("quality method")
        verbose_name_plural = _("quality methods")

    def __str__(self) -> str:
        return self.code


class CheckResult(models.Model):
    """What a check of one criterion of a database found for a period: how many records it
    checked and how many passed, where it came from, who recorded and who verified it."""

    database = models.ForeignKey(Database, on_delete=models.PROTECT, related_name="check_results")
    period = models.CharField(_("period"), max_length=8)  # a quarter, YYYYQn
    # The period's last day: which periods have ended as of a date, without parsing codes.
    period_end = models.DateField(_("end of the period"))
    criterion = models.CharField(_("criterion"), max_length=16, choices=Criterion.choices)
    records_checked = models.PositiveBigIntegerField(_("records checked"))
    records_passing = models.PositiveBigIntegerField(_("records passing"))
    source = models.CharField(_("source"), max_length=16, choices=EvidenceSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    # An assessor's adjustment names the result it corrects; each is corrected at most once
    # (a second adjustment corrects the first).
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["database", "period_end", "criterion", "recorded_at", "pk"]
        verbose_name = _("check result")
        verbose_name_plural = _("check results")
        constraints = [
            models.CheckConstraint(
                condition=Q(records_passing__lte=F("records_checked")),
                name="quality_passing_within_checked",
            ),
            models.CheckConstraint(
                condition=Q(supersedes__isnull=True) | ~Q(reason=""),
                name="quality_adjustment_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(source=EvidenceSource.ASSESSOR) | Q(verified_at__isnull=False),
                name="quality_assessor_rows_verified",
            ),
        ]
        indexes = [
            # The as-of reads: a database's results by period, criterion, latest first.
            models.Index(
                fields=["database", "-period_end", "criterion", "-recorded_at"],
                name="quality_latest_first",
            ),
            # The rankings' scan of a quarter: its rows in the order the latest-per-criterion
            # window reads them, with what the score needs, so PostgreSQL reads the index
            # alone and sorts nothing (bench/registry.py).
            models.Index(
                fields=["period_end", "database", "criterion", "-recorded_at", "-id"],
                include=["verified_at", "records_checked", "records_passing"],
                name="quality_by_period",
            ),
            # The assessor's queue: what waits for verification.
            models.Index(
                fields=["recorded_at"],
                name="quality_unverified",
                condition=Q(verified_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.database_id} {self.period} {self.criterion}"

    @property
    def records_failing(self) -> int:
        return self.records_checked - self.records_passing
