"""The status rollups' stored deltas (decision 0001): per day, and per month beside them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RollupScope(models.TextChoices):
    ALL = "all", _("All tasks")
    ROOT = "root", _("Top-level organisation")


class DeltaFields(models.Model):
    """What a stored status change says: in `scope`, `delta` more (or fewer) tasks entered
    `status` on `on_date`."""

    scope = models.CharField(max_length=4, choices=RollupScope.choices)
    org_id = models.BigIntegerField(default=0)
    program_id = models.BigIntegerField()
    status = models.CharField(max_length=20)
    on_date = models.DateField()
    delta = models.IntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.scope}:{self.org_id} {self.status} {self.on_date} {self.delta:+d}"


class StatusDelta(DeltaFields):
    """Pre-aggregated status changes, kept current by the services in the same transaction.

    Summing `delta` over the days on or before D counts tasks by status as of D: for all
    tasks per programme (`all`, `org_id` 0), or per top-level organisation over all
    programmes (`root`, `program_id` 0).
    """

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "org_id", "program_id", "status", "on_date"],
                name="status_delta_key",
            ),
        ]
        indexes = [
            # Sums up to a date, read from the index alone: the dashboard's counts, breakdown
            # and trend.
            models.Index(
                fields=["scope", "on_date", "status", "org_id", "program_id", "delta"],
                name="status_delta_by_date",
            ),
        ]


class MonthlyStatusDelta(DeltaFields):
    """The same changes summed per calendar month (`on_date` is the month's first day), kept
    in the same transaction as the daily ones. A count as of D adds the months before D's
    month to D's month's days: some sixty rows a key instead of a thousand days and more."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "org_id", "program_id", "status", "on_date"],
                name="monthly_status_delta_key",
            ),
        ]
        indexes = [
            models.Index(
                fields=["scope", "on_date", "status", "org_id", "program_id", "delta"],
                name="monthly_delta_by_date",
            ),
        ]
