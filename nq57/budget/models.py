"""The budget ledger: programmes, and dated entries of money proposed, approved and disbursed
per year, organisation and programme, in whole million VND."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nq57.core.models import TimeStampedModel
from nq57.orgs.models import Organization
from nq57.registry.models import InvestmentDossier
from nq57.tasks.models import Task

from .choices import SpendingBasis, Stage


class Programme(TimeStampedModel):
    """A budget programme (`NQ57`, `DA06`…), created the first time an entry names it."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("budget programme")
        verbose_name_plural = _("budget programmes")

    def __str__(self) -> str:
        return self.code


class Entry(models.Model):
    """One dated line of the ledger. Entries are never edited: a proposal or an approval is
    revised by a later entry for the same year, organisation, programme and stage (the
    latest on or before a day is the amount in force then); a disbursement adds to those
    before it."""

    year = models.PositiveSmallIntegerField(_("year"))
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="budget_entries",
        verbose_name=_("organisation"),
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="entries", verbose_name=_("programme")
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    amount = models.PositiveBigIntegerField(_("amount (million VND)"))
    dated = models.DateField(_("dated"))
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    tasks = models.ManyToManyField(
        Task, blank=True, related_name="budget_entries", verbose_name=_("tasks")
    )
    dossiers = models.ManyToManyField(
        InvestmentDossier,
        blank=True,
        related_name="budget_entries",
        verbose_name=_("investment dossiers"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["year", "organization", "programme", "stage", "dated", "pk"]
        verbose_name = _("budget entry")
        verbose_name_plural = _("budget entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="budget_year_plausible"
            ),
        ]
        indexes = [
            # The figures of a year as of a day: its entries by stage, latest first.
            models.Index(
                fields=["year", "stage", "organization", "programme", "-dated"],
                name="budget_in_force",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.stage} {self.amount} ({self.dated})"


class StateSpending(models.Model):
    """A year's total of state spending on one basis, dated: the latest entry on or before a
    day is the total in force then (an estimate, then the settled account)."""

    year = models.PositiveSmallIntegerField(_("year"))
    basis = models.CharField(_("basis"), max_length=16, choices=SpendingBasis.choices)
    amount = models.PositiveBigIntegerField(_("amount (million VND)"))
    dated = models.DateField(_("dated"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["year", "basis", "dated", "pk"]
        verbose_name = _("state spending total")
        verbose_name_plural = _("state spending totals")
        constraints = [
            models.UniqueConstraint(fields=["year", "basis", "dated"], name="spending_once_a_day"),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="spending_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.basis} {self.amount} ({self.dated})"


class MoneyAlert(models.Model):
    """Money ahead of work as the daily watch found it (`budget.watch`): a year's money of
    one organisation and programme disbursed past the threshold while its linked tasks
    lag. Raised the day it was first found, cleared the first day it no longer held; what the
    queue lists. The pages compute the alert as of any day (`budget.alerts`) instead."""

    year = models.PositiveSmallIntegerField(_("year"))
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="money_alerts",
        verbose_name=_("organisation"),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="money_alerts",
        verbose_name=_("programme"),
    )
    approved = models.PositiveBigIntegerField(_("approved (million VND)"))
    disbursed = models.PositiveBigIntegerField(_("disbursed (million VND)"))
    progress = models.DecimalField(_("linked tasks' mean progress"), max_digits=5, decimal_places=2)
    tasks = models.PositiveIntegerField(_("linked tasks"))
    raised_on = models.DateField(_("raised on"))
    checked_on = models.DateField(_("last checked on"))
    cleared_on = models.DateField(_("cleared on"), null=True, blank=True)

    class Meta:
        ordering = ["-raised_on", "pk"]
        verbose_name = _("money alert")
        verbose_name_plural = _("money alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "organization", "programme"],
                condition=Q(cleared_on__isnull=True),
                name="budget_one_open_alert",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.organization_id} {self.programme_id} ({self.raised_on})"
