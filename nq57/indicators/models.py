"""Indicators (KPIs) over the organisation tree: what is entered, how it is computed, the
targets, the forms organisations submit, and the rollups that keep every figure current."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from nq57.accounts.access import Actor, scope_of
from nq57.core.models import TimeStampedModel
from nq57.core.periods import PeriodType

from .choices import (
    PERIOD_SHAPES,
    Direction,
    Formula,
    IndicatorGroup,
    ScopeKind,
    SubmissionStatus,
    TimeAggregation,
    ValueType,
)

PERIOD_TYPES = [(kind.value, PERIOD_SHAPES[kind][0]) for kind in PeriodType]
VALUE_DIGITS, VALUE_PLACES = 24, 4


class Named(models.Model):
    """A code and a name in each language."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "vi").startswith("en") else self.name_vi


class Edited(models.Model):
    """Who last changed the row through the pages or the API, and when: `load_indicators`
    leaves such a row as it is (the secretariat's word wins over the built-in catalogue)."""

    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True, editable=False)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("edited by"),
    )

    class Meta:
        abstract = True

    @property
    def is_edited(self) -> bool:
        return self.edited_at is not None


class DataSet(Named, TimeStampedModel):
    """A form: the data elements an organisation reports together for each period, the
    organisation that monitors them and approves the forms, and when a form is due."""

    period_type = models.CharField(_("period type"), max_length=10, choices=PERIOD_TYPES)
    monitor = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("monitor")
    )
    # A period's form is due this many days after the period ends.
    due_days = models.PositiveSmallIntegerField(_("days to submit after the period"), default=10)
    # The kinds of organisation expected to submit it (OrgKind values), for completeness.
    reporter_kinds = models.JSONField(_("kinds of organisation that report"), default=list)

    class Meta:
        verbose_name = _("data set")


class DataElement(Named, Edited, TimeStampedModel):
    """One number organisations enter, for the periods of its data set."""

    dataset = models.ForeignKey(
        DataSet, on_delete=models.PROTECT, related_name="elements", verbose_name=_("data set")
    )
    value_type = models.CharField(_("value type"), max_length=10, choices=ValueType.choices)
    time_aggregation = models.CharField(
        _("over time"),
        max_length=4,
        choices=TimeAggregation.choices,
        default=TimeAggregation.SUM,
    )
    allows_negative = models.BooleanField(_("may be negative"), default=False)

    class Meta:
        verbose_name = _("data element")


class Indicator(Named, Edited, TimeStampedModel):
    """A figure computed from data elements by a formula, for a period type, with a direction
    and the organisation that monitors it."""

    group = models.CharField(
        _("group"),
        max_length=12,
        choices=IndicatorGroup.choices,
        default=IndicatorGroup.OPERATIONAL,
    )
    formula = models.CharField(_("formula"), max_length=10, choices=Formula.choices)
    factor = models.DecimalField(_("factor"), max_digits=12, decimal_places=4, default=Decimal(1))
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    direction = models.CharField(
        _("direction"), max_length=6, choices=Direction.choices, default=Direction.HIGHER
    )
    period_type = models.CharField(_("period type"), max_length=10, choices=PERIOD_TYPES)
    monitor = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("monitor")
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("indicator")


class IndicatorTerm(models.Model):
    """A data element in an indicator's formula, in order (a ratio: numerator, denominator)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="terms")
    element = models.ForeignKey(DataElement, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["indicator", "position"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "position"], name="indicator_term_at"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}[{self.position}] = {self.element_id}"


class Target(Edited):
    """What an indicator should reach by the end of a period, for one organisation's subtree
    or (no organisation) the nation, from a baseline."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    org = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    period = models.CharField(_("period"), max_length=7)
    value = models.DecimalField(_("target"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    baseline = models.DecimalField(
        _("baseline"),
        max_digits=VALUE_DIGITS,
        decimal_places=VALUE_PLACES,
        null=True,
        blank=True,
    )
    baseline_period = models.CharField(_("baseline period"), max_length=7, blank=True)

    class Meta:
        constraints = [
            # One target per indicator, period and organisation, and one national target (no
            # organisation): two constraints, as SQLite treats NULLs as distinct.
            models.UniqueConstraint(
                fields=["indicator", "org", "period"],
                condition=Q(org__isnull=False),
                name="target_once",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=Q(org__isnull=True),
                name="national_target_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period} → {self.value}"


class DataValue(TimeStampedModel):
    """A value of a data element entered for an organisation and a period; it counts for that
    organisation alone, and through the rollups for everything above it."""

    element = models.ForeignKey(DataElement, on_delete=models.PROTECT, related_name="values")
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=7)
    # The period's first and last days, for range reads ("the values of 2025").
    starts_on = models.DateField()
    ends_on = models.DateField()
    value = models.DecimalField(max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    comment = models.TextField(blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["element", "org", "period"], name="value_once"),
        ]
        indexes = [models.Index(fields=["org", "element", "starts_on"], name="value_by_org")]

    def __str__(self) -> str:
        return f"{self.element_id}@{self.org_id} {self.period} = {self.value}"


class ValueRollup(models.Model):
    """A data element's figure for a scope and a period: the sum of the own figures of the
    organisations in the scope, with how many contributed. Changed in the transaction of every
    write of a value; see `aggregation` for what the numbers mean."""

    element = models.ForeignKey(DataElement, on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=8, choices=ScopeKind.choices)
    # The organisation's id (scope org), the group (scope group) or "" (national).
    scope_key = models.CharField(max_length=24, blank=True)
    period = models.CharField(max_length=7)
    total = models.DecimalField(max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    contributors = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["element", "scope", "scope_key", "period"], name="rollup_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.element_id} {self.scope}:{self.scope_key} {self.period} = {self.total}"


class SubmissionQuerySet(models.QuerySet["Submission"]):
    def visible_to(self, actor: Actor) -> SubmissionQuerySet:
        """Forms of the organisations in the actor's scope, and those of the data sets their
        organisations monitor."""
        scope = scope_of(actor)
        if scope.everything:
            return self.all()
        org_ids = scope.subtree_org_ids()
        return self.filter(Q(org_id__in=org_ids) | Q(dataset__monitor_id__in=org_ids))


class Submission(TimeStampedModel):
    """An organisation's form for a data set and a period: submitted, then approved (its
    values lock) or returned with a reason by the monitoring organisation."""

    dataset = models.ForeignKey(DataSet, on_delete=models.PROTECT, related_name="submissions")
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=7)
    status = models.CharField(
        max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    due_on = models.DateField()
    submitted_on = models.DateField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dataset", "org", "period"], name="submission_once"),
            models.CheckConstraint(
                condition=~Q(status=SubmissionStatus.RETURNED) | ~Q(reason=""),
                name="returned_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dataset_id}@{self.org_id} {self.period}: {self.status}"

    @property
    def is_late(self) -> bool:
        """Submitted (last, when it was returned and submitted again) after its due date."""
        return self.submitted_on is not None and self.submitted_on > self.due_on

    @property
    def is_locked(self) -> bool:
        return self.status == SubmissionStatus.APPROVED

    @property
    def is_read_only(self) -> bool:
        """Sent for approval or approved: its values do not change until it is returned (a
        monitor approves the values it saw, not others entered since)."""
        return self.status in (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED)


class RankingWeights(models.Model):
    """The weights of the composite ranking's components, set by the secretariat: one row."""

    on_time = models.PositiveSmallIntegerField(_("on-time task completion"), default=40)
    kpi = models.PositiveSmallIntegerField(_("indicator targets reached"), default=30)
    reporting = models.PositiveSmallIntegerField(_("forms submitted on time"), default=15)
    freshness = models.PositiveSmallIntegerField(
        _("tasks with a recent progress report"), default=15
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.on_time}/{self.kpi}/{self.reporting}/{self.freshness}"

    def as_dict(self) -> dict[str, int]:
        return {
            "on_time": self.on_time,
            "kpi": self.kpi,
            "reporting": self.reporting,
            "freshness": self.freshness,
        }
