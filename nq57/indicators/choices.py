"""The kinds of values, formulas and judgements of the indicator system."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from nq57.core.periods import PeriodType


class ValueType(models.TextChoices):
    COUNT = "count", _("Count")
    AMOUNT = "amount", _("Amount")
    PERCENT = "percent", _("Percentage")
    BOOLEAN = "boolean", _("Yes/no")


class TimeAggregation(models.TextChoices):
    """How an organisation's values of shorter periods make a longer period's: a flow adds up
    (records received in the quarter), a stock is its latest value (5G stations at the end)."""

    SUM = "sum", _("Sum over the period")
    LAST = "last", _("Latest value in the period")


class Formula(models.TextChoices):
    RATIO = "ratio", _("Ratio: numerator ÷ denominator × factor")
    SUM = "sum", _("Sum of data elements")
    COUNT = "count", _("Count of organisations answering yes")
    LATEST = "latest", _("Latest value")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class IndicatorGroup(models.TextChoices):
    """Strategic: the headline national figures the committees quote and rank by;
    operational: those that follow the work behind them."""

    STRATEGIC = "strategic", _("Strategic")
    OPERATIONAL = "operational", _("Operational")


class ProgressStatus(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    ON_TRACK = "on_track", _("On track")
    OFF_TRACK = "off_track", _("Off track")


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Being entered")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class ScopeKind(models.TextChoices):
    """Whose figure a rollup row holds: an organisation's subtree, a group, the nation."""

    ORG = "org", _("Organisation and everything below it")
    GROUP = "group", _("Group")
    NATIONAL = "national", _("National")


# Each kind of period as messages name it, and as it is written: a value or a form for the
# wrong kind of period is refused with what the data set asks for.
PERIOD_SHAPES = {
    PeriodType.MONTH: (_("month"), "YYYYMM"),
    PeriodType.QUARTER: (_("quarter"), "YYYYQn"),
    PeriodType.HALF_YEAR: (_("half-year"), "YYYYSn"),
    PeriodType.YEAR: (_("year"), "YYYY"),
}
