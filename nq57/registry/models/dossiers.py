"""A database's investment dossiers, registered with the appraising body (the Ministry of
Science and Technology by default, `NQ57_DOSSIER_APPRAISER`), and the dated steps of their
appraisal: registered, returned with the missing documents, resubmitted, approved. Where a
dossier stands on a day is its latest step dated on or before it (`dossiers.rules`), as for
a database's status; steps are never rewritten."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nq57.core.models import TimeStampedModel
from nq57.orgs.models import Organization

from ..choices import DossierState
from .databases import Database


class InvestmentDossier(TimeStampedModel):
    """A database's investment dossier: its amount, the day it was registered and with whom.
    What the appraiser made of it is in its steps (`DossierDecision`). Other records (the
    budget) point at it; it is never deleted while they do."""

    database = models.ForeignKey(
        Database, verbose_name=_("database"), on_delete=models.PROTECT, related_name="dossiers"
    )
    # The owner's own number for it (its letter of submission), when it gives one.
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    amount_million_vnd = models.PositiveBigIntegerField(_("amount (million VND)"))
    registered_on = models.DateField(_("registered on"))
    # The appraising body configured on the day of registration: who decides on it,
    # whatever the setting says later.
    appraiser = models.ForeignKey(
        Organization,
        verbose_name=_("appraising body"),
        on_delete=models.PROTECT,
        related_name="dossiers_appraised",
    )

    class Meta:
        ordering = ["database", "registered_on", "pk"]
        verbose_name = _("investment dossier")
        verbose_name_plural = _("investment dossiers")

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        return f"HS-{self.pk}"


class DossierDecision(models.Model):
    """One step of a dossier's appraisal, in force from `dated` until the next one. `step`
    numbers them 1 (the registration), 2, … in the order they were taken, which is also the
    order of their dates: two steps of one day are told apart by it."""

    dossier = models.ForeignKey(
        InvestmentDossier, on_delete=models.PROTECT, related_name="decisions"
    )
    step = models.PositiveSmallIntegerField(_("step"))
    state = models.CharField(_("state"), max_length=16, choices=DossierState.choices)
    dated = models.DateField(_("dated"))
    # What the appraiser found missing: required when the dossier is returned.
    missing_documents = models.TextField(_("missing documents"), blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dossier", "step"]
        verbose_name = _("dossier decision")
        verbose_name_plural = _("dossier decisions")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "step"], name="dossier_step_once"),
            models.CheckConstraint(condition=Q(step__gte=1), name="dossier_step_from_one"),
            # A return always says what is missing.
            models.CheckConstraint(
                condition=~Q(state=DossierState.RETURNED) | ~Q(missing_documents=""),
                name="dossier_return_names_missing",
            ),
        ]
        # The as-of look-up: a dossier's latest step on or before a day.
        indexes = [
            models.Index(fields=["dossier", "-dated", "-step"], name="dossier_step_latest_first")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} #{self.step} {self.dated}: {self.state}"
