"""Leaders' written commitments: who promised (a leader of an organisation), what and by when,
what the promise is measured by (tasks, indicators, databases, budget), the signed PDF, and the
judgement recorded at its date."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nq57.core.actors import Actor
from nq57.core.models import TimeStampedModel
from nq57.orgs.models import Organization
from nq57.registry.choices import DatabaseStatus
from nq57.registry.models import Database
from nq57.tasks.models import Task

from .choices import Outcome

VALUE_DIGITS, VALUE_PLACES = 20, 4  # as the indicators' own values


class Leader(TimeStampedModel):
    """A named leader of an organisation in a position, from a day (until a day once they
    leave it): a leader's record is the commitments made under this row."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="leaders",
        verbose_name=_("organisation"),
    )
    full_name = models.CharField(_("full name"), max_length=255)
    position = models.CharField(_("position"), max_length=255)
    serves_from = models.DateField(_("in office from"))
    serves_until = models.DateField(_("in office until"), null=True, blank=True)

    class Meta:
        ordering = ["organization", "full_name", "serves_from"]
        verbose_name = _("leader")
        verbose_name_plural = _("leaders")
        constraints = [
            models.CheckConstraint(
                condition=Q(serves_until__isnull=True)
                | Q(serves_until__gte=models.F("serves_from")),
                name="leader_serves_forward",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.position})"


class CommitmentQuerySet(models.QuerySet["Commitment"]):
    def visible_to(self, actor: Actor) -> CommitmentQuerySet:
        """Commitments an official sees on the officials' pages: those of their organisations
        and below (all for the secretariat and inspectors). The public page shows every
        organisation's without this."""
        from nq57.accounts.access import scope_of

        scope = scope_of(actor)
        if scope.everything:
            return self
        return self.filter(organization__in=scope.subtree_org_ids())


def signed_path(instance: Commitment, filename: str) -> str:
    return f"commitments/{instance.pk}/signed.pdf"


class Commitment(TimeStampedModel):
    """A leader's written commitment: what, committed on a day, due on a day."""

    leader = models.ForeignKey(
        Leader, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("leader")
    )
    # The leader's organisation, kept here for scoping and counting without a join.
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("organisation"),
    )
    # The position as written in the commitment (a leader may later hold another).
    position = models.CharField(_("position"), max_length=255)
    what = models.TextField(_("commitment"))
    committed_on = models.DateField(_("committed on"))
    due_on = models.DateField(_("due on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # The signed PDF as uploaded, once its signature and record were checked.
    signed_file = models.FileField(upload_to=signed_path, blank=True)
    signer_name = models.CharField(_("signed by"), max_length=255, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["-due_on", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("committed_on")), name="commitment_due_after"
            ),
        ]
        indexes = [
            # The daily judge: what fell due by a day.
            models.Index(fields=["due_on"], name="commitment_due"),
            models.Index(fields=["organization", "-due_on"], name="commitment_of_org"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.leader.full_name}: {self.what[:60]}"

    @property
    def is_signed(self) -> bool:
        return bool(self.signed_file)

    @property
    def judgement_or_none(self) -> Judgement | None:
        """The judgement once recorded (templates read it without an exception)."""
        try:
            return self.judgement
        except Judgement.DoesNotExist:
            return None


class TaskLink(models.Model):
    """A task the commitment promises completed by its date."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="task_links")
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("linked task")
        constraints = [
            models.UniqueConstraint(fields=["commitment", "task"], name="commitment_task_once")
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id} → task {self.task_id}"


class IndicatorLink(models.Model):
    """An indicator the commitment promises at a value for a period, for the organisation."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="indicator_links"
    )
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("period"), max_length=7)
    target = models.DecimalField(
        _("value promised"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES
    )

    class Meta:
        verbose_name = _("linked indicator")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "indicator", "period"], name="commitment_indicator_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id} → indicator {self.indicator_id} {self.period}"


class DatabaseLink(models.Model):
    """A database the commitment promises in a state (formed, or at least deploying)."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="database_links"
    )
    database = models.ForeignKey(Database, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("state promised"),
        max_length=16,
        choices=DatabaseStatus.choices,
        default=DatabaseStatus.FORMED,
    )

    class Meta:
        verbose_name = _("linked database")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "database"], name="commitment_database_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id} → database {self.database_id} {self.status}"


class BudgetLink(models.Model):
    """A share of the organisation's approved money of a year and programme the commitment
    promises disbursed by its date."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="budget_links"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    programme = models.ForeignKey("budget.Programme", on_delete=models.PROTECT, related_name="+")
    share = models.DecimalField(_("share disbursed promised (%)"), max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = _("linked budget")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "year", "programme"], name="commitment_budget_once"
            ),
            models.CheckConstraint(
                condition=Q(share__gt=0) & Q(share__lte=100), name="commitment_share_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id} → budget {self.year} {self.programme_id} {self.share}%"


class Judgement(models.Model):
    """What a commitment came to at its date, recorded once by the daily judge, with each
    link's finding (`details`: [{"kind", "label", "promised", "found", "is_met"}…])."""

    commitment = models.OneToOneField(
        Commitment, on_delete=models.CASCADE, related_name="judgement"
    )
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    share = models.DecimalField(_("share kept (%)"), max_digits=4, decimal_places=1)
    judged_on = models.DateField(_("judged as of"))
    judged_at = models.DateTimeField(_("judged at"), auto_now_add=True)
    details = models.JSONField(default=list)

    class Meta:
        verbose_name = _("judgement")
        verbose_name_plural = _("judgements")

    def __str__(self) -> str:
        return f"{self.commitment_id}: {self.outcome} {self.share}%"
